"""Shared reads over the trees. Each returns rows in the user's scope, with relations loaded."""

import hashlib

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Cadre, PartyOrg, Unit, UnitPastPath
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


# The administrative tree of a past day ---------------------------------------------------------
# Units below a reorganised one are re-parented in place; `UnitPastPath` keeps where each sat up to a
# day. A unit's place on `day` is its row with the smallest `until` on or after `day`, else its
# current one (a correlated subquery on the (unit, until) index). Today's reads never need them.


def _place_on(day, field: str):
    return (
        UnitPastPath.objects.filter(unit_id=OuterRef("pk"), until__gte=day)
        .order_by("until")
        .values(field)[:1]
    )


def path_on(day):
    """ORM expression: a unit's path on `day`."""
    return Coalesce(
        Subquery(_place_on(day, "path"), output_field=CharField()), F("path"), output_field=CharField()
    )


def parent_on(day):
    """ORM expression: the id of a unit's parent on `day`."""
    return Coalesce(
        Subquery(_place_on(day, "parent_id"), output_field=IntegerField()),
        F("parent_id"),
        output_field=IntegerField(),
    )


def unit_path_on(unit, day) -> str:
    """`unit`'s path on `day` (one query)."""
    past = (
        UnitPastPath.objects.filter(unit=unit, until__gte=day)
        .order_by("until")
        .values_list("path", flat=True)
        .first()
    )
    return past or unit.path


def ancestors_on(path: str):
    """The breadcrumb of a unit on a past day, root first, from its `path` of that day (one query)."""
    ids = [int(part) for part in path.split(".")[:-2]]
    return list(Unit.objects.filter(pk__in=ids).order_by("level"))


def children_on(unit, day):
    """The units directly under `unit` on `day`, valid then, by name, each with `child_count` (how
    many units were directly under it that day). Two queries whatever the number of children."""
    children = list(
        Unit.objects.valid_on(day)
        .filter(
            Q(parent_id=unit.pk)
            | Q(pk__in=UnitPastPath.objects.filter(parent_id=unit.pk, until__gte=day).values("unit_id"))
        )
        .annotate(parent_then=parent_on(day))
        .filter(parent_then=unit.pk)
        .order_by("name")
    )
    ids = [c.pk for c in children]
    counts = {}
    if ids:
        rows = (
            Unit.objects.valid_on(day)
            .filter(
                Q(parent_id__in=ids)
                | Q(pk__in=UnitPastPath.objects.filter(parent_id__in=ids, until__gte=day).values("unit_id"))
            )
            .annotate(parent_then=parent_on(day))
            .filter(parent_then__in=ids)
            .values("parent_then")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {row["parent_then"]: row["n"] for row in rows}
    for c in children:
        c.child_count = counts.get(c.pk, 0)
    return children


def level_counts_on(unit, day, *, path: str) -> dict[int, int]:
    """How many units valid on `day` lay under `unit` that day (`path`: its path then) at each level,
    in one GROUP BY: the candidates are the rows under that path now or then (both indexed by path)."""
    rows = (
        Unit.objects.valid_on(day)
        .filter(
            Q(path__startswith=path)
            | Q(pk__in=UnitPastPath.objects.filter(path__startswith=path, until__gte=day).values("unit_id"))
        )
        .exclude(pk=unit.pk)
        .annotate(path_then=path_on(day))
        .filter(path_then__startswith=path)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by("level")
    )
    return {row["level"]: row["n"] for row in rows}


def org_by_code(code: str, *related: str) -> PartyOrg | None:
    """The organisation with this code (its `related` relations loaded), or None: read from the
    cache until the units, organisations or cadres change (the `units` generation). The access
    helpers check the scope on it in Python (`scope.can_see_org`), every time."""
    from django.conf import settings

    from common.cache import cached_at_generations

    digest = hashlib.sha1(code.encode(), usedforsecurity=False).hexdigest()
    return cached_at_generations(
        f"org-by-code:v1:{digest}:{'+'.join(related)}",
        ("units",),
        lambda: PartyOrg.objects.select_related(*related).filter(code=code).first(),
        settings.ORG_CACHE_SECONDS,
    )
