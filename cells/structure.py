"""The party structure of a date: which organisations were valid and the paths they had then.

Closed organisations keep their row and path for ever (`units.reorg`: close-old + open-new); the
organisations below a reorganised one are re-parented in place, and `cells.reorg` keeps the path
each had before in `PastPath`. An organisation's path on `day` is therefore its `PastPath` with the
smallest `until` on or after `day`, else its current path. A period is computed, locked and read on
the structure of its last day, so a later reorganisation changes nothing about it.
"""

from datetime import date

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from units.models import PartyOrg

from .models import PastPath


def path_on(day: date, *, org: str = "pk", path: str = "path"):
    """ORM expression: the path on `day` of the organisation `org` refers to (`path` its current one)."""
    past = PastPath.objects.filter(org_id=OuterRef(org), until__gte=day).order_by("until").values("path")[:1]
    return Coalesce(Subquery(past, output_field=CharField()), F(path), output_field=CharField())


def path_sql(alias: str) -> str:
    """Raw SQL for `path_on` over the `units_partyorg` alias `alias`; takes the day as one parameter."""
    table = PastPath._meta.db_table
    return (
        f"COALESCE((SELECT h.path FROM {table} h WHERE h.org_id = {alias}.id AND h.until >= %s "
        f"ORDER BY h.until LIMIT 1), {alias}.path)"
    )


def orgs_on(day: date):
    """The organisations valid on `day`, each with `path_then`: the path it had on that day."""
    return PartyOrg.objects.valid_on(day).annotate(path_then=path_on(day))


def org_path_on(org: PartyOrg, day: date) -> str:
    """`org`'s path on `day` (one query)."""
    past = (
        PastPath.objects.filter(org=org, until__gte=day)
        .order_by("until")
        .values_list("path", flat=True)
        .first()
    )
    return past or org.path


def children_on(org: PartyOrg | None, day: date, *, prefix: str | None = None):
    """The organisations that were directly under `org` on `day` (by the paths of that day), valid then.
    `prefix`: `org`'s path on `day` when the caller has it (saves a query); "" gives the roots."""
    prefix = prefix if prefix is not None else org_path_on(org, day)
    return (
        orgs_on(day)
        .filter(
            path_then=Concat(Value(prefix), Cast("pk", CharField()), Value("."), output_field=CharField())
        )
        .order_by("path_then")
    )


def under_on(node: PartyOrg, org: PartyOrg, day: date) -> bool:
    """Was `node` under `org` (or `org` itself) on `day`? (at most two queries)"""
    return org_path_on(node, day).startswith(org_path_on(org, day))
