"""Pledges (signed in): the list, a new pledge, its page, versions and history, editing, the
workflow (submit, approve, return, publish), the approval queue, the secretaries' overview, the
printed sheet and the moderation of public comments."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import offered_to
from common.history import Source, history_page, part
from common.views import submit
from units.scope import unit_for

from .. import rules, selectors, services
from ..forms import OwnerForm, PledgeForm, PledgeItemFormSet, ReturnForm
from ..links import public_url
from ..models import PledgeItem, PledgeVersion, PublicComment
from ..qr import qr_svg
from .base import FILES_ONLY, can_file, header_and_items, page_of, year_param


@login_required
def pledge_index(request):
    year = request.GET.get("nam") or None
    pledges = page_of(request, selectors.pledges_for(request.user, year=year))
    return render(
        request,
        "pledges/index.html",
        {"pledges": pledges, "year": year, "queue_count": selectors.approval_queue(request.user).count()},
    )


@login_required
@offered_to(can_file, FILES_ONLY)
def pledge_create(request):
    form = OwnerForm(request.POST or None, user=request.user)
    return submit(
        request,
        form,
        lambda data: services.pledge_create(
            year=data["year"], acting_user=request.user, **form.owner_kwargs()
        ),
        success=None,
        then=lambda pledge: reverse("pledges:edit", args=[pledge.pk]),
        invalid=lambda form: render(request, "pledges/create.html", {"form": form, "title": _("New pledge")}),
    )


def _detail_context(request, pledge, **extra):
    return {
        "pledge": pledge,
        "version": selectors.version_with_items(pledge.current_version_id),
        "versions": pledge.versions.order_by("-number"),
        **extra,
    }


@login_required
def pledge_page(request, pk):
    pledge = selectors.pledge_for(request.user, pk)
    user = request.user
    context = _detail_context(
        request,
        pledge,
        can_edit=rules.can_edit(user, pledge),
        can_decide=rules.can_decide(user, pledge),
        return_form=ReturnForm(),
        public_url=public_url(request, pledge.short_code),
    )
    return render(request, "pledges/detail.html", context)


@login_required
def pledge_version_page(request, pk, number):
    pledge = selectors.pledge_for(request.user, pk)
    version = get_object_or_404(PledgeVersion, pledge=pledge, number=number)
    return render(
        request,
        "pledges/version.html",
        {"pledge": pledge, "version": selectors.version_with_items(version.pk)},
    )


@login_required
def pledge_history(request, pk):
    """Changes of the pledge, its versions (status, decisions) and their actions, newest first."""
    pledge = selectors.pledge_for(request.user, pk)
    numbers = dict(PledgeVersion.objects.filter(pledge=pledge).values_list("pk", "number"))

    def version_label(row):
        return _("Version %(number)s") % {"number": row.number}

    def item_label(row):
        return f"{version_label(PledgeVersion(number=numbers.get(row.version_id, '?')))} · {part(PledgeItem, row.action)}"

    return history_page(
        request,
        Source(pledge.history.all()),
        Source(PledgeVersion.history.filter(pledge_id=pledge.pk), label=version_label, exclude=("pledge",)),
        Source(
            PledgeItem.history.filter(version__pledge_id=pledge.pk), label=item_label, exclude=("version",)
        ),
        title=f"{_('Pledge')} {pledge.year} — {pledge.owner_name}",
        back_url=reverse("pledges:detail", args=[pledge.pk]),
    )


def _pledge_item_initial(version):
    return [
        {
            "study": i.study,
            "follow": i.follow,
            "action": i.action,
            "deliverable": i.deliverable,
            "deadline": i.deadline,
            "directive_items": list(i.directive_items.all()),
        }
        for i in version.items.all()
    ]


@login_required
def pledge_edit(request, pk):
    """Edit the working version; on a published pledge the first save makes a new version."""
    pledge = selectors.pledge_for(request.user, pk)
    if not rules.can_edit(request.user, pledge):
        raise PermissionDenied
    source = selectors.version_with_items(pledge.current_version_id)

    def save(data, items):
        services.pledge_update(
            pledge=pledge,
            theme=data["theme"],
            topic=data.get("topic"),
            shortcomings=data["shortcomings"],
            items=items,
            acting_user=request.user,
        )

    def page(form, formset):
        context = {"pledge": pledge, "form": form, "formset": formset, "new_version": not source.is_editable}
        return render(request, "pledges/edit.html", context)

    return header_and_items(
        request,
        partial(PledgeForm, year=pledge.year),
        PledgeItemFormSet,
        initial={"theme": source.theme, "shortcomings": source.shortcomings, "topic": source.topic_id},
        item_initial=lambda: _pledge_item_initial(source),
        save=save,
        success=_("The pledge was saved."),
        then=reverse("pledges:detail", args=[pledge.pk]),
        page=page,
    )


def _pledge_action(request, pk, action, success):
    """A workflow button on the pledge page: a refusal is shown as messages on that page."""
    pledge = selectors.pledge_for(request.user, pk)
    try:
        action(pledge)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("pledges:detail", pk=pledge.pk)


@login_required
@require_POST
def pledge_submit(request, pk):
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_submit(pledge=p, acting_user=request.user),
        _("The pledge was submitted to the superior committee."),
    )


@login_required
@require_POST
def pledge_approve(request, pk):
    publish = request.POST.get("publish") == "1"
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_approve(pledge=p, publish=publish, acting_user=request.user),
        _("The pledge was approved and published.") if publish else _("The pledge was approved."),
    )


@login_required
@require_POST
def pledge_publish(request, pk):
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_publish(pledge=p, acting_user=request.user),
        _("The pledge was published."),
    )


@login_required
@require_POST
def pledge_return(request, pk):
    pledge = selectors.pledge_for(request.user, pk)
    if not rules.can_decide(request.user, pledge):
        raise PermissionDenied
    return submit(
        request,
        ReturnForm(request.POST),
        lambda data: services.pledge_return(pledge=pledge, comment=data["comment"], acting_user=request.user),
        success=_("The pledge was returned with your comment."),
        then=reverse("pledges:detail", args=[pledge.pk]),
        invalid=lambda form: render(
            request,
            "pledges/detail.html",
            _detail_context(request, pledge, can_decide=True, return_form=form),
            status=400,
        ),
    )


@login_required
def approval_queue(request):
    pledges = page_of(request, selectors.approval_queue(request.user))
    return render(request, "pledges/queue.html", {"pledges": pledges})


@login_required
def secretaries_page(request):
    """Per level and year: which secretaries have published their pledge and which have not."""
    year = year_param(request)
    try:
        level = int(request.GET.get("cap", "3"))
    except ValueError:
        level = 3
    rows, per_level = selectors.secretaries_overview(request.user, year=year, level=level)
    names = {1: _("Provincial"), 2: _("District"), 3: _("Grassroots"), 4: _("Party cells")}
    for row in per_level:
        row["name"] = names.get(row["level"], row["level"])
    return render(
        request,
        "pledges/secretaries.html",
        {
            "rows": page_of(request, rows),
            "per_level": per_level,
            "year": year,
            "level": level,
            "names": names,
        },
    )


@login_required
def print_sheet(request, unit_code):
    """The A4 sheet for a commune or hamlet: its leaders' published pledges with QR codes."""
    unit = unit_for(request.user, unit_code)
    year = year_param(request)
    pledges = list(selectors.sheet_pledges(unit, year=year))
    for p in pledges:
        p.url = public_url(request, p.short_code)
        p.qr = qr_svg(p.url, scale=2)
    return render(request, "pledges/sheet.html", {"unit": unit, "year": year, "pledges": pledges})


@login_required
def comment_queue(request):
    comments = page_of(request, selectors.comment_queue(request.user))
    return render(request, "pledges/comments.html", {"comments": comments})


@login_required
@require_POST
def comment_moderate(request, pk):
    comment = get_object_or_404(PublicComment.objects.select_related("pledge__org__parent__unit"), pk=pk)
    services.comment_moderate(
        comment=comment, approve=request.POST.get("approve") == "1", acting_user=request.user
    )
    messages.success(
        request,
        _("The comment was approved.") if comment.status == "approved" else _("The comment was rejected."),
    )
    return redirect("pledges:comments")
