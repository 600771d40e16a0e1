"""What a reorganisation means for cells (found by name by `units.reorg.followers`).

Published history is immutable:
- A reorganisation is refused when a committee has published the results of a period ending on or
  after its effective date and the reorganisation would move organisations of that committee (it
  closes the committee, an organisation under it, or one above it): the published period's tree
  would change under it. Reopen the period first (or date the reorganisation after it).
- Organisations re-parented in place (cells and committees below a closed organisation) keep the
  path they had the day before in `PastPath`, so the structure of every earlier date stays
  derivable (`cells.structure`): earlier periods are recomputed, locked and read on their own tree,
  and every stored `OrgResult` stays as it is.
- Meetings already recorded on or after the effective date for a closed organisation move to its
  successor; earlier meetings stay.
- On the worklist (`worklist` / `settle`): the organisations that sat directly under a committee the
  reorganisation abolished (closed with no successor: a district committee in 2025) and were placed
  under its parent's successor, e.g. "Chi bộ Cơ quan UBND huyện" of a body that no longer exists. The
  office confirms that each goes on where it is, or closes it and moves its members.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import CharField, Count, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.cache import bump
from common.history import update_with_history
from units.models import Cadre, PartyOrg
from units.reorg import FollowerPreview
from units.scope import org_q
from units.worklist import PAGE, Row, Section, SettleRefused

from . import structure
from .models import Announcement, Meeting, PastPath

label = gettext_lazy("Cell meetings and results")

# The paths of the organisations about to be re-parented, read by `preview` (which `units.reorg`
# runs on the same context before it writes anything) and kept by `apply` once they have changed.
PATHS_BEFORE = "cells_paths_before"


def _top_prefixes(ctx) -> list[str]:
    """The paths of the organisations the reorganisation closes, without those under another one."""
    top = []
    for path in sorted(set(ctx.org_paths.values())):
        if not any(path.startswith(p) for p in top):
            top.append(path)
    return top


def _paths_before(ctx, prefixes) -> dict[int, str]:
    """The open organisations under a closed one (the ones re-parented in place; the closed ones
    themselves keep their path, so `apply` finds them unchanged) and the path each had on the day
    before the reorganisation. One query."""
    if not prefixes:
        return {}
    under = Q()
    for prefix in prefixes:
        under |= Q(path__startswith=prefix)
    return dict(
        PartyOrg.objects.filter(under)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=ctx.effective_on))
        .annotate(path_then=structure.path_on(ctx.day_before))
        .values_list("pk", "path_then")
    )


def _lock_errors(ctx, prefixes) -> list[str]:
    """Published periods ending on or after the effective date whose committee's subtree (as on the
    period's last day) meets an organisation the reorganisation closes. One query."""
    if not prefixes:
        return []
    published = (
        Announcement.objects.filter(
            status=Announcement.Status.PUBLISHED, period__ends_on__gte=ctx.effective_on
        )
        .annotate(org_path=structure.path_on(OuterRef("period__ends_on"), org="org_id", path="org__path"))
        .select_related("org", "period")
        .order_by("period__starts_on", "org_path")
    )
    day = ctx.effective_on.strftime("%d/%m/%Y")
    errors, seen = [], set()
    for lock in published:
        if lock.period_id in seen:
            continue
        if not any(lock.org_path.startswith(p) or p.startswith(lock.org_path) for p in prefixes):
            continue
        seen.add(lock.period_id)
        values = {"day": day, "period": lock.period.code, "org": lock.org.name}
        if lock.period.starts_on <= ctx.effective_on:
            errors.append(
                _(
                    "%(day)s lies in %(period)s, whose results %(org)s has published: a reorganisation cannot "
                    "be dated inside a locked period. Reopen the period or choose another date."
                )
                % values
            )
        else:
            errors.append(
                _(
                    "%(org)s has published the results of %(period)s, after %(day)s, on the present "
                    "organisations: a reorganisation dated %(day)s would change that period's tree. Reopen "
                    "the period first."
                )
                % values
            )
    return errors


def preview(ctx) -> FollowerPreview:
    out = FollowerPreview(label=str(label))
    prefixes = _top_prefixes(ctx)
    out.errors.extend(_lock_errors(ctx, prefixes))
    setattr(ctx, PATHS_BEFORE, _paths_before(ctx, prefixes))
    later = (
        Meeting.objects.filter(cell_id__in=list(ctx.orgs), held_on__gte=ctx.effective_on)
        .values("cell_id")
        .annotate(n=Count("pk"))
        .order_by("cell_id")
    )
    for row in later:
        cell_id, n = row["cell_id"], row["n"]
        succs = ctx.orgs.get(cell_id) or []
        if succs:
            out.moves.append(
                _("%(n)s meeting(s) dated from %(day)s: %(old)s → %(new)s")
                % {
                    "n": n,
                    "day": ctx.effective_on.strftime("%d/%m/%Y"),
                    "old": ctx.org_names.get(cell_id, cell_id),
                    "new": succs[0].name,
                }
            )
        else:
            out.decisions.append(
                _("%(n)s meeting(s) of %(org)s are dated after it closes.")
                % {"n": n, "org": ctx.org_names.get(cell_id, cell_id)}
            )
    return out


