"""Writes of the assignments app. Each is atomic, checks who may do it, and keeps the history.

Errors a person can fix come back as `ValidationError` keyed by form field (the form re-shows
what they typed); acting outside one's scope raises `PermissionDenied` (403, nothing saved).
"""

import copy
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from common.cache import bump
from common.uploads import store_checked
from units.models import Cadre, Unit
from units.scope import can_see_unit

from . import signals
from .models import (
    DEFAULT_DUTY,
    KIND_LEVEL,
    Agency,
    AgencyMember,
    AnswerDeadline,
    Assignment,
    CadreKind,
    FieldContact,
    FieldPhoto,
    LevelRule,
    Petition,
    PetitionEvent,
    infer_cadre_kind,
)

Status = Petition.Status


# --- who may do what -------------------------------------------------------------------------


def can_assign(user, unit) -> bool:
    """The office anywhere; a leader inside their own subtree."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    return user.has_role(roles.LEADER) and can_see_unit(user, unit)


def can_forward(user, petition) -> bool:
    """Routing a petition to an agency: the office, or a leader whose subtree holds the unit."""
    return can_assign(user, petition.unit)


def agencies_answering(petition):
    """The agencies a petition may be forwarded to: those of its unit or of a unit above it, and
    those attached to no unit (provincial bodies); never another commune's or district's."""
    ancestors = [int(pk) for pk in petition.unit.path.split(".") if pk]
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit__isnull=True) | Q(unit_id__in=ancestors))
        .select_related("unit")
    )


def is_agency_member(user, agency_id) -> bool:
    if not agency_id or not getattr(user, "is_authenticated", False):
        return False
    return AgencyMember.objects.filter(agency_id=agency_id, user=user).exists()


def is_raiser(user, petition) -> bool:
    return bool(getattr(user, "cadre_id", None)) and user.cadre_id == petition.raised_by_id


# --- assignments -----------------------------------------------------------------------------


def _check_assignment(*, cadre, unit, cadre_kind, starts_on, ends_on, exclude_pk=None):
    errors = {}
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The end date (%(end)s) cannot be before the start date (%(start)s).") % {
            "end": ends_on.strftime("%d/%m/%Y"),
            "start": starts_on.strftime("%d/%m/%Y"),
        }
    if cadre_kind and KIND_LEVEL.get(cadre_kind) != cadre.cadre_level:
        errors["cadre_kind"] = _(
            "%(cadre)s is a %(level)s cadre in the roster and cannot be assigned as “%(kind)s”."
        ) % {
            "cadre": cadre.full_name,
            "level": cadre.get_cadre_level_display().lower() or _("non-cadre"),
            "kind": CadreKind(cadre_kind).label,
        }
    elif cadre_kind and starts_on and unit.level not in LevelRule.allowed_levels(cadre_kind, starts_on):
        allowed = sorted(LevelRule.allowed_levels(cadre_kind, starts_on))
        errors["unit"] = _(
            "A %(kind)s may not follow %(unit)s (%(unit_level)s): the level rules allow %(allowed)s."
        ) % {
            "kind": CadreKind(cadre_kind).label.lower(),
            "unit": unit.name,
            "unit_level": Unit.LEVEL_NAMES.get(unit.level, unit.level),
            "allowed": ", ".join(str(Unit.LEVEL_NAMES.get(level, level)) for level in allowed)
            or _("no level"),
        }
    if not errors and starts_on:
        far = ends_on or datetime.date.max
        overlapping = (
            Assignment.objects.filter(cadre=cadre, unit=unit, starts_on__lte=far)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            .exclude(pk=exclude_pk)
            .first()
        )
        if overlapping:
            errors["unit"] = _(
                "%(cadre)s already follows %(unit)s from %(start)s%(end)s: the new assignment overlaps it."
            ) % {
                "cadre": cadre.full_name,
                "unit": unit.name,
                "start": overlapping.starts_on.strftime("%d/%m/%Y"),
                "end": f" – {overlapping.ends_on:%d/%m/%Y}" if overlapping.ends_on else "",
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    cadre: Cadre,
    unit: Unit,
    starts_on: datetime.date,
    acting_user,
    ends_on: datetime.date | None = None,
    cadre_kind: str = "",
    duty: str = "",
    decision_number: str = "",
    assigned_by=None,
) -> Assignment:
    """Assign `cadre` to follow `unit`.

    Rules: the acting user is the office or a leader whose subtree holds the unit; the capacity
    (`cadre_kind`, inferred from the roster when empty) matches the cadre's roster level; a level
    rule valid on `starts_on` allows that capacity at the unit's level; the end is not before the
    start; the same cadre has no other assignment to the same unit overlapping these dates.
    """
    if not can_assign(acting_user, unit):
        raise PermissionDenied
    cadre_kind = cadre_kind or infer_cadre_kind(cadre)
    if not cadre_kind:
        raise ValidationError({"cadre": _("%(cadre)s holds no cadre post in the roster.") % {"cadre": cadre}})
    _check_assignment(cadre=cadre, unit=unit, cadre_kind=cadre_kind, starts_on=starts_on, ends_on=ends_on)
    assignment = Assignment(
        cadre=cadre,
        unit=unit,
        cadre_kind=cadre_kind,
        duty=(duty or DEFAULT_DUTY).strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=decision_number.strip(),
        assigned_by=assigned_by,
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:  # a concurrent twin got there first
        raise ValidationError({"unit": _("This cadre already follows this unit.")}) from exc
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, ends_on: datetime.date, acting_user) -> Assignment:
    """End an assignment on `ends_on` (kept, never deleted). The end is not before the start."""
    if not can_assign(acting_user, assignment.unit):
        raise PermissionDenied
    if ends_on < assignment.starts_on:
        raise ValidationError(
            {
                "ends_on": _("The end date (%(end)s) cannot be before the start date (%(start)s).")
                % {"end": ends_on.strftime("%d/%m/%Y"), "start": assignment.starts_on.strftime("%d/%m/%Y")}
            }
        )
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    return assignment


@transaction.atomic
def assignment_hand_over(
    *, assignment: Assignment, to_cadre: Cadre, on: datetime.date, acting_user, decision_number: str = ""
) -> Assignment:
    """Pass a unit to another cadre from `on`: the old assignment ends the day before and points at
    the new one, so the history of who followed the unit stays whole."""
    if not can_assign(acting_user, assignment.unit):
        raise PermissionDenied
    if on <= assignment.starts_on:
        raise ValidationError(
            {
                "on": _("The hand-over must come after the assignment started (%(start)s).")
                % {"start": assignment.starts_on.strftime("%d/%m/%Y")}
            }
        )
    old_end = assignment.ends_on
    assignment_end(assignment=assignment, ends_on=on - datetime.timedelta(days=1), acting_user=acting_user)
    successor = assignment_create(
        cadre=to_cadre,
        unit=assignment.unit,
        starts_on=on,
        ends_on=old_end,
        duty=assignment.duty,
        decision_number=decision_number or assignment.decision_number,
        assigned_by=assignment.assigned_by,
        acting_user=acting_user,
    )
    assignment.succeeded_by = successor
    assignment.save(update_fields=["succeeded_by"])
    return successor


# --- field contacts --------------------------------------------------------------------------


def replayed(model, client_id, acting_user):
    """The row stored earlier under `client_id` (an offline submission sent again), else None. Someone
    else's id is refused: a client id names one person's submission."""
    if not client_id:
        return None
    existing = model.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    if existing.recorded_by_id != getattr(acting_user, "pk", None):
        raise PermissionDenied(_("This submission belongs to someone else."))
    existing.replayed = True
    return existing


def refuse_if_closed(unit: Unit, day: datetime.date, field: str):
    """A unit closed (merged, abolished) before `day` takes no new records: a draft written offline
    while it was open is refused with the reason, the text is kept by the client."""
    if unit.valid_to is not None and unit.valid_to < day:
        successor = unit.successor.name if unit.successor_id else ""
        message = _("%(unit)s was closed on %(day)s; nothing can be recorded for it after that date.") % {
            "unit": unit.name,
            "day": unit.valid_to.strftime("%d/%m/%Y"),
        }
        if successor:
            message += " " + _("Its successor is %(unit)s.") % {"unit": successor}
        raise ValidationError({field: ValidationError(message, code="unit_closed")})


def _store_once(model, client_id, acting_user, create):
    """Run `create()` (which stores a row with `client_id`) at most once per client id: a replay that
    races the first submission finds the first one's row (the unique constraint decides)."""
    if not client_id:
        return create()
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        existing = replayed(model, client_id, acting_user)
        if existing is None:
            raise
        return existing


