"""Shared reads over the trees. Each returns rows in the user's scope, with relations loaded."""

from django.db.models import Count

from .models import Cadre, PartyOrg, Unit
from .scope import org_q, restrict


def units_in_scope(user, *, day=None):
    return restrict(Unit.objects.valid_on(day), user).select_related("parent")


def orgs_in_scope(user, *, day=None):
    return (
        PartyOrg.objects.valid_on(day)
        .filter(org_q(user))
        .select_related("parent", "unit", "secretary", "deputy_secretary")
    )


def cadres_in_scope(user):
    return restrict(Cadre.objects.all(), user, "work_unit__path").select_related("work_unit", "party_org")


def level_counts(unit, *, day=None) -> dict[int, int]:
    """How many valid units lie under `unit` at each level: one GROUP BY over the path prefix."""
    rows = (
        Unit.objects.valid_on(day)
        .descendants_of(unit)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by("level")
    )
    return {row["level"]: row["n"] for row in rows}


def kind_counts(unit, *, day=None) -> dict[str, int]:
    rows = Unit.objects.valid_on(day).descendants_of(unit).values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}


def ancestors(node):
    """The breadcrumb of a node, root first, in one query."""
    return list(type(node).objects.ancestors_of(node))
