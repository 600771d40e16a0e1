"""Writes for discipline records (the rule versions, sheets, conditions and caps are the office's
admin data)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from units.scope import can_see_org

from .models import Discipline


def can_record(user) -> bool:
    """The office and leaders record discipline (for the members in their scope)."""
    return getattr(user, "is_authenticated", False) and (user.sees_everything or user.has_role(roles.LEADER))


@transaction.atomic
def discipline_record(*, cadre, form, decided_on, decision_number, decided_by, reason="", acting_user) -> Discipline:
    org = cadre.party_org
    if not can_record(acting_user) or org is None or not can_see_org(acting_user, org):
        raise PermissionDenied
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    if Discipline.objects.filter(cadre=cadre, decision_number=decision_number).exists():
        raise ValidationError(
            {"decision_number": _("Decision %(number)s is already recorded for this member.") % {"number": decision_number}}
        )
    return Discipline.objects.create(
        cadre=cadre,
        org=org,
        form=form,
        decided_on=decided_on,
        decision_number=decision_number,
        decided_by=decided_by,
        reason=reason,
        recorded_by=acting_user,
    )


@transaction.atomic
def discipline_annul(*, discipline: Discipline, reason: str, acting_user) -> Discipline:
    """A measure annulled by a later decision: kept, marked (the conditions then ignore it)."""
    if not can_record(acting_user) or not can_see_org(acting_user, discipline.org):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for annulling the measure.")})
    if discipline.annulled_on:
        raise ValidationError(_("This measure has already been annulled."))
    discipline.annulled_on, discipline.annul_reason = timezone.localdate(), reason
    discipline.save(update_fields=["annulled_on", "annul_reason"])
    return discipline
