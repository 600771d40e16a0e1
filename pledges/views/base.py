"""What the pledges pages share: the access helper per object kind (404 for an unknown object,
403 outside scope, fetched with its relations), paging, the year parameter, who may file, and
the header-with-item-rows form of pledges and commitments."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy

from common.views import submit

from ..forms import adding_row, quiet, with_added_row

PAGE_SIZE = 50


def year_param(request) -> int:
    """`?nam=`, or this year when it is not a year (not a number, or outside 1–9999)."""
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = 0
    return year if 1 <= year <= 9999 else timezone.localdate().year


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))


def can_file(user) -> bool:
    """Whether OwnerForm offers anything to file for: the user's own record (a cadre) or the collective
    one of their party organisation. Without either the new-record forms could never be saved."""
    return bool(user.cadre_id or user.home_org_id)


FILES_ONLY = gettext_lazy(
    "Pledges, work commitments and reviews are filed by cadres, for themselves or for the collective "
    "of their party organisation; your account has neither a cadre record nor an organisation."
)


# ---------------------------------------------------------------------------------------------
# A header form with its item rows (pledge, commitment)
# ---------------------------------------------------------------------------------------------


def item_rows(formset) -> list[dict]:
    return [{k: v for k, v in d.items() if k != "DELETE"} for d in formset.items()]


def header_and_items(request, form_class, formset_class, *, initial, item_initial, save, success, then, page):
    """A header form with its item rows. "Add a row" re-shows what was typed with one more empty
    row; a valid post calls `save(cleaned_data, items)` (common.views.submit: a ValidationError from
    the service is shown on the form); `page(form, formset)` renders the form."""
    if request.method != "POST":
        return page(form_class(initial=initial), formset_class(prefix="items", initial=item_initial()))
    form = form_class(request.POST)
    if adding_row(request.POST):
        quiet(form)
        return page(form, with_added_row(formset_class, request.POST, "items"))
    formset = formset_class(request.POST, prefix="items")
    return submit(
        request,
        form,
        lambda data: save(data, item_rows(formset)),
        also=(formset,),
        success=success,
        then=then,
        invalid=lambda form: page(form, formset),
    )
