from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from .models import Unit
from .reorg import lineage_of
from .resources import DMYDateWidget
from .scope import can_see_unit
from .selectors import ancestors, level_counts


def get_unit_for(user, code) -> Unit:
    """The access helper for units: 404 for an unknown code, 403 outside the user's scope."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    if not can_see_unit(user, unit):
        raise PermissionDenied
    return unit


@login_required
def unit_root(request):
    user = request.user
    if user.home_unit_id:
        return redirect("units:detail", code=user.home_unit.code)
    root = Unit.objects.valid_on().filter(parent__isnull=True).order_by("code").first()
    if root is None or not user.sees_everything:
        return render(request, "units/empty.html")
    return redirect("units:detail", code=root.code)


@login_required
def unit_page(request, code):
    """A unit: breadcrumb, per-level counts of everything under it, and its children; its lineage
    (reorganisations); `?ngay=dd/mm/yyyy` shows the tree valid on that date."""
    unit = get_unit_for(request.user, code)
    day = None
    try:
        day = DMYDateWidget().clean(request.GET.get("ngay"))
    except ValueError:
        day = None
    children = (
        Unit.objects.valid_on(day)
        .filter(parent=unit)
        .annotate(child_count=Count("children"))
        .order_by("name")
    )
    counts = level_counts(unit, day=day)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            # Ancestors outside the user's scope are named but not linked (their page is a 403).
            "breadcrumb": [(a, can_see_unit(request.user, a)) for a in ancestors(unit)],
            "children": children,
            "level_counts": [(Unit.LEVEL_NAMES.get(level, level), n) for level, n in counts.items()],
            "orgs": unit.party_orgs.valid_on(day).select_related("secretary").order_by("name"),
            "day": day,
            "lineage": lineage_of(unit),
        },
    )
