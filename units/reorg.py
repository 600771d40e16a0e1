"""Reorganisations of the map: merge, split, move, rename, abolish a level — without losing history.

Every operation is a *batch* of edges "old unit -> successor" on one effective date, checked as a
whole (`plan_batch`, which writes nothing and returns the preview) and applied atomically
(`apply_batch`). The five services below build a batch; the `Sắp xếp đơn vị` sheet builds one
from its rows (`units.reorg_sheet`).

History is kept by *close-old + open-new*: a unit that is merged, split, moved or renamed is never
edited in place. Its row is closed (`valid_to` = effective date - 1 day) and keeps its parent and
its `path` for ever; its successor is a new row (`valid_from` = effective date) under the new
parent, with a new path. So `valid_on(day)` reads the tree of any date truthfully down to the
reorganised level. Units below a reorganised one (hamlets, groups, cells) are the same entities
before and after: they are re-parented in place under the successor (their open rows get the new
path); their past figures are read from `cells.OrgResult`, stored per organisation and period with
the path they had then. When a successor keeps the old code (a move, a rename, the new commune that
took an old commune's GSO code), the closed row's code is archived as `<code>~<yyyymmdd>` (its last
day), so codes stay unique and the live row answers to the code.

Party organisations follow their unit (a commune's committee follows its commune): the same
close/open and lineage, cells follow the hamlet they lead. Things other apps keep (assignments,
petitions, pledges, meetings) follow through *followers*: each app registers one with
`register_follower` from its `AppConfig.ready`; units never imports them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from common.cache import bump
from common.history import record_rows, update_with_history

from . import tree
from .models import Cadre, Lineage, OrgLineage, PartyOrg, Reorganisation, Unit, UnitPastPath

ONE = Decimal(1)
TOLERANCE = Decimal("0.001")


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# Followers ------------------------------------------------------------------------------------

FOLLOWERS: list = []
_discovered = False


def register_follower(follower):
    """Add a follower: an object (a module will do) with `label` (str), `preview(ctx)` returning a
    `FollowerPreview` and `apply(ctx)` returning a dict of counts. Every installed app's `reorg`
    module is registered by itself (found by name, like `<app>.demo`); call this for others."""
    if follower not in FOLLOWERS:
        FOLLOWERS.append(follower)
    return follower


def followers() -> list:
    """The registered followers, after discovering `<app>.reorg` in every installed app
    (INSTALLED_APPS order) the first time."""
    global _discovered
    if not _discovered:
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        for config in apps.get_app_configs():
            name = f"{config.name}.reorg"
            if config.name != "units" and find_spec(name) is not None:
                register_follower(import_module(name))
        _discovered = True
    return FOLLOWERS


@dataclass
class FollowerPreview:
    label: str
    moves: list = field(default_factory=list)  # "what will move", one line each
    decisions: list = field(default_factory=list)  # "what needs a human decision"
    errors: list = field(default_factory=list)  # refusals (a locked period, for instance)


@dataclass
class Succ:
    """Where something attached to a closed node goes: a successor node and its share."""

    key: str  # the successor's code
    name: str
    level: int
    share: Decimal | None = None
    pk: int | None = None  # known at apply time (and for existing successors)


@dataclass
class Context:
    """What a follower sees: closed unit/org ids -> their successors; ready for `apply` once `applied`.

    `hamlet_successor` tells, for a unit below a split commune, which successor took it (so a
    petition raised in a hamlet goes to the right new commune)."""

    effective_on: datetime.date
    acting_user: object
    units: dict = field(default_factory=dict)  # closed unit id -> [Succ], largest share first
    orgs: dict = field(default_factory=dict)  # closed org id -> [Succ]
    unit_names: dict = field(default_factory=dict)  # closed unit id -> name
    org_names: dict = field(default_factory=dict)
    org_paths: dict = field(default_factory=dict)  # closed or affected org id -> path
    moved_unit_to: dict = field(default_factory=dict)  # moved child unit id -> successor code
    applied: bool = False
    reason: str = ""  # the history's change reason of every row the reorganisation writes

    def history(self) -> dict:
        """Who and why, for `common.history` writers (the acting user may be anonymous)."""
        user = self.acting_user if getattr(self.acting_user, "pk", None) else None
        return {"user": user, "reason": self.reason}

    def stamp(self, obj):
        """Who and why for simple_history's row of one save()."""
        obj._history_user, obj._change_reason = self.history()["user"], self.reason[:100]
        return obj

    @property
    def day_before(self) -> datetime.date:
        return self.effective_on - datetime.timedelta(days=1)

    def main_successor(self, unit_id) -> Succ | None:
        succs = self.units.get(unit_id)
        return succs[0] if succs else None

    def main_org_successor(self, org_id) -> Succ | None:
        succs = self.orgs.get(org_id)
        return succs[0] if succs else None


# The batch ------------------------------------------------------------------------------------


@dataclass
class Target:
    """A successor unit: a new row (name, kind, parent code) or an existing open unit."""

    code: str
    name: str = ""
    kind: str = ""
    parent_code: str = ""
    valid_from: datetime.date | None = None
    row: int | None = None
    existing: Unit | None = None


@dataclass
class Edge:
    old: Unit
    target: str  # a Target code
    share: Decimal | None = None
    children: list | None = None  # codes of the children this target takes (splits)
    effective_on: datetime.date | None = None
    row: int | None = None


@dataclass
class Batch:
    kind: str
    effective_on: datetime.date | None
    title: str
    targets: dict = field(default_factory=dict)  # code -> Target
    edges: list = field(default_factory=list)
    dissolved: list = field(default_factory=list)  # [(Unit, row)] closed without a successor
    note: str = ""


