"""The daily sweep (beat, 06:30): what became due without anyone acting — a meeting tomorrow (HD 42:
members and assigned cadres are reminded the day before), answers and remedial actions due within two
days, petitions past their answer date — then the daily digests and any delivery left pending.
Event ids carry the date concerned, so running twice a day (or again after a failure) adds nothing,
and a meeting moved to another day is announced again."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import AgencyMember, Petition
from cells.models import Meeting
from pledges.models import Milestone, RemedialAction

from . import recipients, services
from .receivers import meeting_notice
from .services import Kind, Notice

DUE_WITHIN = datetime.timedelta(days=2)


def _agency_people(agency_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for agency_id, uid in AgencyMember.objects.filter(
        agency_id__in=set(agency_ids), user__is_active=True
    ).values_list("agency_id", "user_id"):
        found.setdefault(agency_id, set()).add(uid)
    return found


def meetings_tomorrow(today) -> list:
    meetings = Meeting.objects.filter(held_on=today + datetime.timedelta(days=1)).select_related("cell")
    return [(recipients.meeting_people(m), meeting_notice(m, eve=True)) for m in meetings]


def petitions_due(today) -> list:
    open_ones = list(
        Petition.objects.filter(status__in=Petition.OPEN, agency__isnull=False, due_on__isnull=False)
        .filter(due_on__lte=today + DUE_WITHIN)
        .select_related("unit")
    )
    people = _agency_people(p.agency_id for p in open_ones)
    batches = []
    for p in open_ones:
        url = reverse("assignments:petition_detail", args=[p.pk])
        due = p.due_on.strftime("%d/%m/%Y")
        if p.due_on < today:
            message = _("Petition #%(id)s from %(unit)s is past its answer date (%(due)s).")
            notice = Notice(Kind.OVERDUE, f"petition:{p.pk}:overdue:{p.due_on:%Y%m%d}", "", url)
        else:
            message = _("Petition #%(id)s from %(unit)s must be answered by %(due)s.")
            notice = Notice(Kind.DEADLINE, f"petition:{p.pk}:due:{p.due_on:%Y%m%d}", "", url)
        text = message % {"id": p.pk, "unit": p.unit.name, "due": due}
        batches.append((people.get(p.agency_id, ()), Notice(notice.kind, notice.event, text, url)))
    return batches


def actions_due(today) -> list:
    window = (today, today + DUE_WITHIN)
    actions = RemedialAction.objects.filter(
        completed_on__isnull=True, due_on__range=window, owner__user__is_active=True
    ).values_list("pk", "due_on", "description", "owner__user__pk", "shortcoming__review_id")
    milestones = Milestone.objects.filter(
        done_on__isnull=True, due_on__range=window, action__completed_on__isnull=True,
        action__owner__user__is_active=True,
    ).values_list("pk", "due_on", "action__description", "action__owner__user__pk", "action__shortcoming__review_id")
    batches = []
    for label, rows in (("action", actions), ("milestone", milestones)):
        for pk, due_on, description, uid, review_id in rows:
            text = _("Due by %(due)s: %(what)s") % {"due": due_on.strftime("%d/%m/%Y"), "what": description[:200]}
            url = reverse("pledges:review", args=[review_id])
            batches.append(([uid], Notice(Kind.DEADLINE, f"{label}:{pk}:due:{due_on:%Y%m%d}", text, url)))
    return batches


def run(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        batches = meetings_tomorrow(today) + petitions_due(today) + actions_due(today)
    services.notify_many(batches)
    leftover = services.pending_events()
    if leftover:
        services.deliver(leftover)
    return {"events": len(batches), "digests": services.send_digests()}