def active_assignment_for(cadre, unit, day) -> Assignment | None:
    if cadre is None:
        return None
    return Assignment.objects.active_on(day).filter(cadre=cadre, unit=unit).order_by("-starts_on").first()


@transaction.atomic
def contact_record(
    *,
    unit: Unit,
    contacted_on: datetime.date,
    acting_user,
    kind: str = FieldContact.Kind.VISIT,
    directives=(),
    items=(),
    disseminated: str = "",
    attended_cell_meeting: bool = False,
    opinions: str = "",
    petitions=(),
    client_id=None,
) -> FieldContact:
    """Record a contact of the signed-in cadre with a unit they follow, with any petitions raised.

    Rules: only the cadre holding an assignment to that unit active on the contact's date may record
    it (anyone else: PermissionDenied, nothing saved); the date is not in the future. `petitions` is a
    list of (category, content) pairs, each becoming a new petition raised at the unit. With a
    `client_id` (the offline client's), a second submission of it returns the first one's row.
    """
    existing = replayed(FieldContact, client_id, acting_user)
    if existing is not None:
        return existing
    cadre = acting_user.cadre if getattr(acting_user, "cadre_id", None) else None
    if contacted_on and contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": _("The date of the contact cannot be in the future.")})
    refuse_if_closed(unit, contacted_on, "unit")
    assignment = active_assignment_for(cadre, unit, contacted_on)
    if assignment is None:
        raise PermissionDenied(_("You are not assigned to follow this unit on that date."))
    return _store_once(
        FieldContact,
        client_id,
        acting_user,
        lambda: _contact_new(
            assignment=assignment,
            cadre=cadre,
            unit=unit,
            contacted_on=contacted_on,
            kind=kind,
            directives=directives,
            items=items,
            disseminated=disseminated,
            attended_cell_meeting=attended_cell_meeting,
            opinions=opinions,
            petitions=petitions,
            acting_user=acting_user,
            client_id=client_id,
        ),
    )