class ReorgRefused(ValidationError):
    """A batch that cannot be applied; `problems` = [(row or None, message)]. Nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([message for _row, message in problems])


@dataclass
class Plan:
    batch: Batch
    ctx: Context
    closed_units: list = field(default_factory=list)
    child_moves: dict = field(default_factory=dict)  # closed unit id -> {child id: target code}
    org_targets: dict = field(default_factory=dict)  # new org code -> dict(spec)
    closed_orgs: list = field(default_factory=list)
    org_edges: list = field(default_factory=list)  # (old org, new org code, share)
    org_child_moves: dict = field(default_factory=dict)  # closed org id -> {child org id: org code}
    decisions: list = field(default_factory=list)
    followers: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    # What the preview page shows ------------------------------------------------------------

    def lines(self) -> dict:
        targets = self.batch.targets
        opening = [
            {
                "code": t.code,
                "name": t.name,
                "kind": dict(Unit.Kind.choices).get(t.kind, t.kind),
                "parent": self._name_of(t.parent_code),
            }
            for t in targets.values()
            if t.existing is None
        ]
        into = [{"code": t.code, "name": t.existing.name} for t in targets.values() if t.existing is not None]
        return {
            "closing": self._closing_lines(),
            "opening": opening,
            "into": into,
            "children": self._children_lines(),
            "orgs_closing": [o.name for o in self.closed_orgs],
            "orgs_opening": [
                spec["name"] for spec in self.org_targets.values() if spec.get("existing") is None
            ],
            "counts": self.counts,
            "decisions": self.decisions + [d for f in self.followers for d in f.decisions],
            "followers": self.followers,
        }

    def _closing_lines(self) -> list[dict]:
        """Each closing unit with its successors (and their shares when it is split)."""
        closing = []
        for u in self.closed_units:
            succ = self.ctx.units.get(u.pk) or []
            shares = len(succ) > 1
            closing.append(
                {
                    "code": u.code,
                    "name": u.name,
                    "kind": u.get_kind_display(),
                    "successors": ", ".join(
                        s.name + (f" ({s.share * 100:.0f}%)" if s.share is not None and shares else "")
                        for s in succ
                    )
                    or _("none (abolished)"),
                }
            )
        return closing

    def _children_lines(self) -> list[dict]:
        """Where the children of each closing unit go: one line per (closing unit, target), with up to
        12 names (named only when at most 500 children move, one query)."""
        names = {}
        ids = [cid for moves in self.child_moves.values() for cid in moves]
        if ids and len(ids) <= 500:
            names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
        children = []
        for u in self.closed_units:
            by_target = defaultdict(list)
            for cid, code in self.child_moves.get(u.pk, {}).items():
                by_target[code].append(names.get(cid, ""))
            children += [
                {"from": u.name, "to": self._name_of(code), "count": len(items), "names": sorted(items)[:12]}
                for code, items in by_target.items()
            ]
        return children

    def _name_of(self, code):
        t = self.batch.targets.get(code)
        if t is not None:
            return t.existing.name if t.existing is not None else t.name
        u = Unit.objects.filter(code=code).only("name").first()
        return u.name if u else code


# Planning (checks; writes nothing) -------------------------------------------------------------


def _is_open_on(node, day) -> bool:
    return (node.valid_from is None or node.valid_from <= day) and (
        node.valid_to is None or node.valid_to >= day
    )


def _open_q(day):
    return Q(valid_to__isnull=True) | Q(valid_to__gte=day)


def _split_by_shares(children: list, shares: list[Decimal]) -> list[list]:
    """Children (sorted by code) dealt to the successors by their shares (largest remainder)."""
    n = len(children)
    exact = [s * n for s in shares]
    counts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    out, start = [], 0
    for c in counts:
        out.append(children[start : start + c])
        start += c
    return out


def plan_batch(batch: Batch, *, acting_user=None) -> Plan:
    """Check a batch against the stored trees and work out everything it would change.

    Raises ReorgRefused with every problem found (Vietnamese messages, sheet rows when known).
    Each check below returns its problems [(row or None, message)]; the organisations are planned
    once the units pass, the followers once the successors are known."""
    eff = batch.effective_on
    if eff is None:
        raise ReorgRefused([(None, _("An effective date is required."))])
    plan = Plan(batch=batch, ctx=Context(effective_on=eff, acting_user=acting_user))
    closed, edges_by_old, rows_of = _predecessors(batch)
    problems = _check_predecessors(closed, rows_of, eff)
    problems += _check_targets(batch, closed)
    problems += _check_successor_dates(batch)
    problems += _check_parents(batch, closed)
    problems += _plan_children(plan, closed, edges_by_old, rows_of)
    if not problems:
        problems += _plan_orgs(plan, closed, edges_by_old)
    if problems:
        raise ReorgRefused(problems)
    _fill_context(plan, closed, edges_by_old)
    problems = _preview_followers(plan)
    if problems:
        raise ReorgRefused(problems)
    _count(plan, closed)
    return plan


def _predecessors(batch: Batch) -> tuple[dict, dict, dict]:
    """The units the batch closes (id -> Unit), their edges and the sheet rows naming them."""
    closed: dict[int, Unit] = {}
    edges_by_old: dict[int, list[Edge]] = defaultdict(list)
    rows_of = defaultdict(list)
    for edge in batch.edges:
        edges_by_old[edge.old.pk].append(edge)
        closed[edge.old.pk] = edge.old
        rows_of[edge.old.pk].append(edge.row)
    for unit, row in batch.dissolved:
        closed[unit.pk] = unit
        rows_of[unit.pk].append(row)
    return closed, edges_by_old, rows_of


def _check_predecessors(closed: dict, rows_of: dict, eff) -> list:
    """The predecessors: open on the day before, not starting on/after the effective date."""
    before = eff - datetime.timedelta(days=1)
    problems = []
    for u in closed.values():
        row = rows_of[u.pk][0]
        if u.valid_from and u.valid_from >= eff:
            problems.append(
                (
                    row,
                    _(
                        "%(unit)s is only valid from %(start)s: it cannot be closed on %(end)s, before it "
                        "starts (the validity of the old and new units would overlap)."
                    )
                    % {"unit": u.name, "start": _d(u.valid_from), "end": _d(before)},
                )
            )
        elif u.valid_to is not None:
            problems.append(
                (
                    row,
                    _(
                        "%(unit)s was already closed on %(end)s: reorganising it again from %(day)s would "
                        "give it overlapping validity."
                    )
                    % {"unit": u.name, "end": _d(u.valid_to), "day": _d(eff)},
                )
            )
    return problems


def _check_targets(batch: Batch, closed: dict) -> list:
    """The successors: existing open units (`Target.existing` set here), or new rows with a name
    and a kind (a code held by a unit closed in this batch is free for a new row)."""
    eff = batch.effective_on
    codes_in_use = {u.code: u for u in Unit.objects.filter(code__in=[t.code for t in batch.targets.values()])}
    problems = []
    for t in batch.targets.values():
        t.valid_from = t.valid_from or eff
        found = codes_in_use.get(t.code)
        if found is not None and found.pk not in closed:
            problem = _existing_target_problem(t, found, eff)
            if problem is None:
                t.existing = found
            else:
                problems.append(problem)
        elif not t.name or not t.kind:
            problems.append((t.row, _("The new unit %(code)s needs a name and a type.") % {"code": t.code}))
    return problems


def _existing_target_problem(t: Target, found: Unit, eff):
    if found.valid_to is not None:
        return (
            t.row,
            _("The code %(code)s belongs to %(unit)s, closed on %(end)s: give the new unit another code.")
            % {"code": t.code, "unit": found.name, "end": _d(found.valid_to)},
        )
    if found.valid_from and found.valid_from > eff:
        return (
            t.row,
            _("%(unit)s is only valid from %(start)s: it cannot take over units on %(day)s.")
            % {"unit": found.name, "start": _d(found.valid_from), "day": _d(eff)},
        )
    return None


def _check_successor_dates(batch: Batch) -> list:
    """A new successor opens on its date: every predecessor must have ended the day before."""
    problems = []
    for edge in batch.edges:
        t = batch.targets.get(edge.target)
        if t is None or t.existing is not None:
            continue
        ends = (edge.effective_on or batch.effective_on) - datetime.timedelta(days=1)
        if t.valid_from <= ends:
            problems.append(
                (
                    edge.row,
                    _(
                        "%(new)s would be valid from %(start)s, before its predecessor %(old)s ends on "
                        "%(end)s: a successor starts the day after its predecessor ends."
                    )
                    % {"new": t.name, "start": _d(t.valid_from), "old": edge.old.name, "end": _d(ends)},
                )
            )
    return problems


def _check_parents(batch: Batch, closed: dict) -> list:
    """Parents of new units: known, open, not being closed, at a higher level, no cycle (the rules
    of `units.tree`)."""
    targets = batch.targets
    parents = {
        u.code: u
        for u in Unit.objects.filter(code__in={t.parent_code for t in targets.values() if t.parent_code})
    }
    parent_of = {code: t.parent_code for code, t in targets.items()}
    problems = []
    for t in targets.values():
        if t.existing is not None:
            continue
        level = Unit.LEVELS.get(t.kind, 0)
        if not t.parent_code:
            if level != 1:
                problems.append((t.row, _("The new unit %(name)s needs a parent unit.") % {"name": t.name}))
            continue
        if t.parent_code in targets:
            parent_level, problem = _new_parent_level(t, targets, parent_of)
        else:
            parent_level, problem = _stored_parent_level(t, batch, parents.get(t.parent_code), closed)
        if problem is None and not tree.sits_below(level, parent_level):
            problem = (
                t.row,
                _("A %(kind)s cannot sit under a unit of level %(level)s: a child sits below its parent.")
                % {"kind": dict(Unit.Kind.choices).get(t.kind, t.kind), "level": parent_level},
            )
        if problem is not None:
            problems.append(problem)
    return problems


def _new_parent_level(t: Target, targets: dict, parent_of: dict):
    """(level, problem) of a parent that is itself a successor of the batch: its chain of parents
    through the batch must reach a stored unit."""
    loop = tree.find_loop(t.code, parent_of)
    if loop is not None:
        return 0, (
            t.row,
            _("The parents form a loop (%(loop)s): a unit cannot sit under itself.")
            % {"loop": " → ".join(loop)},
        )
    parent = targets[t.parent_code]
    return Unit.LEVELS.get(parent.existing.kind if parent.existing else parent.kind, 0), None


def _stored_parent_level(t: Target, batch: Batch, parent: Unit | None, closed: dict):
    """(level, problem) of a stored parent: it exists, stays open, and lies outside the units the
    successor takes over (or the move would create a cycle)."""
    eff = batch.effective_on
    if parent is None:
        return 0, (t.row, _("No unit has the parent code %(code)s.") % {"code": t.parent_code})
    if parent.pk in closed or not _is_open_on(parent, eff):
        return 0, (
            t.row,
            _("%(parent)s is not valid on %(day)s: it cannot be the parent of %(name)s.")
            % {"parent": parent.name, "day": _d(eff), "name": t.name},
        )
    preds = [e.old for e in batch.edges if e.target == t.code]
    under = next((p for p in preds if tree.inside(parent.path, p.path)), None)
    if under is not None:
        return 0, (
            t.row,
            _(
                "%(unit)s cannot be placed under %(parent)s, which lies inside it: the move would create a cycle."
            )
            % {"unit": under.name, "parent": parent.name},
        )
    return parent.level, None


def _plan_children(plan: Plan, closed: dict, edges_by_old: dict, rows_of: dict) -> list:
    """Children of closed units: each open one goes to exactly one successor (`plan.child_moves`)."""
    eff = plan.batch.effective_on
    children_of = defaultdict(list)
    if closed:
        for child in (
            Unit.objects.filter(parent_id__in=list(closed))
            .filter(_open_q(eff))
            .exclude(pk__in=list(closed))
            .only("pk", "code", "name", "parent_id", "path", "level")
            .order_by("code")
        ):
            children_of[child.parent_id].append(child)
    problems = []
    for old_id, u in closed.items():
        edges = edges_by_old.get(old_id, [])
        kids = children_of.get(old_id, [])
        if not edges:
            moves, found = {}, _orphans(u, kids, rows_of[old_id][0])
        elif len(edges) == 1:
            moves, found = {k.pk: edges[0].target for k in kids}, []
        elif all(e.children is not None for e in edges):
            moves, found = _moves_by_lists(u, edges, kids)
        else:
            moves, found = _moves_by_shares(u, edges, kids)
        problems += found
        plan.child_moves[old_id] = moves
        if edges:
            plan.ctx.moved_unit_to.update(moves)
    return problems


def _orphans(u: Unit, kids: list, row) -> list:
    if not kids:
        return []
    return [
        (
            row,
            _("%(unit)s is abolished but %(n)s unit(s) under it have no new parent: %(names)s.")
            % {"unit": u.name, "n": len(kids), "names": ", ".join(k.name for k in kids[:10])},
        )
    ]


def _moves_by_lists(u: Unit, edges: list, kids: list) -> tuple[dict, list]:
    """A split whose rows list the hamlet codes each successor takes: every hamlet exactly once."""
    by_code = {k.code: k for k in kids}
    listed = defaultdict(list)
    for e in edges:
        for code in e.children:
            listed[code].append(e)
    unknown = sorted(c for c in listed if c not in by_code)
    twice = sorted(c for c, es in listed.items() if len(es) > 1)
    missing = [k for k in kids if k.code not in listed]
    problems = []
    if unknown:
        problems.append(
            (
                edges[0].row,
                _("The split of %(unit)s names units that are not under it: %(codes)s.")
                % {"unit": u.name, "codes": ", ".join(unknown)},
            )
        )
    if twice:
        problems.append(
            (
                edges[0].row,
                _("The split of %(unit)s gives the same hamlet to several successors: %(codes)s.")
                % {"unit": u.name, "codes": ", ".join(twice)},
            )
        )
    if missing:
        problems.append(
            (
                edges[0].row,
                _(
                    "The shares of the split of %(unit)s do not cover every hamlet: %(n)s have no "
                    "successor (%(names)s)."
                )
                % {"unit": u.name, "n": len(missing), "names": ", ".join(k.name for k in missing[:10])},
            )
        )
    moves = {}
    for e in edges:
        for code in e.children:
            if code in by_code:
                moves[by_code[code].pk] = e.target
        if e.share is None and kids:
            e.share = Decimal(len(e.children)) / len(kids)
    return moves, problems


def _moves_by_shares(u: Unit, edges: list, kids: list) -> tuple[dict, list]:
    """A split by shares: one for every successor, adding up to 100 %; the hamlets (by code) are
    dealt by largest remainder."""
    shares = [e.share for e in edges]
    if any(s is None for s in shares):
        return {}, [
            (edges[0].row, _("The split of %(unit)s needs a share for every successor.") % {"unit": u.name})
        ]
    total = sum(shares)
    if abs(total - ONE) > TOLERANCE:
        return {}, [
            (
                edges[0].row,
                _(
                    "The shares of the split of %(unit)s add up to %(total)s%%: they must cover "
                    "every hamlet (100%%)."
                )
                % {"unit": u.name, "total": f"{total * 100:.0f}"},
            )
        ]
    moves = {}
    for e, part in zip(edges, _split_by_shares(kids, shares), strict=True):
        e.children = [k.code for k in part]
        moves.update({k.pk: e.target for k in part})
    return moves, []


def _fill_context(plan: Plan, closed: dict, edges_by_old: dict):
    """What the followers see: each closed unit's successors (largest share first), names, paths."""
    ctx, targets = plan.ctx, plan.batch.targets
    plan.closed_units = sorted(closed.values(), key=lambda u: u.path)
    for old_id, edges in edges_by_old.items():
        succs = []
        for e in edges:
            t = targets[e.target]
            name = t.existing.name if t.existing else t.name
            level = t.existing.level if t.existing else Unit.LEVELS[t.kind]
            succs.append(Succ(t.code, name, level, e.share, t.existing.pk if t.existing else None))
        succs.sort(key=lambda s: -(s.share or ONE))
        ctx.units[old_id] = succs
    for old_id, u in closed.items():
        ctx.unit_names[old_id] = u.name
        # Abolished: what was attached goes to the nearest ancestor's successor (a decision).
        ctx.units.setdefault(old_id, [])
    ctx.org_names.update({o.pk: o.name for o in plan.closed_orgs})
    ctx.org_paths.update({o.pk: o.path for o in plan.closed_orgs})


