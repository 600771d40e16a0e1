""" "Việc cần làm sau sắp xếp": the live work a reorganisation left on closed units and organisations.

After a reorganisation, the office's worklist lists what still points at a body that was closed on
the day before its effective date (or breaks a rule valid from that date), one *section* per kind of
work, and settles it in bulk: select rows, choose an action and a target, preview, confirm.

Sections come from here (new committees with no secretary) and from the followers (`<app>.reorg`)
that have the optional hooks

    worklist(wctx) -> [Section]
    settle(wctx, section, action, targets: {row id: target code or ""}, commit: bool) -> [change line]

`settle` checks every selected row again (does it still need settling? is the target open, in the
user's scope and in the reorganised area?) and raises `SettleRefused` with the reasons, writing
nothing; with `commit=True` it writes through the apps' services (history kept) inside the
transaction opened by `settle()` below, which also records the settlement (who, when, what) in the
reorganisation's `summary["settlements"]`. Each section costs a bounded number of queries whatever
the size: rows are counted in SQL and at most `PAGE` are shown.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.cache import bump
from common.history import update_with_history

from .models import Cadre, Lineage, OrgLineage, PartyOrg, Reorganisation, Unit
from .reorg import followers
from .scope import can_see_org, can_see_unit, org_q, restrict

PAGE = 100  # rows shown per section (the count says how many there are)


class SettleRefused(Exception):
    """A settlement that cannot be made; `messages` say why. Nothing was written."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class Row:
    id: str
    cells: list
    reason: str = ""
    candidates: list = field(default_factory=list)  # [(target code, label)], the likely ones first
    selected: bool = False  # the page re-shows what was posted
    chosen: str = ""


@dataclass
class Section:
    key: str
    title: str
    help: str
    columns: list
    actions: list  # [(action, label, needs a target)]
    rows: list = field(default_factory=list)
    total: int = 0
    target_label: str = ""

    @property
    def shown(self) -> int:
        return len(self.rows)


def _choose() -> str:
    return _("Choose where it goes: one of the suggestions, or type a code.")


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class WorkContext:
    """What the sections see: the reorganisation, the user, and the closed bodies with the open
    bodies that may take their work (successors; for an abolished one, its surviving parent or the
    parent's successor, then its children's successors)."""

    record: Reorganisation
    user: object
    today: datetime.date
    closed_units: dict = field(default_factory=dict)  # id -> Unit (closed the day before)
    closed_orgs: dict = field(default_factory=dict)  # id -> PartyOrg
    unit_succ: dict = field(default_factory=dict)  # closed unit id -> [open Unit] (lineage)
    unit_cand: dict = field(default_factory=dict)  # closed unit id -> [open Unit] (successors or candidates)
    org_succ: dict = field(default_factory=dict)
    org_cand: dict = field(default_factory=dict)
    roots: set = field(default_factory=set)  # first path segments of the reorganised area (units)
    org_roots: set = field(default_factory=set)

    def history(self) -> dict:
        """Who and why, for the history of the rows the work list settles (`common.history`)."""
        reason = _("Work after reorganisation #%(id)s: %(title)s") % {
            "id": self.record.pk,
            "title": self.record.title,
        }
        return {"user": self.user if getattr(self.user, "pk", None) else None, "reason": reason}

    @property
    def effective_on(self) -> datetime.date:
        return self.record.effective_on

    @property
    def day_before(self) -> datetime.date:
        return self.record.effective_on - datetime.timedelta(days=1)

    # Successors ---------------------------------------------------------------------------

    def unique_unit(self, unit_id) -> Unit | None:
        succ = self.unit_succ.get(unit_id) or []
        return succ[0] if len(succ) == 1 else None

    def unique_org(self, org_id) -> PartyOrg | None:
        succ = self.org_succ.get(org_id) or []
        return succ[0] if len(succ) == 1 else None

    def unit_choices(self, unit_id) -> list:
        return [(u.code, u.name) for u in self.unit_cand.get(unit_id, [])]

    def org_choices(self, org_id) -> list:
        return [(o.code, o.name) for o in self.org_cand.get(org_id, [])]

    # Targets: open, in the user's scope, in the reorganised area -------------------------

    def is_live(self, node) -> bool:
        return node.valid_to is None or node.valid_to >= self.today

    def target_unit(self, code) -> Unit:
        if not (code or "").strip():
            raise SettleRefused([_choose()])
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise SettleRefused([_("No unit has the code %(code)s.") % {"code": code or "—"}])
        self.check_unit(unit)
        return unit

    def check_unit(self, unit):
        if not self.is_live(unit):
            raise SettleRefused(
                [
                    _("%(unit)s was closed on %(day)s: choose an open unit.")
                    % {"unit": unit.name, "day": _d(unit.valid_to)}
                ]
            )
        if not can_see_unit(self.user, unit) or unit.path.split(".", 1)[0] not in self.roots:
            raise SettleRefused(
                [_("%(unit)s lies outside the reorganised area or your scope.") % {"unit": unit.name}]
            )

    def target_org(self, code) -> PartyOrg:
        if not (code or "").strip():
            raise SettleRefused([_choose()])
        org = PartyOrg.objects.select_related("unit").filter(code=code.strip()).first()
        if org is None:
            raise SettleRefused([_("No party organisation has the code %(code)s.") % {"code": code or "—"}])
        if not self.is_live(org):
            raise SettleRefused(
                [
                    _("%(org)s was closed on %(day)s: choose an open organisation.")
                    % {"org": org.name, "day": _d(org.valid_to)}
                ]
            )
        if not can_see_org(self.user, org) or org.path.split(".", 1)[0] not in self.org_roots:
            raise SettleRefused(
                [_("%(org)s lies outside the reorganised area or your scope.") % {"org": org.name}]
            )
        return org