def _contact_new(
    *,
    assignment,
    cadre,
    unit,
    contacted_on,
    kind,
    directives,
    items,
    disseminated,
    attended_cell_meeting,
    opinions,
    petitions,
    acting_user,
    client_id,
):
    contact = FieldContact.objects.create(
        client_id=client_id or None,
        assignment=assignment,
        cadre=cadre,
        unit=unit,
        contacted_on=contacted_on,
        kind=kind,
        disseminated=disseminated,
        attended_cell_meeting=attended_cell_meeting,
        opinions=opinions,
        recorded_by=acting_user,
    )
    if directives:
        contact.directives.set(directives)
    if items:
        contact.items.set(items)
    for category, content in petitions:
        _petition_new(
            unit=unit,
            category=category,
            content=content,
            raised_on=contacted_on,
            raised_by=cadre,
            contact=contact,
            acting_user=acting_user,
        )
    return contact


# --- petitions -------------------------------------------------------------------------------


def _deadline(category, level: int, start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=AnswerDeadline.days_for(category=category, unit_level=level))


def _petition_new(
    *, unit, category, content, raised_on, raised_by, contact, acting_user, client_id=None
) -> Petition:
    due = _deadline(category, unit.level, raised_on)
    petition = Petition.objects.create(
        client_id=client_id or None,
        unit=unit,
        contact=contact,
        raised_on=raised_on,
        raised_by=raised_by,
        category=category,
        content=content.strip(),
        due_on=due,
        escalation_level=unit.level,
        level_due_on=due,
        recorded_by=acting_user,
    )
    PetitionEvent.objects.create(petition=petition, from_status="", to_status=Status.NEW, by=acting_user)
    return petition