def _preview_followers(plan: Plan) -> list:
    """The followers' previews (and their refusals, such as a locked period)."""
    problems = []
    for follower in followers():
        preview = follower.preview(plan.ctx)
        plan.followers.append(preview)
        problems.extend((None, message) for message in preview.errors)
    return problems


def _count(plan: Plan, closed: dict):
    """The preview's counts, and the decision about cadres working at a split unit."""
    ctx, targets = plan.ctx, plan.batch.targets
    split_units = [uid for uid, s in ctx.units.items() if len(s) > 1]
    if split_units:
        n = Cadre.objects.filter(work_unit_id__in=split_units).count()
        if n:
            plan.decisions.append(
                _(
                    "%(n)s cadre(s) work at a unit that is split: they go to the successor with the largest "
                    "share; change the ones who work elsewhere afterwards."
                )
                % {"n": n}
            )
    plan.counts = {
        "units_closed": len(closed),
        "units_opened": sum(1 for t in targets.values() if t.existing is None),
        "children_moved": sum(len(m) for m in plan.child_moves.values()),
        "orgs_closed": len(plan.closed_orgs),
        "orgs_opened": sum(1 for s in plan.org_targets.values() if s.get("existing") is None),
        "org_children_moved": sum(len(m) for m in plan.org_child_moves.values()),
        "cadres_work_unit": Cadre.objects.filter(work_unit_id__in=list(closed)).count(),
        "cadres_party_org": Cadre.objects.filter(party_org_id__in=[o.pk for o in plan.closed_orgs]).count(),
    }


