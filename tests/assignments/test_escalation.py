"""Overdue petitions climb one level a day (tổ → ấp → xã → huyện → tỉnh); running twice notifies once."""

import datetime

import pytest
from django.db import IntegrityError

from assignments.models import Petition
from assignments.services import petitions_escalate
from assignments.tasks import escalate_overdue_petitions
from notifications.models import Notification
from tests.accounts.factories import UserFactory

from .factories import PetitionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def overdue(tree):
    # Raised at the group on 01/03 with 7 days to answer: overdue from 09/03.
    return PetitionFactory(
        unit=tree["A1-1-1"], raised_on=D(2026, 3, 1), due_on=D(2026, 3, 8), status="forwarded"
    )


def test_an_overdue_petition_is_escalated_to_the_next_level_once(tree, overdue, leader_a1, leader_a):
    assert petitions_escalate(today=D(2026, 3, 9)) == 1
    overdue.refresh_from_db()
    assert overdue.escalation_level == 4  # the hamlet Ấp A1-1 has nobody: it still moves up a level,
    assert overdue.level_due_on == D(2026, 3, 19)  # the hamlet's 10 days

    assert petitions_escalate(today=D(2026, 3, 9)) == 0  # the same day again: nothing new
    assert petitions_escalate(today=D(2026, 3, 20)) == 1  # the hamlet's time ran out: to the commune
    notes = Notification.objects.filter(kind="escalation")
    # ... and its notice went to the nearest level with someone responsible: the commune's leader.
    assert sorted(notes.values_list("recipient__username", "level")) == [("leader_a1", 3), ("leader_a1", 4)]
    assert "quá hạn" in notes.get(level=3).message
    assert petitions_escalate(today=D(2026, 3, 20)) == 0
    assert notes.count() == 2


def test_it_climbs_to_the_province_and_notifies_the_office(tree, overdue, office, leader_a1, leader_a):
    for day in (D(2026, 3, 9), D(2026, 3, 20), D(2026, 4, 5), D(2026, 5, 6)):
        petitions_escalate(today=day)
    overdue.refresh_from_db()
    assert overdue.escalation_level == 1
    levels = set(Notification.objects.values_list("recipient__username", "level"))
    assert levels == {("leader_a1", 4), ("leader_a1", 3), ("leader_a", 2), ("office", 1)}
    assert petitions_escalate(today=D(2026, 12, 31)) == 0  # nowhere higher to go


def test_answered_petitions_are_not_escalated(tree, overdue, leader_a1):
    overdue.status = Petition.Status.ANSWERED
    overdue.save()
    assert petitions_escalate(today=D(2026, 4, 30)) == 0
    assert not Notification.objects.exists()


def test_the_notification_is_unique_per_person_petition_and_level(tree, overdue):
    user = UserFactory(username="x")
    # The notice moved to notifications.Notification: its event names the petition and the level.
    event = f"petition:{overdue.pk}:escalation:3"
    Notification.objects.create(recipient=user, kind="escalation", event=event, level=3, message="a")
    with pytest.raises(IntegrityError):
        Notification.objects.create(recipient=user, kind="escalation", event=event, level=3, message="b")


def test_the_beat_task_runs_the_service(tree, overdue, leader_a1):
    assert escalate_overdue_petitions("2026-03-09") == 1
    assert escalate_overdue_petitions("2026-03-09") == 0


def test_the_task_is_on_the_daily_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="assignments.escalate_overdue_petitions")
    assert task.enabled and task.crontab.hour == "6" and task.crontab.day_of_month == "*"
