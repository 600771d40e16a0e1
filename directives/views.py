from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.history import Source, history_page

from . import services, sheets
from .forms import OfficialTextForm, OfficialTextSheetForm
from .models import Directive, DirectiveItem
from .selectors import directive_detail, directive_list

SHEET_SALT = "directives.official-text-sheet"
SHEET_MAX_AGE = 3600  # seconds between the preview and the confirmation


def office_only(view):
    """Texts are replaced by the provincial office only (`sees_everything`); anyone else: 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.sees_everything:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.offered_to = lambda user: user.sees_everything
    return wrapper


@login_required
def directive_index(request):
    query = request.GET.get("q", "")
    return render(
        request,
        "directives/list.html",
        {
            "directives": directive_list(query=query),
            "q": query,
            "can_edit_texts": request.user.sees_everything,
        },
    )


@login_required
def directive_page(request, code):
    try:
        directive = directive_detail(code)
    except Directive.DoesNotExist as exc:
        raise Http404 from exc
    groups = {}
    for item in directive.items.all():
        groups.setdefault(item.group, []).append(item)
    return render(
        request,
        "directives/detail.html",
        {
            "directive": directive,
            "grouped_items": groups.items(),
            "can_edit_texts": request.user.sees_everything,
        },
    )


def _item(code, pk) -> DirectiveItem:
    return get_object_or_404(
        DirectiveItem.objects.select_related("directive", "group"), pk=pk, directive__code=code
    )


@office_only
def item_text(request, code, pk):
    """Replace an item's paraphrase with the official text: type it, see it beside the current text,
    confirm. Confirming marks the item verified (confirmed by the office) and keeps the old text in
    its history."""
    item = _item(code, pk)
    form = OfficialTextForm(request.POST or None, initial={"text": item.text})
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            text = services.clean_official_text(form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            if "confirm" in request.POST:
                services.replace_text(
                    item=item,
                    text=text,
                    acting_user=request.user,
                    reason=_("Official text entered on the page"),
                )
                messages.success(
                    request, _("The official text of %(code)s is saved and confirmed.") % {"code": item.code}
                )
                return redirect(reverse("directives:detail", args=[code]) + f"#item-{item.code}")
            preview = text
    return render(request, "directives/item_text.html", {"item": item, "form": form, "preview": preview})


@login_required
def item_history(request, code, pk):
    item = _item(code, pk)
    return history_page(
        request,
        Source(item.history.all(), exclude=("directive", "group", "code", "order")),
        title=f"{item.directive.symbol} {item.code}",
        back_url=reverse("directives:detail", args=[code]) + f"#item-{item.code}",
    )


@office_only
def text_sheet(request):
    """Upload a sheet of official texts -> preview (or every error, nothing written) -> confirm."""
    if request.method == "POST" and "payload" in request.POST:
        return _sheet_confirm(request)
    form = OfficialTextSheetForm(request.POST or None, request.FILES or None)
    checked = payload = None
    if request.method == "POST" and form.is_valid():
        checked = sheets.check_upload(form.cleaned_data["sheet"])
        if checked.ok:
            payload = signing.dumps(
                [(r.number, r.item.pk, r.text) for r in checked.rows], salt=SHEET_SALT, compress=True
            )
    return render(
        request, "directives/text_sheet.html", {"form": form, "checked": checked, "payload": payload}
    )


def _sheet_confirm(request):
    try:
        rows = signing.loads(request.POST["payload"], salt=SHEET_SALT, max_age=SHEET_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The preview has expired or was altered: upload the sheet again."))
        return redirect("directives:text_sheet")
    items = DirectiveItem.objects.in_bulk([pk for _n, pk, _t in rows])
    if len(items) != len({pk for _n, pk, _t in rows}):
        messages.error(request, _("Some items of the sheet no longer exist: upload the sheet again."))
        return redirect("directives:text_sheet")
    count = services.replace_texts(
        rows=[(items[pk], text) for _n, pk, text in rows],
        acting_user=request.user,
        reason=_("Official text imported from a sheet"),
    )
    messages.success(
        request,
        ngettext(
            "%(count)d official text saved and confirmed.",
            "%(count)d official texts saved and confirmed.",
            count,
        )
        % {"count": count},
    )
    return redirect("directives:list")


@office_only
def text_sheet_template(request):
    response = HttpResponse(
        sheets.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="nguyen-van-muc-van-ban.xlsx"'
    return response