def _org_code(org: PartyOrg, old: Unit, new_code: str) -> str:
    return org.code.replace(old.code, new_code) if old.code in org.code else f"{org.code}-{new_code}"


def _org_name(org: PartyOrg, old: Unit, new_name: str) -> str:
    for candidate in (old.name, old.name.split(" ", 1)[-1]):
        if candidate and candidate in org.name:
            replacement = new_name if candidate == old.name else new_name.split(" ", 1)[-1]
            return org.name.replace(candidate, replacement)
    return f"{org.name} ({new_name})"


def _plan_orgs(plan: Plan, closed: dict, edges_by_old: dict) -> list:
    """Each open organisation leading a closed unit closes too; its successor leads the successor
    unit (a new organisation, or the one already leading an existing successor). Returns the
    problems (an organisation code already taken, an organisation left without a parent)."""
    closed_orgs, org_succ = _org_successors(plan, closed, edges_by_old)
    plan.closed_orgs = sorted(closed_orgs.values(), key=lambda o: o.path)
    problems = _check_org_codes(plan, closed_orgs)
    for old_id, items in org_succ.items():
        org = closed_orgs[old_id]
        plan.org_edges.extend((org, code, share) for code, share in items)
        succs = [
            Succ(code, plan.org_targets[code]["name"], PartyOrg.LEVELS.get(org.kind, 0), share)
            for code, share in items
        ]
        succs.sort(key=lambda s: -(s.share or ONE))
        plan.ctx.orgs[old_id] = succs
    return problems + _plan_org_children(plan, closed_orgs)


