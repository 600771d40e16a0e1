"""What follows a reorganisation in assignments: open support assignments and pending petitions.

Registered with `units.reorg.register_follower` from AssignmentsConfig.ready. An open assignment on
a closed unit ends the day before the effective date and a new one on the successor starts on it
(the history of who followed what stays true); a pending petition moves to the successor; an agency
of a closed unit with a single successor moves to it. Where no single answer exists (a split, an
abolished unit, a successor at another level) the preview says so, and the worklist
(`units.worklist`, through `worklist()` / `settle()` below) lists what is left: assignments whose
level pair the rules valid now no longer allow, agencies on closed units, petitions routed to them.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from common.cache import bump
from common.history import update_with_history
from units.reorg import FollowerPreview
from units.scope import can_see_unit, restrict
from units.worklist import PAGE, Row, Section, SettleRefused

from .models import Agency, Assignment, CadreKind, LevelRule, Petition

label = gettext_lazy("Support assignments and petitions")


def _open_assignments(ctx):
    return (
        Assignment.objects.filter(unit_id__in=list(ctx.units))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=ctx.effective_on))
        .select_related("cadre", "unit")
        .order_by("unit__path", "cadre__full_name")
    )


def _pending_petitions(ctx):
    return Petition.objects.filter(unit_id__in=list(ctx.units), status__in=Petition.OPEN)


def _target(ctx, assignment):
    """The successor an assignment goes to, or None with the reason it needs a decision."""
    succs = ctx.units.get(assignment.unit_id) or []
    if not succs:
        return None, _("%(unit)s is abolished") % {"unit": assignment.unit.name}
    succ = succs[0]
    if succ.level != assignment.unit.level:
        return None, _("its successor %(name)s is at another level") % {"name": succ.name}
    return succ, ""


def preview(ctx) -> FollowerPreview:
    out = FollowerPreview(label=str(label))
    for a in _open_assignments(ctx):
        succ, why = _target(ctx, a)
        if succ is None:
            out.decisions.append(
                _(
                    "%(cadre)s follows %(unit)s: the assignment ends on %(day)s (%(why)s); assign again if needed."
                )
                % {
                    "cadre": a.cadre.full_name,
                    "unit": a.unit.name,
                    "day": ctx.day_before.strftime("%d/%m/%Y"),
                    "why": why,
                }
            )
            continue
        out.moves.append(
            _("Assignment of %(cadre)s: %(old)s → %(new)s")
            % {"cadre": a.cadre.full_name, "old": a.unit.name, "new": succ.name}
        )
        if len(ctx.units[a.unit_id]) > 1:
            out.decisions.append(
                _("%(cadre)s followed %(unit)s, which is split: the assignment goes to %(new)s.")
                % {"cadre": a.cadre.full_name, "unit": a.unit.name, "new": succ.name}
            )
    agencies = list(Agency.objects.filter(unit_id__in=list(ctx.units), is_active=True).values_list("unit_id", "name"))
    for unit_id, name in agencies:
        succs = ctx.units.get(unit_id) or []
        if len(succs) == 1:
            out.moves.append(_("Agency %(agency)s: %(old)s → %(new)s") % {
                "agency": name, "old": ctx.unit_names.get(unit_id, unit_id), "new": succs[0].name})
        else:
            out.decisions.append(
                _("Agency %(agency)s stays on %(unit)s, which has no single successor: see the worklist.")
                % {"agency": name, "unit": ctx.unit_names.get(unit_id, unit_id)}
            )
    petitions = list(_pending_petitions(ctx).values_list("unit_id", flat=True))
    for unit_id in sorted(set(petitions)):
        n = petitions.count(unit_id)
        succs = ctx.units.get(unit_id) or []
        if not succs:
            out.decisions.append(
                _("%(n)s pending petition(s) of %(unit)s stay there: its level is abolished; forward them.")
                % {"n": n, "unit": ctx.unit_names.get(unit_id, unit_id)}
            )
            continue
        out.moves.append(
            _("%(n)s pending petition(s): %(old)s → %(new)s")
            % {"n": n, "old": ctx.unit_names.get(unit_id, unit_id), "new": succs[0].name}
        )
        if len(succs) > 1:
            out.decisions.append(
                _("%(n)s pending petition(s) of the split %(unit)s go to %(new)s: check each one.")
                % {"n": n, "unit": ctx.unit_names.get(unit_id, unit_id), "new": succs[0].name}
            )
    return out


def apply(ctx) -> dict:
    ended = moved = created = 0
    open_pairs = set(
        Assignment.objects.filter(ends_on__isnull=True).values_list("cadre_id", "unit_id")
    )  # one open assignment per cadre and unit
    user = ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None
    moves, successions = [], []  # written in bulk with their history once the loop has decided
    for a in _open_assignments(ctx):
        succ, _why = _target(ctx, a)
        if a.starts_on >= ctx.effective_on and succ is not None and (a.cadre_id, succ.pk) not in open_pairs:
            a.unit_id = succ.pk
            moves.append(a)
            open_pairs.add((a.cadre_id, succ.pk))
            moved += 1
            continue
        was_open = a.ends_on is None
        old_end = a.ends_on
        a.ends_on = ctx.day_before if a.starts_on <= ctx.day_before else a.starts_on
        a.save(update_fields=["ends_on"])
        ended += 1
        if succ is None or (was_open and (a.cadre_id, succ.pk) in open_pairs):
            continue
        new = Assignment.objects.create(
            cadre_id=a.cadre_id,
            unit_id=succ.pk,
            cadre_kind=a.cadre_kind,
            duty=a.duty,
            starts_on=ctx.effective_on,
            ends_on=old_end,
            decision_number=a.decision_number,
            assigned_by_id=a.assigned_by_id,
            created_by=user,
        )
        if was_open:
            open_pairs.add((a.cadre_id, succ.pk))
        a.succeeded_by = new
        successions.append(a)
        created += 1
    bulk_update_with_history(moves, Assignment, ["unit"], batch_size=2000, default_user=user)
    bulk_update_with_history(successions, Assignment, ["succeeded_by"], batch_size=2000, default_user=user)
    petitions = 0
    for unit_id, succs in ctx.units.items():
        if succs:
            petitions += update_with_history(
                _pending_petitions(ctx).filter(unit_id=unit_id), user=user, unit_id=succs[0].pk
            )
    agencies = 0
    for unit_id, succs in ctx.units.items():
        if len(succs) == 1:
            agencies += update_with_history(
                Agency.objects.filter(unit_id=unit_id), user=user, unit_id=succs[0].pk
            )
    return {
        "assignments_ended": ended,
        "assignments_created": created,
        "assignments_moved": moved,
        "petitions_moved": petitions,
        "agencies_moved": agencies,
    }


# The worklist after the reorganisation (units.worklist) ----------------------------------------


def _d(day):
    return day.strftime("%d/%m/%Y")


def _rules_day(wctx):
    return max(wctx.effective_on, wctx.today)


def _disallowed_assignments(wctx):
    """Assignments still in force whose (kind of cadre, unit level) no rule valid now allows."""
    day = _rules_day(wctx)
    allowed = Q(pk__in=[])
    by_kind = {kind: set() for kind in CadreKind.values}
    for kind, level in LevelRule.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    ).values_list("cadre_kind", "unit_level"):
        by_kind.setdefault(kind, set()).add(level)
    for kind, levels in by_kind.items():
        if levels:
            allowed |= Q(cadre_kind=kind, unit__level__in=sorted(levels))
    live = Q(ends_on__isnull=True) | Q(ends_on__gt=wctx.today)  # one ended today is settled
    return restrict(Assignment.objects.filter(live).exclude(allowed), wctx.user, "unit__path"), by_kind


def _agencies(wctx):
    return Agency.objects.filter(is_active=True, unit_id__in=list(wctx.closed_units))


def _petitions(wctx):
    return restrict(
        Petition.objects.filter(status__in=Petition.OPEN, agency__unit_id__in=list(wctx.closed_units)),
        wctx.user,
        "unit__path",
    )


def _ancestor_ids(unit) -> set[int]:
    return {int(pk) for pk in unit.path.split(".") if pk}


def worklist(wctx) -> list:
    out = []
    qs, by_kind = _disallowed_assignments(wctx)
    levels = Section(
        key="assignment_levels",
        title=_("Assignments the level rules no longer allow"),
        help=_(
            "From %(day)s the rules allow: %(rules)s. These assignments are still in force; end them "
            "(today) and assign again at an allowed level."
        )
        % {
            "day": _d(_rules_day(wctx)),
            "rules": "; ".join(
                f"{CadreKind(k).label} → {', '.join(str(v) for v in sorted(lv))}" for k, lv in by_kind.items() if lv
            )
            or "—",
        },
        columns=[_("Cadre"), _("Assigned as"), _("Unit followed"), _("Level"), _("From")],
        actions=[("end", _("End the assignments today"), False)],
        total=qs.count(),
    )
    for a in qs.select_related("cadre", "unit").order_by("unit__path", "cadre__full_name", "pk")[:PAGE]:
        levels.rows.append(
            Row(
                id=str(a.pk),
                cells=[a.cadre.full_name, a.get_cadre_kind_display(), a.unit.name, a.unit.level, _d(a.starts_on)],
                reason=_("a %(kind)s may no longer follow level %(level)s")
                % {"kind": a.get_cadre_kind_display(), "level": a.unit.level},
            )
        )
    out.append(levels)

    agencies = Section(
        key="agencies",
        title=_("Agencies on closed units"),
        help=_("Move each agency to the unit whose authority it now belongs to, or mark it inactive."),
        columns=[_("Agency"), _("Closed unit")],
        actions=[("move", _("Move to the chosen unit"), True), ("deactivate", _("Mark inactive"), False)],
        total=_agencies(wctx).count(),
        target_label=_("Unit code"),
    )
    for agency in _agencies(wctx).order_by("name", "pk")[:PAGE]:
        unit = wctx.closed_units[agency.unit_id]
        agencies.rows.append(
            Row(
                id=str(agency.pk),
                cells=[agency.name, unit.name],
                reason=_("%(unit)s closed on %(day)s with no single successor") % {"unit": unit.name, "day": _d(unit.valid_to)},
                candidates=wctx.unit_choices(agency.unit_id),
            )
        )
    out.append(agencies)

    petitions = Section(
        key="petitions",
        title=_("Open petitions routed to an agency of a closed unit"),
        help=_("Forward each petition to an open agency of its unit or of a unit above it."),
        columns=[_("Petition"), _("Unit"), _("Agency"), _("Status")],
        actions=[("forward", _("Forward to the chosen agency"), True)],
        total=_petitions(wctx).count(),
        target_label=_("Agency code"),
    )
    rows = list(_petitions(wctx).select_related("unit", "agency").order_by("raised_on", "pk")[:PAGE])
    wanted = set().union(*(_ancestor_ids(p.unit) for p in rows)) if rows else set()
    answering = list(
        Agency.objects.filter(is_active=True)
        .filter(Q(unit__isnull=True) | Q(unit_id__in=wanted))
        .filter(Q(unit__isnull=True) | Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=wctx.today))
        .order_by("-unit__level", "name")
        .values_list("code", "name", "unit_id")
    ) if rows else []
    for p in rows:
        ancestors = _ancestor_ids(p.unit)
        petitions.rows.append(
            Row(
                id=str(p.pk),
                cells=[f"#{p.pk}", p.unit.name, p.agency.name, p.get_status_display()],
                reason=_("%(agency)s belongs to a unit closed on %(day)s")
                % {"agency": p.agency.name, "day": _d(wctx.day_before)},
                candidates=[(code, name) for code, name, unit_id in answering if unit_id is None or unit_id in ancestors],
            )
        )
    out.append(petitions)
    return out


def settle(wctx, section, action, targets, commit):
    handler = {"assignment_levels": _settle_levels, "agencies": _settle_agencies, "petitions": _settle_petitions}.get(
        section
    )
    if handler is None:
        return None
    return handler(wctx, action, targets, commit)


def _ids(targets):
    return [int(i) for i in targets if str(i).isdigit()]


def _missing(found, targets, message):
    return [message % {"row": row} for row in targets if row not in found]


def _settle_levels(wctx, action, targets, commit):
    if action != "end":
        raise SettleRefused([_("Unknown action.")])
    qs, _rules = _disallowed_assignments(wctx)
    rows = {str(a.pk): a for a in qs.filter(pk__in=_ids(targets)).select_related("cadre", "unit")}
    problems = _missing(rows, targets, _("Assignment %(row)s no longer needs settling (ended, or allowed by the rules)."))
    if problems:
        raise SettleRefused(problems)
    changes = []
    for a in rows.values():
        a.ends_on = max(wctx.today, a.starts_on)
        changes.append(
            _("%(cadre)s → %(unit)s: ends on %(day)s") % {"cadre": a.cadre.full_name, "unit": a.unit.name, "day": _d(a.ends_on)}
        )
    if commit:
        bulk_update_with_history(list(rows.values()), Assignment, ["ends_on"], default_user=wctx.user)
        bump("assignments")
    return changes


def _settle_agencies(wctx, action, targets, commit):
    if action not in ("move", "deactivate"):
        raise SettleRefused([_("Unknown action.")])
    rows = {str(a.pk): a for a in _agencies(wctx).filter(pk__in=_ids(targets))}
    problems = _missing(rows, targets, _("Agency %(row)s no longer needs settling (moved, or inactive)."))
    if problems:
        raise SettleRefused(problems)
    changes, moves = [], {}
    resolved = {}
    for row_id, agency in rows.items():
        if action == "deactivate":
            changes.append(_("%(agency)s: marked inactive") % {"agency": agency.name})
            continue
        code = (targets[row_id] or "").strip()
        try:
            unit = resolved[code] if code in resolved else wctx.target_unit(code)
        except SettleRefused as exc:
            problems.extend(f"{agency.name}: {m}" for m in exc.messages)
            continue
        resolved[code] = unit
        moves.setdefault(unit.pk, []).append(agency.pk)
        changes.append(
            _("%(agency)s: %(old)s → %(new)s")
            % {"agency": agency.name, "old": wctx.closed_units[agency.unit_id].name, "new": unit.name}
        )
    if problems:
        raise SettleRefused(problems)
    if commit:
        if action == "deactivate":
            update_with_history(
                Agency.objects.filter(pk__in=[a.pk for a in rows.values()]), user=wctx.user, is_active=False
            )
        for unit_id, pks in moves.items():
            update_with_history(Agency.objects.filter(pk__in=pks), user=wctx.user, unit_id=unit_id)
    return changes


def _settle_petitions(wctx, action, targets, commit):
    if action != "forward":
        raise SettleRefused([_("Unknown action.")])
    rows = {str(p.pk): p for p in _petitions(wctx).filter(pk__in=_ids(targets)).select_related("unit", "agency")}
    problems = _missing(rows, targets, _("Petition #%(row)s no longer needs settling (answered, or routed to an open agency)."))
    if problems:
        raise SettleRefused(problems)
    codes = {(c or "").strip() for c in targets.values()}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes).select_related("unit")}
    changes, changed = [], []
    for row_id, p in rows.items():
        code = (targets[row_id] or "").strip()
        agency = agencies.get(code)
        if agency is None:
            problems.append(_("Petition #%(id)s: no agency has the code %(code)s.") % {"id": p.pk, "code": code or "—"})
            continue
        unit = agency.unit
        if not agency.is_active or (unit is not None and not wctx.is_live(unit)):
            problems.append(_("Petition #%(id)s: %(agency)s is closed or inactive.") % {"id": p.pk, "agency": agency.name})
            continue
        if unit is not None and (not can_see_unit(wctx.user, unit) or unit.pk not in _ancestor_ids(p.unit)):
            problems.append(
                _("Petition #%(id)s: %(agency)s does not answer for %(unit)s (outside its unit and the units above it).")
                % {"id": p.pk, "agency": agency.name, "unit": p.unit.name}
            )
            continue
        changes.append(
            _("Petition #%(id)s: %(old)s → %(new)s") % {"id": p.pk, "old": p.agency.name, "new": agency.name}
        )
        p.agency = agency
        changed.append(p)
    if problems:
        raise SettleRefused(problems)
    if commit:
        bulk_update_with_history(changed, Petition, ["agency"], default_user=wctx.user)
        bump("petitions")
    return changes
