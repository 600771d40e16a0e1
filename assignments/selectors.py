"""Shared reads of the assignments app: set-based, scope applied where a user is given.

The six-monthly rollup (cells app) calls `petition_counts`, `active_assignments` and `coverage`;
their signatures are a contract. Subtrees are `path LIKE 'prefix%'` (indexed), never a Python walk.
"""

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, StrIndex, Substr
from django.utils import timezone

from common.cache import generations
from units.models import Unit
from units.scope import can_see_unit, fetch, unit_q

from .models import Agency, AgencyMember, Assignment, FieldContact, Petition

Status = Petition.Status


def _active_q(day, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def _covered(day):
    """EXISTS an assignment active on `day` for the outer unit (uses assignment_unit_dates_idx)."""
    return Exists(Assignment.objects.filter(_active_q(day), unit_id=OuterRef("pk")))


# --- the rollup's interface ------------------------------------------------------------------


def petition_counts(*, start: datetime.date, end: datetime.date):
    """Petitions raised between `start` and `end` (inclusive), grouped by the unit where raised.

    One GROUP BY query; each row is a dict
    `{"unit_id", "raised", "answered_in_time", "answered_late", "overdue", "resolved"}`.
    The figures are a snapshot at the end of the period (or today, if earlier), so re-running a past
    period gives the same numbers:
    - answered_in_time: answered by then, on or before the due date (or with no due date);
    - answered_late: answered by then, after the due date;
    - overdue: not answered by then, and the due date already passed;
    - resolved: the people, asked by the cadre by then, consider it resolved.
    """
    as_of = min(end, timezone.localdate())
    answered = Q(answered_on__isnull=False, answered_on__lte=as_of)
    return (
        Petition.objects.filter(raised_on__gte=start, raised_on__lte=end)
        .values("unit_id")
        .annotate(
            raised=Count("pk"),
            answered_in_time=Count(
                "pk", filter=answered & (Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))
            ),
            answered_late=Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
            overdue=Count("pk", filter=~answered & Q(due_on__lt=as_of)),
            resolved=Count("pk", filter=Q(people_satisfied=True, verdict_on__lte=as_of)),
        )
        .order_by("unit_id")
    )


def active_assignments(*, unit_ids, on: datetime.date):
    """Assignments active on `on` for the units `unit_ids`, with cadre and unit loaded."""
    return (
        Assignment.objects.filter(_active_q(on), unit_id__in=unit_ids)
        .select_related("cadre", "unit")
        .order_by("unit_id", "starts_on")
    )


def coverage(unit: Unit, *, on: datetime.date | None = None) -> list[dict]:
    """Per level under `unit` (valid on `on`, today by default): how many units there are and how
    many have at least one cadre assigned and active that day.

    One GROUP BY level over the path prefix, with an indexed EXISTS per unit. Rows:
    `{"level", "name", "total", "covered", "uncovered"}` ordered by level.
    """
    day = on or timezone.localdate()
    rows = (
        Unit.objects.valid_on(day)
        .filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .values("level")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(_covered(day))))
        .order_by("level")
    )
    return [
        {
            "level": r["level"],
            "name": Unit.LEVEL_NAMES.get(r["level"], r["level"]),
            "total": r["total"],
            "covered": r["covered"],
            "uncovered": r["total"] - r["covered"],
        }
        for r in rows
    ]


# --- coverage page ---------------------------------------------------------------------------


def coverage_by_child(unit: Unit, *, on: datetime.date | None = None) -> list[dict]:
    """Coverage per direct child of `unit` and level, in one GROUP BY over the path segment that
    follows `unit.path` (the child's id). Rows: `{"child_id", "level", "total", "covered"}`."""
    day = on or timezone.localdate()
    rest = Substr("path", len(unit.path) + 1)
    child = Substr(rest, 1, StrIndex(rest, Value(".")) - 1)
    return list(
        Unit.objects.valid_on(day)
        .filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .annotate(child_id=Cast(child, IntegerField()))
        .values("child_id", "level")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(_covered(day))))
        .order_by("child_id", "level")
    )


def coverage_key(unit: Unit, *, on: datetime.date) -> str:
    """The cache key of what the coverage page shows under `unit` on `on`: any change to assignments
    or units bumps their cache generation, so a new assignment shows at once."""
    units, assignments = generations("units", "assignments")
    return f"coverage:v2:{unit.pk}:{on.isoformat()}:{units}:{assignments}"