def _org_successors(plan: Plan, closed: dict, edges_by_old: dict) -> tuple[dict, dict]:
    """The open organisations leading closed units, and for each the codes of its successors
    (with the edge's share); fills `plan.org_targets`."""
    eff, targets = plan.batch.effective_on, plan.batch.targets
    led = defaultdict(list)
    for org in (
        PartyOrg.objects.filter(unit_id__in=list(closed)).filter(_open_q(eff)).select_related("parent")
    ):
        led[org.unit_id].append(org)
    existing_led = defaultdict(list)
    existing_ids = [t.existing.pk for t in targets.values() if t.existing is not None]
    for org in PartyOrg.objects.filter(unit_id__in=existing_ids).filter(_open_q(eff)):
        existing_led[org.unit_id].append(org)
    closed_orgs: dict[int, PartyOrg] = {}
    org_succ: dict[int, list] = defaultdict(list)  # old org id -> [(new org code, share)]
    for old_id, orgs in led.items():
        for org in orgs:
            closed_orgs[org.pk] = org
            for e in edges_by_old.get(old_id, []):
                code = _org_target(plan, org, closed[old_id], targets[e.target], existing_led)
                org_succ[org.pk].append((code, e.share))
    return closed_orgs, org_succ


def _org_target(plan: Plan, org: PartyOrg, old: Unit, t: Target, existing_led: dict) -> str:
    """The code of `org`'s successor at the successor unit `t`: the organisation of the same kind
    already leading an existing successor, or a new one (its spec added to `plan.org_targets`)."""
    if t.existing is not None:
        same = [o for o in existing_led.get(t.existing.pk, []) if o.kind == org.kind]
        if same:
            spec = plan.org_targets.setdefault(
                same[0].code, {"code": same[0].code, "name": same[0].name, "existing": same[0]}
            )
            return spec["code"]
    code = _org_code(org, old, t.code)
    spec = plan.org_targets.setdefault(
        code,
        {
            "code": code,
            "name": _org_name(org, old, t.existing.name if t.existing else t.name),
            "kind": org.kind,
            "unit_code": t.code,
            "old_parent": org.parent,
            "existing": None,
        },
    )
    return spec["code"]


def _check_org_codes(plan: Plan, closed_orgs: dict) -> list:
    """New organisations' codes must be free (or belong to an organisation closed here)."""
    new_codes = [c for c, s in plan.org_targets.items() if not s.get("existing")]
    taken = {o.code: o for o in PartyOrg.objects.filter(code__in=new_codes)}
    problems = []
    for code, spec in plan.org_targets.items():
        other = taken.get(code)
        if spec.get("existing") is None and other is not None and other.pk not in closed_orgs:
            problems.append(
                (
                    None,
                    _("The party organisation code %(code)s is already used by %(org)s.")
                    % {"code": code, "org": other.name},
                )
            )
    return problems


def _plan_org_children(plan: Plan, closed_orgs: dict) -> list:
    """Child organisations of closed ones: a cell follows the hamlet it leads; others (agency cells,
    organisations under an abolished district) go to their parent's successor — listed for a
    decision (`plan.org_child_moves`)."""
    if not closed_orgs:
        return []
    moved_to = plan.ctx.moved_unit_to
    unit_target_org = {}  # target unit code -> its committee's code (the first non-cell org)
    for code, spec in plan.org_targets.items():
        unit_code = spec.get("unit_code") or (spec["existing"].unit.code if spec.get("existing") else None)
        if unit_code and (unit_code not in unit_target_org or spec.get("kind") not in PartyOrg.CELL_KINDS):
            unit_target_org[unit_code] = code
    nearest = {}
    for org in plan.closed_orgs:
        succ = plan.ctx.orgs.get(org.pk)
        nearest[org.pk] = succ[0].key if succ else None
    problems = []
    undecided = 0
    for child in (
        PartyOrg.objects.filter(parent_id__in=list(closed_orgs))
        .filter(_open_q(plan.batch.effective_on))
        .exclude(pk__in=list(closed_orgs))
        .only("pk", "code", "name", "parent_id", "unit_id", "path")
    ):
        target_code = unit_target_org.get(moved_to[child.unit_id]) if child.unit_id in moved_to else None
        if target_code is None:
            target_code = _surviving_org(closed_orgs[child.parent_id], closed_orgs, nearest)
            undecided += 1
        if target_code is None:
            problems.append(
                (None, _("%(org)s would be left without a parent organisation.") % {"org": child.name})
            )
            continue
        plan.org_child_moves.setdefault(child.parent_id, {})[child.pk] = target_code
    if undecided:
        plan.decisions.append(
            _(
                "%(n)s party organisation(s) not leading a unit (agency cells, district-level cells) move "
                "under the successor of their committee: check that this is where they belong."
            )
            % {"n": undecided}
        )
    return problems


def _surviving_org(parent: PartyOrg, closed_orgs: dict, nearest: dict):
    """Where a child of the closed `parent` goes: the successor of its nearest closed ancestor
    that has one, else `("#", id)` of the surviving grand-parent, else None."""
    target_code = nearest.get(parent.pk)
    while target_code is None and parent.parent_id in closed_orgs:
        parent = closed_orgs[parent.parent_id]
        target_code = nearest.get(parent.pk)
    if target_code is None and parent.parent_id and parent.parent_id not in closed_orgs:
        target_code = ("#", parent.parent_id)  # the surviving grand-parent
    return target_code


# Applying -------------------------------------------------------------------------------------


def _reprefix(model, old_prefix: str, new_prefix: str, day, *, exclude_prefixes=(), only_prefix=None):
    """Open rows under `only_prefix` (default: under `old_prefix`, not the node itself) get their
    `old_prefix` replaced by `new_prefix`; rows of closed nodes keep their path for ever."""
    qs = model.objects.filter(path__startswith=only_prefix or old_prefix).exclude(path=old_prefix)
    qs = qs.filter(_open_q(day))
    for prefix in exclude_prefixes:
        qs = qs.exclude(path__startswith=prefix)
    return qs.update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1), output_field=CharField())
    )


