"""The one scope check: a signed-in user sees only the subtree of their home unit.

Every view, export, admin list and task that reads units, organisations or anything attached to
them filters through `restrict()`. The provincial office (and superusers) see everything;
a user without a home unit sees nothing. `user.sees_everything` and `user.home_unit` /
`user.home_org` come from accounts.User.

A subtree includes its history: the closed units (organisations) the home unit (organisation)
descends from by reorganisation, with theirs, are part of it (`history_paths`, loaded with the
home node, so no query): the leader of a merged commune reads its predecessors' pages and published
periods, the province's leader the three old provinces'. Those subtrees hold only closed rows (the
open ones moved to their successors and are in the home subtree by their current path).

Records are fetched one at a time through one access helper per kind, all built on `fetch()`: 404 for
a record nobody has, 403 for one outside the scope, with what its pages need already joined. The
kernel's kinds are here (`unit_for`, `org_for`); each app's kinds are in its `selectors.py`
(`assignments.selectors.petition_for`, `cells.selectors.meeting_for`…). Admin lists are held to the
scope by one mixin, `common.admin.ScopedAdmin`, through `scope_q()`.
"""

import hashlib
import operator
from functools import reduce

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from common.cache import cached_at_generations

from .models import Cadre, PartyOrg, Unit

NOTHING = Q(pk__in=[])


def _prefixes(node) -> list[str]:
    return [node.path, *node.history_paths]


def _any_prefix(field: str, node) -> Q:
    return reduce(operator.or_, (Q(**{f"{field}__startswith": prefix}) for prefix in _prefixes(node)))


def _inside(path: str, node) -> bool:
    return any(path.startswith(prefix) for prefix in _prefixes(node))


def unit_q(user, path_field: str = "path") -> Q:
    """A Q selecting rows whose unit path lies in the user's subtree (with its history)."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.sees_everything:
        return Q()
    if user.home_unit_id is None:
        return NOTHING
    return _any_prefix(path_field, user.home_unit)


def org_q(user, prefix: str = "") -> Q:
    """A Q selecting party organisations in scope: under the user's home organisation, or
    leading a unit under the user's home unit (each with its history)."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.sees_everything:
        return Q()
    q = NOTHING
    if user.home_org_id is not None:
        q |= _any_prefix(f"{prefix}path", user.home_org)
    if user.home_unit_id is not None:
        q |= _any_prefix(f"{prefix}unit__path", user.home_unit)
    return q


def can_see_org(user, org) -> bool:
    """The Python twin of `org_q` for one organisation already loaded (with its unit): no query."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    if user.home_org_id is not None and _inside(org.path, user.home_org):
        return True
    unit = org.unit if org.unit_id else None
    return user.home_unit_id is not None and unit is not None and _inside(unit.path, user.home_unit)


def restrict(qs: QuerySet, user, path_field: str = "path") -> QuerySet:
    return qs.filter(unit_q(user, path_field))


def can_see_unit(user, unit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    return user.home_unit_id is not None and _inside(unit.path, user.home_unit)


def cadre_q(user, prefix: str = "") -> Q:
    """A Q selecting cadres in scope: working in a unit of the user's subtree, or members of a
    party organisation in scope (`org_q`), e.g. a cell's members who work at the commune."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.sees_everything:
        return Q()
    return unit_q(user, f"{prefix}work_unit__path") | org_q(user, f"{prefix}party_org__")


def scope_q(user, kind: str, via: str = "") -> Q:
    """The scope of `kind` ("unit", "org" or "cadre") reached through the relation prefix `via`
    ("" for the record itself, "cell__" for a meeting's cell…): what the admin lists filter on."""
    if kind == "unit":
        return unit_q(user, f"{via}path")
    if kind == "org":
        return org_q(user, via)
    if kind == "cadre":
        return cadre_q(user, via)
    raise ValueError(f"unknown scope kind: {kind}")


def fetch(queryset: QuerySet, visible, user, **lookup):
    """The one rule of every access helper: the record of `queryset` matching `lookup`, Http404 when
    there is none, PermissionDenied when `visible(user, record)` is false. One query."""
    found = list(queryset.filter(**lookup)[:2])
    if len(found) != 1:
        raise Http404
    if not visible(user, found[0]):
        raise PermissionDenied
    return found[0]


def unit_for(user, code, queryset: QuerySet | None = None):
    """The access helper for units, by code (with its parent)."""
    return fetch(
        queryset if queryset is not None else Unit.objects.select_related("parent"),
        can_see_unit,
        user,
        code=code,
    )


def org_by_code(code: str) -> PartyOrg | None:
    """The organisation with this code (with parent, unit and secretary), or None: read from the
    cache until the units, organisations or cadres change (the `units` generation). The scope is
    checked on it in Python by `org_for`, every time."""
    digest = hashlib.sha1(code.encode(), usedforsecurity=False).hexdigest()
    return cached_at_generations(
        f"org-by-code:v2:{digest}",
        ("units",),
        lambda: PartyOrg.objects.select_related("parent", "unit", "secretary").filter(code=code).first(),
        settings.ORG_CACHE_SECONDS,
    )


def org_for(user, code, queryset: QuerySet | None = None):
    """The access helper for party organisations, by code (with parent, unit and secretary; from the
    cache, `org_by_code`, unless a `queryset` asks for more)."""
    if queryset is not None:
        return fetch(queryset, can_see_org, user, code=code)
    org = org_by_code(code)
    if org is None:
        raise Http404
    if not can_see_org(user, org):
        raise PermissionDenied
    return org


def can_see_cadre(user, cadre) -> bool:
    """The Python twin of `cadre_q` for one cadre loaded with its work unit and organisation (and
    the organisation's unit): no query."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    if cadre.work_unit_id is not None and can_see_unit(user, cadre.work_unit):
        return True
    return cadre.party_org_id is not None and can_see_org(user, cadre.party_org)


def cadre_for(user, code, queryset: QuerySet | None = None):
    """The access helper for cadres and party members, by code (with work unit and organisation)."""
    if queryset is None:
        queryset = Cadre.objects.select_related("work_unit", "party_org", "party_org__unit")
    return fetch(queryset, can_see_cadre, user, code=code)
