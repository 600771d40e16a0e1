"""Reads for the bell, the home page's "waiting on you" counts and the page they link to. Each count
is one query (COUNT over an indexed filter in the user's scope: units/scope.py)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from assignments.models import Petition
from assignments.selectors import petition_scope_q
from cells.models import Meeting
from common.cache import cached_at_generations
from pledges import selectors as pledge_selectors
from pledges.models import RemedialAction
from units.scope import org_q

from .models import Notification

UPCOMING = datetime.timedelta(days=30)
DUE_WITHIN = datetime.timedelta(days=2)
LIST_LIMIT = 50


def unread_count(user) -> int:
    """The bell's number: kept in the cache until the person's notifications change (the `user-<id>`
    generation, bumped on commit by every write), so a page costs no query for it on a hit. The key
    carries the account's creation time as well as its id, so a reused id never reads another's."""
    stamp = int(user.date_joined.timestamp() * 1000) if user.date_joined else 0
    return cached_at_generations(
        f"bell:v2:{user.pk}:{stamp}",
        (f"user-{user.pk}",),
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        settings.BELL_CACHE_SECONDS,
    )


def is_leader(user) -> bool:
    return user.sees_everything or user.has_role(roles.LEADER)


def is_secretary(user) -> bool:
    return user.has_role(roles.CELL_SECRETARY)


def _petitions(user):
    return Petition.objects.filter(petition_scope_q(user))


def upcoming_meetings(user, today):
    return Meeting.objects.filter(org_q(user, "cell__"), held_on__range=(today, today + UPCOMING))


def petitions_due_soon(user, today):
    return _petitions(user).filter(status__in=Petition.OPEN, due_on__range=(today, today + DUE_WITHIN))


def actions_due_soon(user, today):
    mine = Q(owner_id=user.cadre_id) if user.cadre_id else Q(pk__in=[])
    scope = org_q(user, "org__")
    return RemedialAction.objects.filter(
        (scope | mine) if scope else scope, completed_on__isnull=True, due_on__range=(today, today + DUE_WITHIN)
    )


@dataclass
class Waiting:
    key: str
    label: str
    count: int
    url: str


def waiting(user, *, today: datetime.date | None = None) -> list[Waiting]:
    """What needs this person, first on `/`: for leaders and the office, petitions to route and
    overdue, pledges to approve and comments to moderate; for secretaries, approvals and their
    cell's meetings; for everyone, unread notifications and deadlines within two days. At most eight
    COUNT queries."""
    today = today or timezone.localdate()
    leader, secretary = is_leader(user), is_secretary(user)
    petitions = reverse("assignments:petition_list")
    due = reverse("notifications:waiting")
    rows = [Waiting("unread", _("Unread notifications"), unread_count(user), reverse("notifications:list"))]
    if leader:
        rows.append(Waiting(
            "to_route", _("Petitions to route"),
            _petitions(user).filter(status=Petition.Status.NEW).count(), f"{petitions}?status=new",
        ))
        rows.append(Waiting(
            "overdue", _("Overdue petitions"),
            _petitions(user).filter(status__in=Petition.OPEN, due_on__lt=today).count(), f"{petitions}?overdue=on",
        ))
    if leader or secretary:
        rows.append(Waiting(
            "approval", _("Pledges waiting for approval"),
            pledge_selectors.approval_queue(user).count(), reverse("pledges:queue"),
        ))
        rows.append(Waiting(
            "moderation", _("Comments waiting for moderation"),
            pledge_selectors.comment_queue(user).count(), reverse("pledges:comments"),
        ))
    if leader or secretary or user.cadre_id:
        rows.append(Waiting(
            "meetings", _("Meetings planned (next 30 days)"),
            upcoming_meetings(user, today).count(), f"{due}#hop",
        ))
    rows.append(Waiting(
        "deadlines", _("Deadlines within two days"),
        petitions_due_soon(user, today).count() + actions_due_soon(user, today).count(), f"{due}#han",
    ))
    return rows


def waiting_lists(user, *, today: datetime.date | None = None) -> dict:
    """The rows behind the meeting and deadline counts, LIST_LIMIT of each (three queries)."""
    today = today or timezone.localdate()
    return {
        "meetings": list(
            upcoming_meetings(user, today).select_related("cell").order_by("held_on", "starts_at", "pk")[:LIST_LIMIT]
        ),
        "petitions": list(
            petitions_due_soon(user, today).select_related("unit", "agency").order_by("due_on", "pk")[:LIST_LIMIT]
        ),
        "actions": list(
            actions_due_soon(user, today).select_related("org", "owner", "shortcoming").order_by("due_on", "pk")[:LIST_LIMIT]
        ),
    }