def apply(ctx) -> dict:
    before = getattr(ctx, PATHS_BEFORE, None)
    if before is None:  # never silently: without them the structure of earlier dates would be lost
        raise RuntimeError(
            "cells.reorg.apply needs the paths read by cells.reorg.preview on the same context"
        )
    ids, now = list(before), {}
    for i in range(0, len(ids), 2000):
        now.update(PartyOrg.objects.filter(pk__in=ids[i : i + 2000]).values_list("pk", "path"))
    # A second reorganisation on the same date finds the first one's row: the path of the day before stays.
    kept = PastPath.objects.bulk_create(
        [
            PastPath(org_id=pk, path=path, until=ctx.day_before)
            for pk, path in before.items()
            if now.get(pk, path) != path
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    moved = 0
    user = ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None
    for org_id, succs in ctx.orgs.items():
        if succs:
            moved += update_with_history(
                Meeting.objects.filter(cell_id=org_id, held_on__gte=ctx.effective_on),
                user=user,
                cell_id=succs[0].pk,
            )
    return {"meetings_moved": moved, "paths_kept": len(kept)}


# The worklist after the reorganisation (units.worklist) ----------------------------------------

SECTION = "moved_up"


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


def _settled(wctx) -> set[str]:
    return {
        row
        for done in (wctx.record.summary or {}).get("settlements", [])
        if done.get("section") == SECTION
        for row in done.get("rows", [])
    }


def _moved_up(wctx):
    """Open organisations whose parent on the day before was an abolished committee (its path then
    was the committee's path and its own id), not yet settled. One query."""
    abolished = [o for pk, o in wctx.closed_orgs.items() if not wctx.org_succ.get(pk)]
    if not abolished:
        return PartyOrg.objects.none()
    own = Cast("org_id", CharField())
    directly_under = reduce(
        or_, (Q(path=Concat(Value(o.path), own, Value("."), output_field=CharField())) for o in abolished)
    )
    then = PastPath.objects.filter(until=wctx.day_before).filter(directly_under).values("org_id")
    return (
        PartyOrg.objects.filter(pk__in=then)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=wctx.today))
        .filter(org_q(wctx.user))
        .exclude(pk__in=[int(r) for r in _settled(wctx) if r.isdigit()])
    )


def worklist(wctx) -> list:
    qs = _moved_up(wctx)
    section = Section(
        key=SECTION,
        title=_("Organisations moved up from an abolished committee"),
        help=_(
            "Their committee was abolished on %(day)s and they were placed under its parent's successor. "
            "Confirm that each goes on where it is, or close it (from today) and move its members to "
            "the organisation you choose."
        )
        % {"day": _d(wctx.day_before)},
        columns=[_("Organisation"), _("Now under"), _("Members")],
        actions=[
            ("keep", _("It goes on where it is"), False),
            ("close", _("Close it and move its members"), True),
        ],
        total=qs.count(),
        target_label=_("Organisation code"),
    )
    rows = list(
        qs.select_related("parent").annotate(n=Count("members", distinct=True)).order_by("path")[:PAGE]
    )
    for org in rows:
        parent = org.parent
        section.rows.append(
            Row(
                id=str(org.pk),
                cells=[org.name, parent.name if parent else "—", org.n],
                reason=_("its committee was abolished on %(day)s") % {"day": _d(wctx.day_before)},
                candidates=[(parent.code, parent.name)] if parent else [],
            )
        )
    return [section]


def settle(wctx, section, action, targets, commit):
    if section != SECTION:
        return None
    if action not in ("keep", "close"):
        raise SettleRefused([_("Unknown action.")])
    orgs = {
        str(o.pk): o for o in _moved_up(wctx).filter(pk__in=[int(i) for i in targets if str(i).isdigit()])
    }
    problems = [
        _("Organisation %(row)s no longer needs settling (settled, or closed).") % {"row": row}
        for row in targets
        if row not in orgs
    ]
    if problems:
        raise SettleRefused(problems)
    if action == "keep":
        return [
            _("%(org)s goes on under %(parent)s") % {"org": o.name, "parent": o.parent.name}
            for o in orgs.values()
        ]
    return _close_and_move(wctx, orgs, targets, commit)


def _close_and_move(wctx, orgs, targets, commit):
    problems, plans = [], []
    yesterday = wctx.today - datetime.timedelta(days=1)
    for row_id, org in orgs.items():
        try:
            target = wctx.target_org(targets[row_id])
        except SettleRefused as exc:
            problems.extend(f"{org.name}: {m}" for m in exc.messages)
            continue
        if target.path.startswith(org.path):
            problems.append(_("%(org)s cannot move its members into itself.") % {"org": org.name})
            continue
        plans.append((org, target))
    blocked = _still_in_use(wctx, [o for o, _t in plans])
    problems.extend(blocked)
    if problems:
        raise SettleRefused(problems)
    changes = []
    for org, target in plans:
        members = Cadre.objects.filter(party_org=org)
        changes.append(
            _("%(org)s closes on %(day)s; its %(n)s members move to %(target)s")
            % {"org": org.name, "day": _d(yesterday), "n": members.count(), "target": target.name}
        )
        if commit:
            update_with_history(members, party_org=target, **wctx.history())
            update_with_history(PartyOrg.objects.filter(pk=org.pk), valid_to=yesterday, **wctx.history())
    if commit:
        bump("units")  # bulk updates send no signals
    return changes


def _still_in_use(wctx, orgs) -> list[str]:
    """A cell with organisations under it, or meetings from today on, cannot close today."""
    if not orgs:
        return []
    ids = [o.pk for o in orgs]
    names = {o.pk: o.name for o in orgs}
    out = []
    for parent_id in (
        PartyOrg.objects.filter(parent_id__in=ids)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=wctx.today))
        .values_list("parent_id", flat=True)
        .distinct()
    ):
        out.append(
            _("%(org)s still has organisations under it: reorganise them first.") % {"org": names[parent_id]}
        )
    for cell_id in (
        Meeting.objects.filter(cell_id__in=ids, held_on__gte=wctx.today)
        .values_list("cell_id", flat=True)
        .distinct()
    ):
        out.append(_("%(org)s has meetings from today on: it cannot close today.") % {"org": names[cell_id]})
    return out
