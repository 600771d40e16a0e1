"""What follows a reorganisation in pledges: this year's pledges and commitments of closed
organisations move to the successor organisation (registered from PledgesConfig.ready).

"Current" means the year of the effective date and later: earlier years stay with the organisation
they were made in (history). A collective pledge or commitment cannot move onto an organisation
that already has one for that year (a merge of several committees): it stays and is listed.

The worklist (`units.worklist`, through `worklist()` / `settle()`) lists what is left: current records
still on closed organisations, and records whose approver was closed (the owner led only a closed
committee), settled by moving them or by naming the owner to lead the successor committee.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from common.cache import bump
from common.history import update_with_history
from units.models import PartyOrg
from units.reorg import FollowerPreview
from units.scope import org_q
from units.worklist import PAGE, Row, Section, SettleRefused

from .models import Commitment, Pledge
from .rules import approver_org_id_expression


def _d(day):
    return day.strftime("%d/%m/%Y")


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
    user = ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None
    for model, _noun in MODELS:
        moves, _blocked = _plan(model, ctx)
        by_key = {}
        for pk, _org_id, key in moves:
            by_key.setdefault(key, []).append(pk)
        n = 0
        for key, pks in by_key.items():
            succ_pk = next(s.pk for succs in ctx.orgs.values() for s in succs if s.key == key)
            n += update_with_history(model.objects.filter(pk__in=pks), user=user, org_id=succ_pk)
        counts[model._meta.model_name + "s_moved"] = n
    return counts


# The worklist after the reorganisation (units.worklist) ----------------------------------------


def _rows_on_closed_orgs(wctx, model):
    return model.objects.filter(org_id__in=list(wctx.closed_orgs), year__gte=wctx.effective_on.year)


def _rows_with_closed_approver(wctx, model):
    """This year's records (and later) of open organisations whose approver (the SQL twin of
    `rules.approver_org`) was closed by the reorganisation: a secretary of a closed committee."""
    return (
        model.objects.filter(year__gte=wctx.effective_on.year)
        .exclude(org_id__in=list(wctx.closed_orgs))
        .annotate(approver=approver_org_id_expression())
        .filter(approver__in=list(wctx.closed_orgs))
    )


def _row_id(model, pk):
    return f"{model._meta.model_name}-{pk}"


def _split_ids(targets):
    """{"pledge-3": code} -> {Pledge: {3: (row id, code)}}; unknown row ids are kept aside."""
    out, unknown = {m: {} for m, _n in MODELS}, []
    names = {m._meta.model_name: m for m, _n in MODELS}
    for row_id, code in targets.items():
        name, _sep, pk = str(row_id).partition("-")
        if name in names and pk.isdigit():
            out[names[name]][int(pk)] = (row_id, (code or "").strip())
        else:
            unknown.append(row_id)
    return out, unknown


def _scoped(qs, wctx):
    return qs.filter(org_q(wctx.user, "org__"))


def worklist(wctx) -> list:
    orgs = Section(
        key="pledge_orgs",
        title=_("Pledges and commitments of closed organisations"),
        help=_(
            "Collective records that could not follow (the successor already has one, or there is none) "
            "and records of abolished organisations: move each to the organisation it now belongs to."
        ),
        columns=[_("Record"), _("Owner"), _("Year"), _("Closed organisation")],
        actions=[("move", _("Move to the chosen organisation"), True)],
        target_label=_("Organisation code"),
    )
    approvers = Section(
        key="pledge_approvers",
        title=_("Pledges and commitments whose approver was closed"),
        help=_(
            "The owner leads only a closed committee, so the record would be decided by the closed committee "
            "above it. Name the owner secretary (or deputy, as before) of the committee that succeeded theirs."
        ),
        columns=[_("Record"), _("Owner"), _("Year"), _("Closed approver")],
        actions=[("lead", _("Name the owner to lead the chosen committee"), True)],
        target_label=_("Organisation code"),
    )
    for model, noun in MODELS:
        qs = _scoped(_rows_on_closed_orgs(wctx, model), wctx)
        orgs.total += qs.count()
        for obj in qs.select_related("cadre").order_by("org__path", "pk")[: PAGE - orgs.shown]:
            org = wctx.closed_orgs[obj.org_id]
            orgs.rows.append(
                Row(
                    id=_row_id(model, obj.pk),
                    cells=[str(noun), obj.cadre.full_name if obj.cadre_id else org.name, obj.year, org.name],
                    reason=_("%(org)s closed on %(day)s") % {"org": org.name, "day": _d(org.valid_to)},
                    candidates=wctx.org_choices(obj.org_id),
                )
            )
        qs = _scoped(_rows_with_closed_approver(wctx, model), wctx)
        approvers.total += qs.count()
        found = list(qs.select_related("cadre", "org").order_by("org__path", "pk")[: PAGE - approvers.shown])
        led = _led_closed(wctx, [o.cadre_id for o in found if o.cadre_id])
        for obj in found:
            approver = wctx.closed_orgs[obj.approver]
            mine = led.get(obj.cadre_id)
            approvers.rows.append(
                Row(
                    id=_row_id(model, obj.pk),
                    cells=[str(noun), obj.owner_name, obj.year, approver.name],
                    reason=_("%(org)s closed on %(day)s")
                    % {"org": approver.name, "day": _d(approver.valid_to)},
                    candidates=wctx.org_choices(mine[0].pk) if mine else [],
                )
            )
    return [orgs, approvers]


def _led_closed(wctx, cadre_ids) -> dict:
    """cadre id -> the closed organisations they were secretary or deputy of (highest first)."""
    out = {}
    for org in sorted(
        (
            o
            for o in wctx.closed_orgs.values()
            if o.secretary_id in cadre_ids or o.deputy_secretary_id in cadre_ids
        ),
        key=lambda o: (o.level, o.path),
    ):
        for cadre_id in (org.secretary_id, org.deputy_secretary_id):
            if cadre_id in cadre_ids:
                out.setdefault(cadre_id, []).append(org)
    return out


def settle(wctx, section, action, targets, commit):
    if section == "pledge_orgs":
        return _settle_orgs(wctx, action, targets, commit)
    if section == "pledge_approvers":
        return _settle_approvers(wctx, action, targets, commit)
    return None


def _settle_orgs(wctx, action, targets, commit):
    if action != "move":
        raise SettleRefused([_("Unknown action.")])
    by_model, problems = _split_ids(targets)
    problems = [_("Row %(row)s is not a pledge or a commitment.") % {"row": r} for r in problems]
    plans, changes, resolved = [], [], {}
    for model, noun in MODELS:
        wanted = by_model[model]
        rows = {o.pk: o for o in _scoped(_rows_on_closed_orgs(wctx, model), wctx).filter(pk__in=list(wanted))}
        taken = set(
            model.objects.filter(cadre__isnull=True, year__gte=wctx.effective_on.year).values_list(
                "org_id", "year"
            )
        )
        for pk, (row_id, code) in wanted.items():
            obj = rows.get(pk)
            if obj is None:
                problems.append(
                    _("%(what)s %(row)s no longer needs settling (moved already).")
                    % {"what": noun, "row": row_id}
                )
                continue
            try:
                target = resolved[code] if code in resolved else wctx.target_org(code)
            except SettleRefused as exc:
                problems.extend(f"{row_id}: {m}" for m in exc.messages)
                continue
            resolved[code] = target
            if obj.cadre_id is None:
                if (target.pk, obj.year) in taken:
                    problems.append(
                        _(
                            "%(org)s already has a collective %(what)s for %(year)s: it cannot take a second one."
                        )
                        % {"org": target.name, "what": noun, "year": obj.year}
                    )
                    continue
                taken.add((target.pk, obj.year))
            changes.append(
                _("%(what)s %(year)s: %(old)s → %(new)s")
                % {
                    "what": noun,
                    "year": obj.year,
                    "old": wctx.closed_orgs[obj.org_id].name,
                    "new": target.name,
                }
            )
            obj.org = target
            plans.append((model, obj))
    if problems:
        raise SettleRefused(problems)
    if commit:
        for model, _noun in MODELS:
            objs = [o for m, o in plans if m is model]
            if objs:
                bulk_update_with_history(objs, model, ["org"], default_user=wctx.user)
                for o in objs:
                    if model is Pledge:
                        bump(f"pledge-{o.pk}")
    return changes


def _settle_approvers(wctx, action, targets, commit):
    """Name each record's owner secretary (or deputy) of the chosen open committee, which then decides
    on their records (`rules.led_orgs` puts open organisations first)."""
    if action != "lead":
        raise SettleRefused([_("Unknown action.")])
    by_model, problems = _split_ids(targets)
    problems = [_("Row %(row)s is not a pledge or a commitment.") % {"row": r} for r in problems]
    rows = _still_unsettled(wctx, by_model, problems)
    led = _led_closed(wctx, [o.cadre_id for o, _c in rows if o.cadre_id])
    seats, changes, resolved = {}, [], {}
    for obj, code in rows:
        refused, change = _seat(wctx, obj, code, led.get(obj.cadre_id), resolved, seats)
        problems += refused
        changes += [change] if change else []
    if problems:
        raise SettleRefused(problems)
    if commit:
        for (org_id, field), cadre_id in seats.items():
            update_with_history(PartyOrg.objects.filter(pk=org_id), **{field: cadre_id}, **wctx.history())
        bump("units")
    return changes


def _still_unsettled(wctx, by_model, problems) -> list[tuple]:
    """(record, committee code) for the chosen rows whose approver is still closed; a problem for the
    others."""
    rows = []
    for model, noun in MODELS:
        wanted = by_model[model]
        found = {
            o.pk: o
            for o in _scoped(_rows_with_closed_approver(wctx, model), wctx)
            .filter(pk__in=list(wanted))
            .select_related("cadre")
        }
        for pk, (row_id, code) in wanted.items():
            if pk not in found:
                problems.append(
                    _("%(what)s %(row)s no longer needs settling (its approver is open).")
                    % {"what": noun, "row": row_id}
                )
            else:
                rows.append((found[pk], code))
    return rows


def _seat(wctx, obj, code, mine, resolved, seats):
    """Seat the owner of `obj` in the committee `code` as what they were in the closed one they led
    (`mine`): returns (problems, change line or None); records the seat in `seats`."""
    if not mine:
        return [
            _("%(owner)s leads no closed committee: nothing to hand over.") % {"owner": obj.owner_name}
        ], None
    try:
        target = resolved[code] if code in resolved else wctx.target_org(code)
    except SettleRefused as exc:
        return [f"{obj.owner_name}: {m}" for m in exc.messages], None
    resolved[code] = target
    field = "secretary_id" if mine[0].secretary_id == obj.cadre_id else "deputy_secretary_id"
    role = _("secretary") if field == "secretary_id" else _("deputy secretary")
    holder = getattr(target, field)
    if holder not in (None, obj.cadre_id) or seats.get((target.pk, field), obj.cadre_id) != obj.cadre_id:
        return [
            _("%(org)s already has a %(role)s: choose another committee or change it first.")
            % {"org": target.name, "role": role}
        ], None
    if (target.pk, field) in seats:
        return [], None  # the same person's other record
    seats[(target.pk, field)] = obj.cadre_id
    return [], _("%(owner)s becomes %(role)s of %(org)s (was %(old)s)") % {
        "owner": obj.owner_name,
        "role": role,
        "org": target.name,
        "old": mine[0].name,
    }