def _open(node_model, ids, today):
    return {
        n.pk: n
        for n in node_model.objects.filter(pk__in=ids).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
    }


def context(record: Reorganisation, user) -> WorkContext:
    """The closed bodies of `record` in the user's scope and who may take their work (six queries)."""
    today = timezone.localdate()
    wctx = WorkContext(record=record, user=user, today=today)
    before = wctx.day_before
    wctx.closed_units = {u.pk: u for u in restrict(Unit.objects.filter(valid_to=before), user)}
    wctx.closed_orgs = {
        o.pk: o for o in PartyOrg.objects.filter(valid_to=before).filter(org_q(user)).select_related("unit")
    }
    _follow(Lineage, Unit, wctx.closed_units, wctx.unit_succ, wctx.unit_cand, wctx.roots, today)
    _follow(OrgLineage, PartyOrg, wctx.closed_orgs, wctx.org_succ, wctx.org_cand, wctx.org_roots, today)
    return wctx


def _follow(model, node_model, closed, succ, cand, roots, today):
    """Fill `succ` (closed id -> its open successors), `cand` (closed id -> who may take its work:
    the successors, or for an abolished body its parent and the successors of what lay under it) and
    `roots` (the tree roots the area spans) from the lineage `model` (two queries)."""
    roots.update(n.path.split(".", 1)[0] for n in closed.values())
    edges = list(
        model.objects.filter(
            Q(predecessor_id__in=list(closed)) | Q(predecessor__parent_id__in=list(closed))
        ).values_list("predecessor_id", "predecessor__parent_id", "successor_id")
    )
    parents = {n.parent_id for n in closed.values() if n.parent_id}
    live = _open(node_model, {s for _p, _pp, s in edges} | parents, today)
    via_children = defaultdict(list)
    for pred, pred_parent, s in edges:
        if s not in live:
            continue
        if pred in closed:
            succ.setdefault(pred, [])
            if live[s] not in succ[pred]:
                succ[pred].append(live[s])
        if pred_parent in closed and live[s] not in via_children[pred_parent]:
            via_children[pred_parent].append(live[s])
    for pk, node in closed.items():
        if succ.get(pk):
            cand[pk] = sorted(succ[pk], key=lambda n: n.name)
            continue
        # Abolished: its parent (or the parent's successor, a merged province), then the
        # successors of what lay under it.
        parent = live.get(node.parent_id) or next(iter(succ.get(node.parent_id) or []), None)
        options = sorted(via_children.get(pk, []), key=lambda n: n.name)
        cand[pk] = ([parent] if parent is not None and parent not in options else []) + options
    # The area: where the closed bodies were and where their successors are (a new province).
    roots.update(n.path.split(".", 1)[0] for options in cand.values() for n in options)


# The section kept here: new committees without a secretary ------------------------------------


def _new_orgs_without_secretary(wctx):
    return (
        PartyOrg.objects.filter(valid_from=wctx.effective_on, secretary__isnull=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=wctx.today))
        .exclude(kind__in=PartyOrg.CELL_KINDS)
        .filter(org_q(wctx.user))
    )


def secretaries_section(wctx) -> Section:
    qs = _new_orgs_without_secretary(wctx)
    section = Section(
        key="secretaries",
        title=_("New party committees with no secretary"),
        help=_(
            "Name the secretary from the organisation's members: one of the predecessors' secretaries "
            "(suggested) or any member by cadre code."
        ),
        columns=[_("Organisation"), _("Predecessors' secretaries")],
        actions=[("name_secretary", _("Name as secretary"), True)],
        total=qs.count(),
        target_label=_("Cadre code"),
    )
    orgs = list(qs.order_by("path")[:PAGE])
    leaders = defaultdict(list)
    for succ_id, code, name in (
        OrgLineage.objects.filter(successor_id__in=[o.pk for o in orgs], predecessor__secretary__isnull=False)
        .order_by("predecessor__path")
        .values_list("successor_id", "predecessor__secretary__code", "predecessor__secretary__full_name")
    ):
        leaders[succ_id].append((code, name))
    for o in orgs:
        section.rows.append(
            Row(
                id=str(o.pk),
                cells=[o.name, ", ".join(name for _c, name in leaders[o.pk]) or "—"],
                reason=_("opened on %(day)s without a secretary") % {"day": _d(o.valid_from)},
                candidates=leaders[o.pk],
            )
        )
    return section