@transaction.atomic
def apply_batch(batch: Batch, *, acting_user=None, plan: Plan | None = None) -> Reorganisation:
    """Check and apply a batch in one transaction; returns the Reorganisation record.

    The steps: close the units (archiving codes the successors keep), open the successors top-down,
    link them, re-parent the children; the same for the party organisations; then the people, and
    the followers."""
    plan = plan_batch(batch, acting_user=acting_user)  # re-checked inside the transaction
    record = Reorganisation.objects.create(
        kind=batch.kind,
        effective_on=batch.effective_on,
        title=batch.title[:255],
        note=batch.note,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    plan.ctx.reason = _("Reorganisation #%(id)s: %(title)s") % {"id": record.pk, "title": record.title}
    closed = {u.pk: u for u in plan.closed_units}
    _close(Unit, plan.closed_units, {t.code for t in batch.targets.values() if t.existing is None}, plan.ctx)
    created = _open_units(batch, plan.ctx)
    _link_units(plan, record, created)
    places_kept = _move_unit_children(plan, closed, created)
    closed_orgs = {o.pk: o for o in plan.closed_orgs}
    new_org_codes = {c for c, s in plan.org_targets.items() if not s.get("existing")}
    _close(PartyOrg, plan.closed_orgs, new_org_codes, plan.ctx)
    orgs_created = _open_orgs(plan, created, closed_orgs)
    _link_orgs(plan, record, orgs_created)
    _move_org_children(plan, closed_orgs, orgs_created)
    moved = _move_people(plan.ctx, closed)
    plan.ctx.applied = True
    summary = dict(plan.counts) | moved | {"unit_places_kept": places_kept}
    summary["followers"] = {str(follower.label): follower.apply(plan.ctx) for follower in followers()}
    summary["decisions"] = [str(d) for d in plan.decisions] + [
        str(d) for p in plan.followers for d in p.decisions
    ]
    record.summary = summary
    record.save(update_fields=["summary"])
    bump("units")  # the followers' bulk updates send no signals
    return record


def _close(model, nodes, new_codes: set, ctx: Context):
    """Close the nodes on the day before, in one UPDATE; a code a new successor takes is archived
    (`<code>~<yyyymmdd>`, one more UPDATE)."""
    ids = [n.pk for n in nodes]
    model.objects.filter(pk__in=ids).update(valid_to=ctx.day_before)
    archived = [n.pk for n in nodes if n.code in new_codes]
    if archived:
        model.objects.filter(pk__in=archived).update(
            code=Substr(Concat("code", Value(f"~{ctx.day_before:%Y%m%d}"), output_field=CharField()), 1, 40)
        )
    record_rows(model.objects.filter(pk__in=ids), **ctx.history())


def _open_units(batch: Batch, ctx: Context) -> dict[str, Unit]:
    """The successor units by code: the existing ones, and the new rows saved parents first."""
    created: dict[str, Unit] = {t.code: t.existing for t in batch.targets.values() if t.existing is not None}
    pending = [t for t in batch.targets.values() if t.existing is None]
    while pending:
        waiting = [t for t in pending if t.parent_code and t.parent_code in batch.targets]
        progress = False
        for t in list(pending):
            if t in waiting and t.parent_code not in created:
                continue
            created[t.code] = _new_unit(t, created, ctx)
            pending.remove(t)
            progress = True
        if not progress:  # cannot happen after plan_batch's loop check
            raise ReorgRefused([(None, _("The parents form a loop: a unit cannot sit under itself."))])
    return created


def _new_unit(t: Target, created: dict, ctx: Context) -> Unit:
    parent = created.get(t.parent_code) or (
        Unit.objects.filter(code=t.parent_code).first() if t.parent_code else None
    )
    unit = Unit(code=t.code, name=t.name, kind=t.kind, parent=parent, valid_from=t.valid_from)
    ctx.stamp(unit).save()
    return unit


def _link_units(plan: Plan, record: Reorganisation, created: dict):
    """Lineage edges (a share only for splits) and each closed unit's main successor."""
    ctx = plan.ctx
    for succs in ctx.units.values():
        for s in succs:
            s.pk = created[s.key].pk
    Lineage.objects.bulk_create(
        Lineage(
            reorganisation=record,
            predecessor_id=edge.old.pk,
            successor_id=created[edge.target].pk,
            effective_on=ctx.effective_on,
            share=edge.share if len(ctx.units.get(edge.old.pk, [])) > 1 else None,
        )
        for edge in plan.batch.edges
    )
    _set_main_successors(Unit, ctx.units, ctx)
    tree.record_history_paths(Unit, Lineage, {created[edge.target].pk for edge in plan.batch.edges})


def _move_unit_children(plan: Plan, closed: dict, created: dict) -> int:
    """Children of closed units under their successor; their open subtrees re-pathed. Where each
    re-pathed unit sat on the day before is kept (`UnitPastPath`); returns how many rows that wrote."""
    eff = plan.ctx.effective_on
    closed_paths = [u.path for u in closed.values()]
    before = _places_before([closed[old_id] for old_id, moves in plan.child_moves.items() if moves], eff)
    for old_id, moves in plan.child_moves.items():
        if not moves:
            continue
        old = closed[old_id]
        by_target = defaultdict(list)
        for child_id, code in moves.items():
            by_target[code].append(child_id)
        nested = [p for p in closed_paths if p != old.path and p.startswith(old.path)]
        for code, child_ids in by_target.items():
            target = created[code]
            update_with_history(
                Unit.objects.filter(pk__in=child_ids), parent_id=target.pk, **plan.ctx.history()
            )
            if len(by_target) == 1:
                _reprefix(Unit, old.path, target.path, eff, exclude_prefixes=nested)
            else:
                for path in Unit.objects.filter(pk__in=child_ids).values_list("path", flat=True):
                    _reprefix(Unit, old.path, target.path, eff, only_prefix=path)
    return _keep_places(before, plan.ctx.day_before)


def _places_before(olds: list, eff) -> dict[int, tuple[str, int | None]]:
    """The open units under the closed `olds` (the ones about to be re-parented in place; the closed
    ones keep their place for ever) with the path and parent each has now, the day before. One query."""
    top: list[str] = []
    for path in sorted(u.path for u in olds):
        if not any(path.startswith(p) for p in top):
            top.append(path)
    if not top:
        return {}
    under = Q()
    for prefix in top:
        under |= Q(path__startswith=prefix)
    rows = Unit.objects.filter(under).filter(_open_q(eff)).values_list("pk", "path", "parent_id")
    return {pk: (path, parent_id) for pk, path, parent_id in rows}


def _keep_places(before: dict, until) -> int:
    """One `UnitPastPath` per unit whose path changed, bulk-inserted. A second reorganisation on the
    same date finds the first one's row: the place of the day before stays."""
    ids, now = list(before), {}
    for i in range(0, len(ids), 2000):
        now.update(Unit.objects.filter(pk__in=ids[i : i + 2000]).values_list("pk", "path"))
    kept = UnitPastPath.objects.bulk_create(
        [
            UnitPastPath(unit_id=pk, path=path, parent_id=parent_id, until=until)
            for pk, (path, parent_id) in before.items()
            if now.get(pk, path) != path
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(kept)


def _open_orgs(plan: Plan, created: dict, closed_orgs: dict) -> dict[str, PartyOrg]:
    """The successor organisations by code: the existing ones, and the new ones saved in the
    order of their units' paths (parents first)."""
    orgs_created = {code: spec["existing"] for code, spec in plan.org_targets.items() if spec.get("existing")}
    specs = [s for s in plan.org_targets.values() if not s.get("existing")]
    specs.sort(key=lambda s: created[s["unit_code"]].path)
    for spec in specs:
        unit = created[spec["unit_code"]]
        parent = _new_org_parent(plan, spec, unit, closed_orgs, orgs_created)
        org = PartyOrg(
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            parent=parent,
            unit=unit,
            valid_from=plan.ctx.effective_on,
        )
        plan.ctx.stamp(org).save()
        orgs_created[spec["code"]] = org
    return orgs_created


def _new_org_parent(plan: Plan, spec: dict, unit: Unit, closed_orgs: dict, orgs_created: dict):
    """A new organisation sits under the committee leading its unit's parent; failing that, under
    its predecessor's parent (or that parent's successor); never at or above its own level."""
    parent = None
    if unit.parent_id:
        parent = (
            PartyOrg.objects.filter(unit_id=unit.parent_id)
            .filter(_open_q(plan.ctx.effective_on))
            .exclude(kind__in=PartyOrg.CELL_KINDS)
            .order_by("level")
            .first()
        )
    if parent is None:
        old_parent = spec["old_parent"]
        if old_parent is not None and old_parent.pk in closed_orgs:
            succ = plan.ctx.orgs.get(old_parent.pk)
            parent = orgs_created.get(succ[0].key) if succ else None
        elif old_parent is not None:
            parent = old_parent
    level = PartyOrg.LEVELS[spec["kind"]]
    if parent is not None and not tree.sits_below(level, parent.level):
        parent = None if level == 1 else parent
    return parent


def _link_orgs(plan: Plan, record: Reorganisation, orgs_created: dict):
    ctx = plan.ctx
    for succs in ctx.orgs.values():
        for s in succs:
            s.pk = orgs_created[s.key].pk
    OrgLineage.objects.bulk_create(
        OrgLineage(
            reorganisation=record,
            predecessor_id=org.pk,
            successor_id=orgs_created[code].pk,
            effective_on=ctx.effective_on,
            share=share if len(ctx.orgs.get(org.pk, [])) > 1 else None,
        )
        for org, code, share in plan.org_edges
    )
    _set_main_successors(PartyOrg, ctx.orgs, ctx)
    tree.record_history_paths(PartyOrg, OrgLineage, {orgs_created[code].pk for _org, code, _share in plan.org_edges})


def _move_org_children(plan: Plan, closed_orgs: dict, orgs_created: dict):
    """Children of closed organisations under their successor: one UPDATE per target, their open
    subtrees re-pathed (in one UPDATE when all of a closed organisation's children go to one)."""
    closed_paths = [o.path for o in closed_orgs.values()]
    for old_id, moves in plan.org_child_moves.items():
        old = closed_orgs[old_id]
        by_target = defaultdict(list)
        for child_id, code in moves.items():
            by_target[code].append(child_id)
        nested = [p for p in closed_paths if p != old.path and p.startswith(old.path)]
        targets = {
            code: PartyOrg.objects.get(pk=code[1]) if isinstance(code, tuple) else orgs_created[code]
            for code in by_target
        }
        for code, child_ids in by_target.items():
            target = targets[code]
            paths = list(PartyOrg.objects.filter(pk__in=child_ids).values_list("path", flat=True))
            update_with_history(
                PartyOrg.objects.filter(pk__in=child_ids), parent_id=target.pk, **plan.ctx.history()
            )
            if len(by_target) == 1 and len(child_ids) > 1:
                _reprefix(PartyOrg, old.path, target.path, plan.ctx.effective_on, exclude_prefixes=nested)
                continue
            for path in paths:
                _reprefix(PartyOrg, old.path, target.path, plan.ctx.effective_on, only_prefix=path)


def _by_main_successor(successors: dict) -> dict[int, list]:
    """{successor id: [closed ids whose main successor it is]}."""
    out = defaultdict(list)
    for old_id, succ in successors.items():
        if succ is not None:
            out[succ.pk].append(old_id)
    return out


def _set_main_successors(model, succs_of: dict, ctx: Context):
    """Each closed node's `successor`: its main successor; one UPDATE per successor (and one
    INSERT of their history)."""
    main = {old_id: succs[0] for old_id, succs in succs_of.items() if succs}
    for succ_id, old_ids in _by_main_successor(main).items():
        update_with_history(model.objects.filter(pk__in=old_ids), successor_id=succ_id, **ctx.history())


def _move_people(ctx: Context, closed: dict) -> dict:
    """Where people work and which organisation they belong to follow the main successors (an
    abolished unit's people go to its nearest successor); one UPDATE per successor."""
    unit_succ = {
        old_id: succs[0] if succs else _nearest_successor(closed[old_id], closed, ctx)
        for old_id, succs in ctx.units.items()
    }
    org_succ = {old_id: succs[0] for old_id, succs in ctx.orgs.items() if succs}
    moved_cadres = sum(
        update_with_history(
            Cadre.objects.filter(work_unit_id__in=old_ids), work_unit_id=succ_id, **ctx.history()
        )
        for succ_id, old_ids in _by_main_successor(unit_succ).items()
    )
    moved_members = sum(
        update_with_history(
            Cadre.objects.filter(party_org_id__in=old_ids), party_org_id=succ_id, **ctx.history()
        )
        for succ_id, old_ids in _by_main_successor(org_succ).items()
    )
    return {"cadres_work_unit": moved_cadres, "cadres_party_org": moved_members}


def _nearest_successor(unit: Unit, closed: dict, ctx: Context) -> Succ | None:
    """An abolished unit's people go to the successor of its nearest reorganised ancestor, or to
    its surviving parent."""
    parent_id = unit.parent_id
    while parent_id in closed:
        succs = ctx.units.get(parent_id)
        if succs:
            return succs[0]
        parent_id = closed[parent_id].parent_id
    if parent_id is None:
        return None
    parent = Unit.objects.only("pk", "code", "name", "level").get(pk=parent_id)
    return Succ(parent.code, parent.name, parent.level, None, parent.pk)


# The five services ---------------------------------------------------------------------------


def _batch(kind, effective_on, title, note=""):
    return Batch(kind=kind, effective_on=effective_on, title=title, note=note)


def merge_batch(*, sources, code, name="", kind="", parent=None, effective_on, into=None, note="") -> Batch:
    """Several units into one: a new unit (code, name, kind, parent) or an existing open one (`into`)."""
    sources = list(sources)
    if len(sources) < 2:
        raise ReorgRefused([(None, _("A merge needs at least two units."))])
    target_code = into.code if into is not None else code
    title = _("Merge of %(units)s into %(name)s") % {
        "units": ", ".join(u.name for u in sources),
        "name": into.name if into is not None else name,
    }
    b = _batch(Reorganisation.Kind.MERGE, effective_on, title, note)
    b.targets[target_code] = Target(
        code=target_code, name=name, kind=kind or sources[0].kind, parent_code=parent.code if parent else ""
    )
    b.edges = [Edge(old=u, target=target_code) for u in sources if into is None or u.pk != into.pk]
    return b


def split_batch(*, source, parts, effective_on, note="") -> Batch:
    """One unit into several. `parts`: [{"code", "name", "kind", "parent" (Unit, default the
    source's parent), "children": [codes] or "share": Decimal}] — together covering every hamlet."""
    b = _batch(
        Reorganisation.Kind.SPLIT,
        effective_on,
        _("Split of %(unit)s into %(names)s")
        % {"unit": source.name, "names": ", ".join(p["name"] for p in parts)},
        note,
    )
    if len(parts) < 2:
        raise ReorgRefused([(None, _("A split needs at least two successors."))])
    for p in parts:
        parent = p.get("parent") or source.parent
        b.targets[p["code"]] = Target(
            code=p["code"],
            name=p["name"],
            kind=p.get("kind") or source.kind,
            parent_code=parent.code if parent else "",
        )
        share = p.get("share")
        b.edges.append(
            Edge(
                old=source,
                target=p["code"],
                share=Decimal(str(share)) if share is not None else None,
                children=list(p["children"]) if p.get("children") is not None else None,
            )
        )
    return b


def move_batch(*, unit, new_parent, effective_on, new_code=None, note="") -> Batch:
    b = _batch(
        Reorganisation.Kind.MOVE,
        effective_on,
        _("Move of %(unit)s under %(parent)s") % {"unit": unit.name, "parent": new_parent.name},
        note,
    )
    code = new_code or unit.code
    b.targets[code] = Target(code=code, name=unit.name, kind=unit.kind, parent_code=new_parent.code)
    b.edges = [Edge(old=unit, target=code)]
    return b


def rename_batch(*, unit, new_name, effective_on, new_code=None, new_kind=None, note="") -> Batch:
    b = _batch(
        Reorganisation.Kind.RENAME,
        effective_on,
        _("%(old)s renamed %(new)s") % {"old": unit.name, "new": new_name},
        note,
    )
    code = new_code or unit.code
    parent = unit.parent
    b.targets[code] = Target(
        code=code, name=new_name, kind=new_kind or unit.kind, parent_code=parent.code if parent else ""
    )
    b.edges = [Edge(old=unit, target=code)]
    return b


def abolish_level_batch(*, root, level, effective_on, note="") -> Batch:
    """Abolish every unit of `level` under `root` (the districts, 01-07-2025): each is closed and
    each of its children moves up to `root` (a new row under the root, keeping its code)."""
    if level <= root.level:
        raise ReorgRefused([(None, _("Only a level below %(root)s can be abolished.") % {"root": root.name})])
    b = _batch(
        Reorganisation.Kind.ABOLISH_LEVEL,
        effective_on,
        _("Abolition of level %(level)s under %(root)s") % {"level": level, "root": root.name},
        note,
    )
    middle = list(
        Unit.objects.valid_on(effective_on - datetime.timedelta(days=1))
        .descendants_of(root)
        .filter(level=level)
        .order_by("path")
    )
    if not middle:
        raise ReorgRefused(
            [
                (
                    None,
                    _("No unit of level %(level)s lies under %(root)s.")
                    % {"level": level, "root": root.name},
                )
            ]
        )
    b.dissolved = [(u, None) for u in middle]
    for child in Unit.objects.filter(parent__in=middle).filter(_open_q(effective_on)).order_by("path"):
        b.targets[child.code] = Target(
            code=child.code, name=child.name, kind=child.kind, parent_code=root.code
        )
        b.edges.append(Edge(old=child, target=child.code))
    return b


def _service(batch_fn):
    def service(*, acting_user, preview=False, **kwargs):
        batch = batch_fn(**kwargs)
        if preview:
            return plan_batch(batch, acting_user=acting_user)
        return apply_batch(batch, acting_user=acting_user)

    service.__name__ = batch_fn.__name__.replace("_batch", "")
    service.__doc__ = (batch_fn.__doc__ or "") + (
        "\n\nWith preview=True returns the Plan (nothing written); otherwise applies it atomically and "
        "returns the Reorganisation. Raises ReorgRefused (a ValidationError) with Vietnamese messages."
    )
    return service


unit_merge = _service(merge_batch)
unit_split = _service(split_batch)
unit_move = _service(move_batch)
unit_rename = _service(rename_batch)
unit_abolish_level = _service(abolish_level_batch)


# Reads for other apps (dashboards) ------------------------------------------------------------


def lineage_of(unit: Unit) -> dict:
    """A unit's predecessors and successors with dates and shares (two queries)."""
    before = list(
        Lineage.objects.filter(successor=unit).select_related("predecessor").order_by("effective_on", "pk")
    )
    after = list(
        Lineage.objects.filter(predecessor=unit).select_related("successor").order_by("effective_on", "pk")
    )
    return {"predecessors": before, "successors": after}


def org_predecessor_ids(org_ids, *, depth: int = 5) -> dict[int, set[int]]:
    """For each organisation id, the ids of every organisation it descends from by reorganisation
    (transitively, at most `depth` reorganisations back): one query per generation."""
    out = {oid: set() for oid in org_ids}
    frontier = {oid: {oid} for oid in org_ids}
    for _generation in range(depth):
        wanted = {i for ids in frontier.values() for i in ids}
        if not wanted:
            break
        edges = defaultdict(set)
        for pred, succ in OrgLineage.objects.filter(successor_id__in=wanted).values_list(
            "predecessor_id", "successor_id"
        ):
            edges[succ].add(pred)
        nxt = {}
        for oid, ids in frontier.items():
            found = {p for i in ids for p in edges.get(i, ())} - out[oid]
            out[oid] |= found
            nxt[oid] = found
        frontier = nxt
    return out