def coverage_figures(unit: Unit, *, on: datetime.date) -> dict:
    """Everything the coverage page shows under `unit` on `on`: per level (`summary`, with the first
    units lacking a cadre), per direct child (`levels`, `table`), the load per cadre and the
    assignments ending soon."""
    rows = coverage_by_child(unit, on=on)
    levels = sorted({r["level"] for r in rows})
    children = {c.pk: c for c in Unit.objects.valid_on(on).filter(parent=unit).order_by("name")}
    per_child = {pk: {} for pk in children}
    totals = {level: {"total": 0, "covered": 0} for level in levels}
    for r in rows:
        per_child.setdefault(r["child_id"], {})[r["level"]] = r
        totals[r["level"]]["total"] += r["total"]
        totals[r["level"]]["covered"] += r["covered"]
    summary = [
        {
            "level": level,
            "name": Unit.LEVEL_NAMES.get(level, level),
            "total": t["total"],
            "covered": t["covered"],
            "uncovered": t["total"] - t["covered"],
            "percent": round(100 * t["covered"] / t["total"]) if t["total"] else 0,
            "missing": list(uncovered_units(unit, level=level, on=on, limit=30))
            if t["covered"] < t["total"]
            else [],
        }
        for level, t in totals.items()
    ]
    return {
        "summary": summary,
        "levels": [(level, Unit.LEVEL_NAMES.get(level, level)) for level in levels],
        "table": [
            {"unit": child, "cells": [per_child.get(pk, {}).get(level) for level in levels]}
            for pk, child in children.items()
        ],
        "load": cadre_load(unit, on=on),
        "ending": list(assignments_ending(unit, on=on)),
    }


def uncovered_units(unit: Unit, *, level: int, on=None, limit: int = 30):
    """Units at `level` under `unit` with no active assignment, in tree order (first `limit`)."""
    day = on or timezone.localdate()
    return (
        Unit.objects.valid_on(day)
        .filter(path__startswith=unit.path, level=level)
        .exclude(_covered(day))
        .select_related("parent")
        .order_by("path")[:limit]
    )


def cadre_load(unit: Unit, *, on=None, limit: int = 20) -> dict:
    """Assignments active on `on` in `unit`'s subtree counted per cadre.

    Returns persons (distinct cadres) and assignments (a cadre holding three is one person and
    three assignments), the mean load, and the most loaded cadres with `outlier` set when a cadre
    follows more than twice the mean (and at least two more units than it).
    """
    day = on or timezone.localdate()
    active = Assignment.objects.filter(_active_q(day), unit__path__startswith=unit.path)
    totals = active.aggregate(assignments=Count("pk"), persons=Count("cadre", distinct=True))
    mean = totals["assignments"] / totals["persons"] if totals["persons"] else 0
    threshold = max(2 * mean, mean + 2)
    top = list(
        active.values("cadre_id", "cadre__code", "cadre__full_name", "cadre__position")
        .annotate(n=Count("pk"))
        .order_by("-n", "cadre__code")[:limit]
    )
    for row in top:
        row["outlier"] = row["n"] > threshold
    outliers = (
        active.values("cadre_id").annotate(n=Count("pk")).filter(n__gt=threshold).count() if mean else 0
    )
    return {**totals, "mean": mean, "threshold": threshold, "top": top, "outliers": outliers}


def assignments_ending(unit: Unit, *, on=None, days: int = 30, limit: int = 50):
    """Active assignments in `unit`'s subtree whose end date falls within the next `days` days."""
    day = on or timezone.localdate()
    return (
        Assignment.objects.filter(
            unit__path__startswith=unit.path,
            starts_on__lte=day,
            ends_on__gte=day,
            ends_on__lte=day + datetime.timedelta(days=days),
        )
        .select_related("cadre", "unit", "unit__parent")
        .order_by("ends_on", "unit__path")[:limit]
    )


# --- assignments and contacts, for a user ----------------------------------------------------


