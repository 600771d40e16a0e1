from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from common.text import natural_sorted

from .models import Unit
from .reorg import lineage_of
from .resources import DMYDateWidget
from .scope import can_see_unit, unit_for
from .selectors import ancestors, ancestors_on, children_on, level_counts, level_counts_on, unit_path_on


def _day(request):
    """The `?ngay=dd/mm/yyyy` being read, or None (today) when absent or not a date."""
    try:
        return DMYDateWidget().clean(request.GET.get("ngay"))
    except ValueError:
        return None


def _ngay(day) -> str:
    """The query string that keeps a date read in the past on the next page ("" for today)."""
    return f"?ngay={day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def _valid_on_q(day, prefix: str = "") -> Q:
    """Rows (or, with `prefix`, related rows) valid on `day`, as `TreeQuerySet.valid_on` reads it."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _is_valid_on(node, day) -> bool:
    return (node.valid_from is None or node.valid_from <= day) and (
        node.valid_to is None or node.valid_to >= day
    )


@login_required
def unit_root(request):
    """The user's home unit (the office: the root valid on the day read), keeping `?ngay=`. A home
    unit closed by a reorganisation opens on its last day: its history is what there is to read."""
    user = request.user
    day = _day(request)
    if user.home_unit_id:
        home = user.home_unit
        if day is None and home.valid_to and home.valid_to < timezone.localdate():
            day = home.valid_to
        return redirect(reverse("units:detail", args=[home.code]) + _ngay(day))
    query = _ngay(day)
    root = Unit.objects.valid_on(day).filter(parent__isnull=True).order_by("code").first()
    if root is None or not user.sees_everything:
        return render(request, "units/empty.html")
    return redirect(reverse("units:detail", args=[root.code]) + query)


def _lineage_for(user, unit) -> dict:
    """The unit's lineage; a predecessor or successor outside the user's scope is named, not linked
    (its page would be a 403)."""
    lineage = lineage_of(unit)
    for edge in lineage["predecessors"]:
        edge.predecessor.linked = can_see_unit(user, edge.predecessor)
    for edge in lineage["successors"]:
        edge.successor.linked = can_see_unit(user, edge.successor)
    return lineage


@login_required
def unit_page(request, code):
    """A unit: breadcrumb, per-level counts of everything under it, and its children; its lineage
    (reorganisations); `?ngay=dd/mm/yyyy` shows the tree valid on that date (and every link on the
    page keeps the date)."""
    unit = unit_for(request.user, code)
    day = _day(request)
    on = day or timezone.localdate()
    if day:
        # The past by the places of that day: units below a reorganised one were re-parented since.
        path = unit_path_on(unit, day)
        children, counts, breadcrumb = (
            children_on(unit, day),
            level_counts_on(unit, day, path=path),
            ancestors_on(path),
        )
    else:
        children = (
            Unit.objects.valid_on(on)
            .filter(parent=unit)
            .annotate(child_count=Count("children", filter=_valid_on_q(on, "children__")))
            .order_by("name")
        )
        counts, breadcrumb = level_counts(unit), ancestors(unit)
    # "Tổ số 2" before "Tổ số 10": the database sorts names as text.
    children = natural_sorted(children, key=lambda c: c.name)
    for node in breadcrumb:
        # Ancestors outside the user's scope are named but not linked (their page is a 403).
        node.linked = can_see_unit(request.user, node)
        node.valid_then = _is_valid_on(node, on)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "breadcrumb": breadcrumb,
            "children": children,
            "level_counts": [(Unit.LEVEL_NAMES.get(level, level), n) for level, n in counts.items()],
            "orgs": unit.party_orgs.valid_on(on).select_related("secretary").order_by("name"),
            "day": day,
            "valid_then": _is_valid_on(unit, on),
            # Appended to every link to another unit page, so reading the past stays in the past.
            "ngay": _ngay(day),
            "lineage": _lineage_for(request.user, unit),
        },
    )
