"""What a reorganisation means for cells (registered from CellsConfig.ready).

- A reorganisation dated inside a period whose results a committee over an affected organisation
  has published (the publish lock, `services.period_lock`) is refused: reopen the period first.
- Meetings already recorded on or after the effective date for a closed organisation move to its
  successor; earlier meetings and every computed result (`OrgResult`, stored per organisation and
  period with its path then) stay where they were, so past periods read the past tree.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.models import PartyOrg
from units.reorg import FollowerPreview

from .models import Meeting
from .services import period_lock

label = gettext_lazy("Cell meetings and results")


def preview(ctx) -> FollowerPreview:
    out = FollowerPreview(label=str(label))
    seen = set()
    for org in PartyOrg.objects.filter(pk__in=list(ctx.orgs)).only("pk", "name", "path"):
        lock = period_lock(org, ctx.effective_on)
        if lock is not None and lock.pk not in seen:
            seen.add(lock.pk)
            out.errors.append(
                _(
                    "%(day)s lies in %(period)s, whose results %(org)s has published: a reorganisation cannot "
                    "be dated inside a locked period. Reopen the period or choose another date."
                )
                % {
                    "day": ctx.effective_on.strftime("%d/%m/%Y"),
                    "period": lock.period.code,
                    "org": lock.org.name,
                }
            )
    later = Meeting.objects.filter(cell_id__in=list(ctx.orgs), held_on__gte=ctx.effective_on)
    for cell_id in sorted(set(later.values_list("cell_id", flat=True))):
        succs = ctx.orgs.get(cell_id) or []
        n = later.filter(cell_id=cell_id).count()
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
    moved = 0
    for org_id, succs in ctx.orgs.items():
        if succs:
            moved += Meeting.objects.filter(cell_id=org_id, held_on__gte=ctx.effective_on).update(
                cell_id=succs[0].pk
            )
    return {"meetings_moved": moved}