def assignments_for(user, *, unit=None, active_on=None, cadre_code: str = ""):
    qs = Assignment.objects.filter(unit_q(user, "unit__path"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if active_on is not None:
        qs = qs.filter(_active_q(active_on))
    if cadre_code:
        qs = qs.filter(cadre__code=cadre_code)
    return qs.select_related("cadre", "unit", "unit__parent", "assigned_by").order_by(
        "unit__path", "-starts_on"
    )


def my_assignments(user, *, on=None):
    """The signed-in cadre's own assignments active on `on`: the units they may record contacts for."""
    if not getattr(user, "cadre_id", None):
        return Assignment.objects.none()
    day = on or timezone.localdate()
    return (
        Assignment.objects.filter(_active_q(day), cadre_id=user.cadre_id)
        .select_related("unit", "unit__parent")
        .order_by("unit__path")
    )


def followed_units(user):
    """Every unit the signed-in cadre has been assigned to follow (on any date): the units a form may
    name for their contacts and petitions; whether on a given date is the service's rule."""
    if not getattr(user, "cadre_id", None):
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=Assignment.objects.filter(cadre_id=user.cadre_id).values("unit_id"))


def petition_units(user):
    """The units a user may raise a petition at: their scope and the units they follow."""
    return Unit.objects.filter(unit_q(user) | Q(pk__in=followed_units(user).values("pk")))


def contacts_for(user, *, unit=None):
    petitions_per_contact = (
        Petition.objects.filter(contact_id=OuterRef("pk"))
        .order_by()
        .values("contact_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    q = unit_q(user, "unit__path")
    if getattr(user, "is_authenticated", False) and not user.sees_everything and user.cadre_id:
        q |= Q(cadre_id=user.cadre_id)
    qs = FieldContact.objects.filter(q)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return (
        qs.select_related("cadre", "unit", "unit__parent")
        # A correlated count, not a JOIN + GROUP BY: the paginator's COUNT(*) then drops it.
        .annotate(petition_count=Coalesce(Subquery(petitions_per_contact), 0))
        .order_by("-contacted_on", "-pk")
    )


# --- petitions -------------------------------------------------------------------------------


def petition_scope_q(user) -> Q:
    """What a user may see: petitions in their subtree, those routed to their agencies, and those
    they raised themselves."""
    q = unit_q(user, "unit__path")
    if not getattr(user, "is_authenticated", False) or user.sees_everything:
        return q  # Q() | Q(x) would be Q(x): the office's "everything" must not be OR-ed away
    q |= Q(agency_id__in=AgencyMember.objects.filter(user=user).values("agency_id"))
    if user.cadre_id:
        q |= Q(raised_by_id=user.cadre_id)
    return q


def agencies_for(user):
    """Agencies a user may name in filters and see figures for: those they belong to, and those
    at units in their subtree (all of them for the office)."""
    qs = Agency.objects.order_by("name")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_everything:
        return qs
    return qs.filter(
        Q(pk__in=AgencyMember.objects.filter(user=user).values("agency_id")) | unit_q(user, "unit__path")
    )


def petitions_for(
    user,
    *,
    unit=None,
    status: str = "",
    agency=None,
    overdue: bool = False,
    start=None,
    end=None,
    today=None,
):
    """Petitions the user may see, filtered by unit subtree, status, agency, overdue and period."""
    today = today or timezone.localdate()
    qs = Petition.objects.filter(petition_scope_q(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if overdue:
        qs = qs.filter(status__in=Petition.OPEN, due_on__lt=today)
    if start:
        qs = qs.filter(raised_on__gte=start)
    if end:
        qs = qs.filter(raised_on__lte=end)
    return qs.select_related("unit", "unit__parent", "category", "agency", "raised_by").order_by(
        "-raised_on", "-pk"
    )


def agency_figures(agency_ids=None, *, start=None, end=None):
    """Per agency: petitions routed, answered on time, late, overdue now, open, and resolved in the
    people's view. One GROUP BY agency."""
    today = timezone.localdate()
    qs = Petition.objects.filter(agency__isnull=False)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if start:
        qs = qs.filter(raised_on__gte=start)
    if end:
        qs = qs.filter(raised_on__lte=end)
    answered = Q(answered_on__isnull=False)
    return (
        qs.values("agency_id", "agency__name", "agency__code")
        .annotate(
            routed=Count("pk"),
            answered_in_time=Count(
                "pk", filter=answered & (Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))
            ),
            answered_late=Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
            overdue=Count("pk", filter=Q(status__in=Petition.OPEN, due_on__lt=today)),
            open=Count("pk", filter=Q(status__in=Petition.OPEN)),
            resolved=Count("pk", filter=Q(people_satisfied=True)),
        )
        .order_by("agency__name")
    )


# --- access helpers (units.scope.fetch: 404 unknown, 403 outside the scope) ----------------------


def _own_or_in_scope(user, record) -> bool:
    """A record on a unit of the user's subtree, or the user's own (the cadre it is about)."""
    return can_see_unit(user, record.unit) or record.cadre_id == getattr(user, "cadre_id", None)


def assignment_for(user, pk) -> Assignment:
    qs = Assignment.objects.select_related(
        "cadre", "unit", "unit__parent", "assigned_by", "succeeded_by__cadre"
    )
    return fetch(qs, _own_or_in_scope, user, pk=pk)


def contact_for(user, pk) -> FieldContact:
    qs = FieldContact.objects.select_related("cadre", "unit", "unit__parent")
    return fetch(qs, _own_or_in_scope, user, pk=pk)


def _petition_visible(user, petition) -> bool:
    from .services import is_agency_member, is_raiser

    return (
        can_see_unit(user, petition.unit)
        or is_raiser(user, petition)
        or is_agency_member(user, petition.agency_id)
    )


def petition_for(user, pk) -> Petition:
    qs = Petition.objects.select_related(
        "unit", "unit__parent", "category", "agency", "raised_by", "answered_by", "returned_by", "contact"
    )
    return fetch(qs, _petition_visible, user, pk=pk)


def _recordable(user, unit) -> bool:
    return can_see_unit(user, unit) or followed_units(user).filter(pk=unit.pk).exists()


def recordable_unit_for(user, code) -> Unit:
    """A unit the user may record contacts and petitions for: in their scope, or one they follow."""
    return fetch(Unit.objects.all(), _recordable, user, code=code)
