"""What follows a reorganisation in assignments: open support assignments and pending petitions.

Registered with `units.reorg.register_follower` from AssignmentsConfig.ready. An open assignment on
a closed unit ends the day before the effective date and a new one on the successor starts on it
(the history of who followed what stays true); a pending petition moves to the successor. Where no
single answer exists (a split, an abolished unit, a successor at another level) the preview says so.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.reorg import FollowerPreview

from .models import Assignment, Petition

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
    for a in _open_assignments(ctx):
        succ, _why = _target(ctx, a)
        if a.starts_on >= ctx.effective_on and succ is not None and (a.cadre_id, succ.pk) not in open_pairs:
            Assignment.objects.filter(pk=a.pk).update(unit_id=succ.pk)
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
            created_by=ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None,
        )
        if was_open:
            open_pairs.add((a.cadre_id, succ.pk))
        Assignment.objects.filter(pk=a.pk).update(succeeded_by=new)
        created += 1
    petitions = 0
    for unit_id, succs in ctx.units.items():
        if succs:
            petitions += _pending_petitions(ctx).filter(unit_id=unit_id).update(unit_id=succs[0].pk)
    return {
        "assignments_ended": ended,
        "assignments_created": created,
        "assignments_moved": moved,
        "petitions_moved": petitions,
    }