@transaction.atomic
def petition_create(
    *,
    unit: Unit,
    category,
    content: str,
    raised_on: datetime.date,
    acting_user,
    raised_by=None,
    client_id=None,
) -> Petition:
    """Record a petition raised at `unit` (office staff, leaders in scope, or the assigned cadre).

    The answer is due after the deadline of the unit's level for that category (AnswerDeadline).
    With a `client_id`, a second submission of it returns the first one's row.
    """
    existing = replayed(Petition, client_id, acting_user)
    if existing is not None:
        return existing
    own_cadre = acting_user.cadre if getattr(acting_user, "cadre_id", None) else None
    allowed = can_assign(acting_user, unit) or active_assignment_for(own_cadre, unit, raised_on) is not None
    if not allowed:
        raise PermissionDenied
    if raised_on > timezone.localdate():
        raise ValidationError({"raised_on": _("The date raised cannot be in the future.")})
    refuse_if_closed(unit, raised_on, "unit")
    return _store_once(
        Petition,
        client_id,
        acting_user,
        lambda: _petition_new(
            unit=unit,
            category=category,
            content=content,
            raised_on=raised_on,
            raised_by=raised_by or own_cadre,
            contact=None,
            acting_user=acting_user,
            client_id=client_id,
        ),
    )


def _check_transition(petition, to_status):
    if to_status not in Petition.TRANSITIONS.get(petition.status, set()):
        raise ValidationError(
            {
                "status": _("A petition that is “%(from)s” cannot be changed to “%(to)s”.")
                % {"from": petition.get_status_display(), "to": Status(to_status).label}
            }
        )


def _event(petition, from_status, note, user):
    PetitionEvent.objects.create(
        petition=petition, from_status=from_status, to_status=petition.status, note=note, by=user
    )


@transaction.atomic
def petition_forward(
    *, petition: Petition, agency, acting_user, due_on: datetime.date | None = None
) -> Petition:
    """Route a new or returned petition to the responsible agency (office, or a leader in scope).

    The answer is due on `due_on`, by default when it was already due (the deadline for the unit's
    level and category counted from the day raised); routing never moves the escalation deadline.
    The agency's users are notified.
    """
    if not can_forward(acting_user, petition):
        raise PermissionDenied
    _check_transition(petition, Status.FORWARDED)
    today = timezone.localdate()
    if agency is None:
        raise ValidationError({"agency": _("Choose the agency that must answer.")})
    if not agencies_answering(petition).filter(pk=agency.pk).exists():
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s does not answer for %(unit)s: choose an agency of its unit or a level above."
                )
                % {"agency": agency.name, "unit": petition.unit.name}
            }
        )
    if due_on is not None and due_on < today:
        raise ValidationError({"due_on": _("The answer cannot be due in the past.")})
    previous = petition.status
    petition.status = Status.FORWARDED
    petition.agency = agency
    petition.forwarded_on = today
    # Routing keeps the deadline counted from the day the petition was raised (a routing or a second
    # routing after a return never gives the authorities more time); an explicit date replaces it.
    petition.due_on = due_on or petition.due_on or _deadline(petition.category, petition.unit.level, today)
    petition.level_due_on = petition.level_due_on or petition.due_on
    petition.return_reason = petition.redirect_to = ""
    petition.save()
    _event(petition, previous, agency.name, acting_user)
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Petition #%(id)s from %(unit)s was forwarded to %(agency)s; answer due %(due)s.") % {
            "id": petition.pk,
            "unit": petition.unit.name,
            "agency": agency.name,
            "due": petition.due_on.strftime("%d/%m/%Y"),
        }
    members = set(AgencyMember.objects.filter(agency=agency).values_list("user_id", flat=True))
    signals.petition_routed.send(sender=Petition, petition=petition, recipient_ids=members, message=message)
    return petition


