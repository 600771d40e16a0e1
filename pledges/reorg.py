"""What follows a reorganisation in pledges: this year's pledges and commitments of closed
organisations move to the successor organisation (registered from PledgesConfig.ready).

"Current" means the year of the effective date and later: earlier years stay with the organisation
they were made in (history). A collective pledge or commitment cannot move onto an organisation
that already has one for that year (a merge of several committees): it stays and is listed.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.reorg import FollowerPreview

from .models import Commitment, Pledge

label = gettext_lazy("Pledges and commitments")
MODELS = ((Pledge, gettext_lazy("pledge(s)")), (Commitment, gettext_lazy("commitment(s)")))


def _current(model, ctx):
    return model.objects.filter(org_id__in=list(ctx.orgs), year__gte=ctx.effective_on.year)


def _plan(model, ctx):
    """[(row id, successor org key or None)] and the collectives that cannot move."""
    moves, blocked = [], []
    taken = set()  # (successor key, year) already holding a collective record
    for pk, org_id, cadre_id, year in (
        _current(model, ctx).order_by("org__path", "pk").values_list("pk", "org_id", "cadre_id", "year")
    ):
        succs = ctx.orgs.get(org_id) or []
        if not succs:
            blocked.append((pk, org_id))
            continue
        key = succs[0].key
        if cadre_id is None:
            if (key, year) in taken:
                blocked.append((pk, org_id))
                continue
            taken.add((key, year))
        moves.append((pk, org_id, key))
    return moves, blocked


def preview(ctx) -> FollowerPreview:
    out = FollowerPreview(label=str(label))
    for model, noun in MODELS:
        moves, blocked = _plan(model, ctx)
        by_pair = {}
        for _pk, org_id, key in moves:
            by_pair.setdefault((org_id, key), 0)
            by_pair[(org_id, key)] += 1
        for (org_id, key), n in by_pair.items():
            succ = next(s for s in ctx.orgs[org_id] if s.key == key)
            out.moves.append(
                _("%(n)s %(what)s: %(old)s → %(new)s")
                % {"n": n, "what": noun, "old": ctx.org_names.get(org_id, org_id), "new": succ.name}
            )
        for _pk, org_id in blocked:
            out.decisions.append(
                _(
                    "A collective %(what)s of %(org)s stays with it (the successor already has one, or there is none)."
                )
                % {"what": noun, "org": ctx.org_names.get(org_id, org_id)}
            )
    return out


def apply(ctx) -> dict:
    counts = {}
    for model, _noun in MODELS:
        moves, _blocked = _plan(model, ctx)
        by_key = {}
        for pk, _org_id, key in moves:
            by_key.setdefault(key, []).append(pk)
        n = 0
        for key, pks in by_key.items():
            succ_pk = next(s.pk for succs in ctx.orgs.values() for s in succs if s.key == key)
            n += model.objects.filter(pk__in=pks).update(org_id=succ_pk)
        counts[model._meta.model_name + "s_moved"] = n
    return counts
