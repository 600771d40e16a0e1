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
"""

from django.db.models import Count, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.models import PartyOrg
from units.reorg import FollowerPreview

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
    for org_id, succs in ctx.orgs.items():
        if succs:
            moved += Meeting.objects.filter(cell_id=org_id, held_on__gte=ctx.effective_on).update(
                cell_id=succs[0].pk
            )
    return {"meetings_moved": moved, "paths_kept": len(kept)}