@transaction.atomic
def petition_change_status(
    *,
    petition: Petition,
    to_status: str,
    acting_user,
    answer: str = "",
    reason: str = "",
    redirect_to: str = "",
) -> Petition:
    """The agency's moves: start handling, answer, mark resolved, or return with a reason.

    Rules: only a user of the petition's agency (or the office); only the moves the flow allows;
    an answer needs its text; a return says why and where to turn instead. The cadre who raised the
    petition is notified of an answer or a return.
    """
    if not (acting_user.sees_everything or is_agency_member(acting_user, petition.agency_id)):
        raise PermissionDenied
    _check_transition(petition, to_status)
    errors = {}
    if to_status in Petition.ANSWERED_STATES and not answer.strip():
        errors["answer"] = _("Write the answer given to the people.")
    if to_status == Status.RETURNED:
        if not reason.strip():
            errors["reason"] = _("Say why the petition is returned.")
        if not redirect_to.strip():
            errors["redirect_to"] = _("Say where the petition should go instead.")
    if errors:
        raise ValidationError(errors)
    previous = petition.status
    petition.status = to_status
    note = ""
    if to_status in Petition.ANSWERED_STATES:
        petition.answer = note = answer.strip()
        petition.answered_on = timezone.localdate()
        petition.answered_by = acting_user
    elif to_status == Status.RETURNED:
        petition.return_reason = reason.strip()
        petition.redirect_to = redirect_to.strip()
        petition.returned_by = acting_user
        note = f"{petition.return_reason} → {petition.redirect_to}"
    petition.save()
    _event(petition, previous, note, acting_user)
    if to_status in Petition.ANSWERED_STATES + (Status.RETURNED,) and petition.raised_by_id:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("Petition #%(id)s from %(unit)s: %(status)s by %(agency)s.") % {
                "id": petition.pk,
                "unit": petition.unit.name,
                "status": petition.get_status_display().lower(),
                "agency": petition.agency.name if petition.agency else "",
            }
        raiser_users = (
            get_user_model().objects.filter(cadre_id=petition.raised_by_id).values_list("pk", flat=True)
        )
        signals.petition_answered.send(
            sender=Petition,
            petition=petition,
            recipient_ids=set(raiser_users),
            message=message,
            returned=to_status == Status.RETURNED,
        )
    return petition


@transaction.atomic
def petition_record_verdict(*, petition: Petition, satisfied: bool, acting_user) -> Petition:
    """After an answer, the cadre who raised the petition records whether the people consider it
    resolved; this feeds each agency's "resolved" figure."""
    if not (is_raiser(acting_user, petition) or acting_user.sees_everything):
        raise PermissionDenied
    if petition.status not in Petition.ANSWERED_STATES:
        raise ValidationError(
            {"satisfied": _("The people's view can be recorded only after the agency has answered.")}
        )
    petition.people_satisfied = satisfied
    petition.verdict_on = timezone.localdate()
    petition.save(update_fields=["people_satisfied", "verdict_on"])
    with translation.override(settings.LANGUAGE_CODE):
        note = (
            _("The people consider it resolved.")
            if satisfied
            else _("The people do not consider it resolved.")
        )
    _event(petition, petition.status, note, acting_user)
    return petition


# --- escalation ------------------------------------------------------------------------------


def responsible_users(unit_ids, day: datetime.date) -> dict[int, set[int]]:
    """Who answers for each unit when a petition reaches it, by unit id (three queries whatever the
    number of units): its leaders and cadres (users whose home unit it is), the cadres assigned to
    follow it on `day` (hamlets and groups have no staff of their own: their assigned cadres are
    responsible), and the users of the agencies of that unit. The office is added at the province."""
    unit_ids = set(unit_ids)
    found: dict[int, set[int]] = {}
    users = get_user_model().objects.filter(is_active=True)
    staff = users.filter(home_unit_id__in=unit_ids, groups__name__in=(roles.LEADER, roles.CADRE)).values_list(
        "home_unit_id", "pk"
    )
    assigned = (
        Assignment.objects.active_on(day)
        .filter(unit_id__in=unit_ids, cadre__user__is_active=True)
        .values_list("unit_id", "cadre__user__pk")
    )
    answering = AgencyMember.objects.filter(
        agency__unit_id__in=unit_ids, agency__is_active=True, user__is_active=True
    ).values_list("agency__unit_id", "user_id")
    for rows in (staff, assigned, answering):
        for unit_id, uid in rows:
            found.setdefault(unit_id, set()).add(uid)
    return found


def _recipients(target, petition, ancestors, responsible, office) -> set[int]:
    """The people responsible at `target`; where nobody there has an account, the nearest level above
    with someone (the office at the top), so that no escalation notifies nobody."""
    chain = sorted(
        (
            ancestors[a]
            for a in petition.unit.ancestor_ids()
            if a in ancestors and ancestors[a].level <= target.level
        ),
        key=lambda u: -u.level,
    )
    for unit in chain:
        people = set(responsible.get(unit.pk, ()))
        if unit.level == 1:
            people |= office
        if people:
            return people
    return set(office)