def settle_secretaries(wctx, action, targets, commit):
    if action != "name_secretary":
        raise SettleRefused([_("Unknown action.")])
    orgs = {str(o.pk): o for o in PartyOrg.objects.filter(pk__in=_int_ids(targets)).select_related("unit")}
    still = set(
        _new_orgs_without_secretary(wctx)
        .filter(pk__in=[o.pk for o in orgs.values()])
        .values_list("pk", flat=True)
    )
    codes = {c.strip() for c in targets.values() if c and c.strip()}
    cadres = {c.code: c for c in Cadre.objects.filter(code__in=codes).select_related("party_org")}
    problems, changes, chosen = [], [], defaultdict(list)
    for row_id, code in targets.items():
        org = orgs.get(row_id)
        cadre = cadres.get((code or "").strip())
        problem = _secretary_problem(org, org is not None and org.pk in still, row_id, cadre, code)
        if problem:
            problems.append(problem)
            continue
        chosen[cadre.pk].append(org)
        changes.append(
            _("%(org)s: secretary %(cadre)s (%(code)s)")
            % {"org": org.name, "cadre": cadre.full_name, "code": cadre.code}
        )
    for orgs_of in chosen.values():
        if len(orgs_of) > 1:
            problems.append(
                _("One cadre cannot be named secretary of %(orgs)s at once.")
                % {"orgs": ", ".join(o.name for o in orgs_of)}
            )
    if problems:
        raise SettleRefused(problems)
    if commit:
        for cadre_id, orgs_of in chosen.items():
            update_with_history(
                PartyOrg.objects.filter(pk__in=[o.pk for o in orgs_of]),
                secretary_id=cadre_id,
                **wctx.history(),
            )
        bump("units")
    return changes


def _secretary_problem(org, needs_one, row_id, cadre, code):
    """Why `cadre` cannot be named secretary of `org` (row `row_id`), or None."""
    if not needs_one:
        return _("%(org)s no longer needs a secretary (it has one, or it is closed).") % {
            "org": org.name if org else row_id
        }
    if cadre is None:
        return _("%(org)s: no cadre has the code %(code)s.") % {"org": org.name, "code": code or "—"}
    if cadre.party_org is None or not cadre.party_org.path.startswith(org.path):
        return _("%(cadre)s is not a member of %(org)s: the secretary is chosen from its members.") % {
            "cadre": cadre.full_name,
            "org": org.name,
        }
    return None


def _int_ids(targets) -> list[int]:
    return [int(i) for i in targets if str(i).isdigit()]


class _Own:
    """This module's own section, in the follower protocol."""

    @staticmethod
    def worklist(wctx):
        return [secretaries_section(wctx)]

    @staticmethod
    def settle(wctx, section, action, targets, commit):
        if section != "secretaries":
            return None
        return settle_secretaries(wctx, action, targets, commit)


def _providers():
    return [_Own] + [f for f in followers() if hasattr(f, "worklist") and hasattr(f, "settle")]


def sections(record: Reorganisation, user) -> tuple[WorkContext, list[Section]]:
    wctx = context(record, user)
    out = []
    for provider in _providers():
        out.extend(provider.worklist(wctx))
    return wctx, out


def settle(record: Reorganisation, user, *, section: str, action: str, targets: dict, commit: bool) -> list:
    """Preview (commit=False) or apply one bulk settlement; returns the change lines. All or nothing:
    refused with every reason when one selected row cannot be settled."""
    if not targets:
        raise SettleRefused([_("Select at least one row.")])
    with transaction.atomic():
        wctx = context(record, user)
        for provider in _providers():
            changes = provider.settle(wctx, section, action, targets, commit)
            if changes is not None:
                break
        else:
            raise SettleRefused([_("Unknown list.")])
        if commit:
            locked = Reorganisation.objects.select_for_update().get(pk=record.pk)
            summary = dict(locked.summary or {})
            summary["settlements"] = list(summary.get("settlements", [])) + [
                {
                    "section": section,
                    "action": action,
                    "rows": sorted(targets),
                    "targets": {k: v for k, v in sorted(targets.items()) if v},
                    "count": len(targets),
                    "by": user.username,
                    "by_id": user.pk,
                    "at": timezone.now().isoformat(timespec="seconds"),
                }
            ]
            locked.summary = summary
            locked.save(update_fields=["summary"])
    return changes