@transaction.atomic
def petitions_escalate(*, today: datetime.date | None = None) -> int:
    """Escalate every open petition whose current level's deadline has passed to the next level up
    (tổ → ấp → xã → huyện → tỉnh, or xã → tỉnh under two-level government), notifying the people
    responsible at that level (`responsible_users`; the office at the top).

    Idempotent: each petition is claimed by a conditional UPDATE on its current level and deadline,
    the new level gets a fresh deadline, and notifications are unique per person, petition and level,
    so running twice on a day notifies once. Returns how many petitions were escalated.
    """
    today = today or timezone.localdate()
    overdue = list(
        Petition.objects.filter(status__in=Petition.OPEN, level_due_on__lt=today, escalation_level__gt=1)
        .select_related("unit", "category")
        .order_by("pk")
    )
    if not overdue:
        return 0
    ancestor_ids = {aid for p in overdue for aid in p.unit.ancestor_ids()}
    ancestors = {
        u.pk: u for u in Unit.objects.filter(pk__in=ancestor_ids).only("pk", "name", "level", "path")
    }
    escalated = []  # (petition, target unit)
    claimed_rows = []  # the escalated petitions as they now are
    for p in overdue:
        candidates = [ancestors[a] for a in p.unit.ancestor_ids() if a in ancestors]
        target = max(
            (u for u in candidates if u.level < p.escalation_level), key=lambda u: u.level, default=None
        )
        if target is None:
            continue
        new_due = _deadline(p.category, target.level, today)
        claimed = Petition.objects.filter(
            pk=p.pk, escalation_level=p.escalation_level, level_due_on=p.level_due_on
        ).update(escalation_level=target.level, level_due_on=new_due)
        if claimed:
            escalated.append((p, target))
            now = copy.copy(p)  # the message below tells the deadline that was missed: `p` keeps it
            now.escalation_level, now.level_due_on = target.level, new_due
            claimed_rows.append(now)
    if not escalated:
        return 0
    # The claim is a conditional UPDATE (a second run finds nothing to claim); the history rows of
    # what it claimed are written in one INSERT.
    Petition.history.bulk_history_create(claimed_rows, update=True)
    responsible = responsible_users(ancestor_ids, today)
    User = get_user_model()
    office = set(User.objects.filter(groups__name=roles.OFFICE, is_active=True).values_list("pk", flat=True))
    escalations, events = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for p, target in escalated:
            message = _(
                "Petition #%(id)s from %(unit)s is overdue (due %(due)s) and is escalated to %(to)s."
            ) % {
                "id": p.pk,
                "unit": p.unit.name,
                "due": p.level_due_on.strftime("%d/%m/%Y"),
                "to": target.name,
            }
            escalations.append((p, target, _recipients(target, p, ancestors, responsible, office), message))
            events.append(PetitionEvent(petition=p, from_status=p.status, to_status=p.status, note=message))
    bump("petitions")  # escalation levels and due dates changed in bulk
    PetitionEvent.objects.bulk_create(events, batch_size=1000)
    # The people notified once per petition and level (notifications: unique per recipient and event).
    signals.petitions_escalated.send(sender=Petition, escalations=escalations)
    return len(escalated)


# --- photos ------------------------------------------------------------------------------------


def photo_max_bytes() -> int:
    return getattr(settings, "FIELD_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


def check_photo(upload) -> tuple[str, str]:
    """A JPEG or PNG photo within the size limit, recognised by content (as evidence files are)."""
    from common.uploads import JPEG, PNG, check_attachment

    return check_attachment(
        upload,
        signatures=(JPEG, PNG),
        limit=photo_max_bytes(),
        bad_type_message=_("“%(name)s” is not a JPEG or PNG photo (checked by its content, not its name)."),
    )


MAX_PHOTOS = 10


@transaction.atomic
def photos_attach(*, files, acting_user, contact=None, petition=None) -> list[FieldPhoto]:
    """Attach photos to a contact or a petition. Only whoever recorded it (or the office) may; every
    file is checked before any is written, and a record holds at most MAX_PHOTOS photos."""

    owner = contact or petition
    if not (acting_user.sees_everything or owner.recorded_by_id == acting_user.pk):
        raise PermissionDenied(_("Only the person who recorded it may attach photos."))
    kinds = [check_photo(f) for f in files]
    if owner.photos.count() + len(files) > MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos may be attached to one record.") % {"count": MAX_PHOTOS},
            code="too_many",
        )
    return [
        store_checked(
            FieldPhoto,
            upload,
            checked,
            stem="photo",
            uploaded_by=acting_user,
            contact=contact,
            petition=petition,
        )
        for upload, checked in zip(files, kinds, strict=True)
    ]
