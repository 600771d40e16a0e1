"""Escalation on the embedded default (no beat, Celery eager): the web process runs the beat schedule
itself (config/scheduler.py), once a day however many processes; every escalation notifies the people
responsible at its level; routing a petition keeps its deadline."""

import datetime
import threading
import time

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts import roles
from assignments.models import CadreKind, Petition
from assignments.services import petition_forward, petitions_escalate
from config import scheduler
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.units.factories import CadreFactory

from .factories import AssignmentFactory, PetitionFactory

D = datetime.date
TASK = "assignments.escalate_overdue_petitions"


@pytest.fixture
def people(tree, orgs, office, leader_a, cadre_a1, agency, agency_user):
    """Someone responsible at every level above the group Tổ NDTQ số 1, none of them a leader below
    the district: the hamlet's assigned district cadre, the commune's own cadre and its People's
    Committee (agency), the district's leader (and the district's cadre), the provincial office."""
    hamlet_cadre = CadreFactory(code="HA-0002", full_name="Phan Văn Hậu", work_unit=tree["A"])
    hamlet_user = UserFactory(
        username="hamlet_cadre", roles=[roles.CADRE], home_unit=tree["A"], cadre=hamlet_cadre
    )
    AssignmentFactory(
        cadre=hamlet_cadre, unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=D(2026, 1, 1)
    )
    UserFactory(username="retired", roles=[roles.CADRE], home_unit=tree["A1"], is_active=False)
    # Only the daily escalation on the schedule (the six-monthly rollup's day is not these tests' concern).
    PeriodicTask.objects.exclude(task=TASK).update(enabled=False)
    return {"hamlet": hamlet_user, "commune": {cadre_a1, agency_user}, "district": leader_a, "office": office}


def escalation_recipients():
    return sorted(
        set(Notification.objects.filter(kind="escalation").values_list("level", "recipient__username"))
    )


@pytest.mark.django_db
def test_each_escalation_notifies_the_people_responsible_at_its_level(people, tree):
    petition = PetitionFactory(
        unit=tree["A1-1-1"], raised_on=D(2026, 3, 1), due_on=D(2026, 3, 8), status="forwarded"
    )

    for day in (D(2026, 3, 9), D(2026, 3, 20), D(2026, 4, 5), D(2026, 5, 6)):
        assert petitions_escalate(today=day) == 1
        assert petitions_escalate(today=day) == 0  # the same day again adds nothing

    petition.refresh_from_db()
    assert petition.escalation_level == 1
    assert escalation_recipients() == [
        (1, "office"),
        (2, "hamlet_cadre"),  # a cadre of the district
        (2, "leader_a"),
        (3, "agency_user"),  # the commune's People's Committee
        (3, "cadre_a1"),  # the commune's cadre: not a leader, still responsible
        (4, "hamlet_cadre"),  # the cadre assigned to follow the hamlet
    ]
    assert Notification.objects.filter(kind="escalation").count() == 6


@pytest.mark.django_db
def test_a_level_where_nobody_has_an_account_passes_the_notice_to_the_nearest_level_above(tree, leader_a):
    PetitionFactory(unit=tree["A1-1-1"], raised_on=D(2026, 3, 1), due_on=D(2026, 3, 8), status="forwarded")

    assert petitions_escalate(today=D(2026, 3, 9)) == 1  # to the hamlet: nobody there, nor at the commune

    assert escalation_recipients() == [(4, "leader_a")]


@pytest.mark.django_db
def test_a_commune_directly_under_the_province_escalates_to_the_office(tree, office):
    from tests.units.factories import UnitFactory
    from units.models import Unit

    commune = UnitFactory(code="X9", name="Xã Mới", kind=Unit.Kind.COMMUNE, parent=tree["P"])
    PetitionFactory(unit=commune, raised_on=D(2026, 3, 1), due_on=D(2026, 3, 8), status="new")

    assert petitions_escalate(today=D(2026, 3, 9)) == 1

    assert escalation_recipients() == [(1, "office")]


@pytest.mark.django_db
def test_routing_a_petition_keeps_its_deadline(tree, office, agency):
    today = timezone.localdate()
    petition = PetitionFactory(
        unit=tree["A1-1-1"],
        raised_on=today - datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=5),
    )
    due, level_due = petition.due_on, petition.level_due_on

    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition.refresh_from_db()
    assert (petition.due_on, petition.level_due_on) == (due, level_due)

    # Returned and routed again: still the deadline it had.
    Petition.objects.filter(pk=petition.pk).update(status="returned")
    petition.refresh_from_db()
    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition.refresh_from_db()
    assert (petition.due_on, petition.level_due_on) == (due, level_due)


def overdue_today(tree):
    today = timezone.localdate()
    return PetitionFactory(
        unit=tree["A1-1-1"],
        raised_on=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=20),
        status="forwarded",
    )


@pytest.mark.django_db(transaction=True)
def test_overdue_petitions_escalate_without_beat_in_the_web_process(people, tree):
    petitions = [overdue_today(tree) for _ in range(3)]
    stop = threading.Event()

    thread = scheduler.start(interval=0.05, stop=stop)  # what config/wsgi.py starts in each process
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if not Petition.objects.filter(pk__in=[p.pk for p in petitions], escalation_level=5).exists():
                break
            time.sleep(0.05)
        time.sleep(0.3)  # several more ticks the same day
    finally:
        stop.set()
        thread.join(5)

    assert set(
        Petition.objects.filter(pk__in=[p.pk for p in petitions]).values_list("escalation_level", flat=True)
    ) == {4}
    assert escalation_recipients() == [(4, "hamlet_cadre")]
    assert Notification.objects.filter(kind="escalation").count() == 3  # once each, however many ticks
    entry = PeriodicTask.objects.get(task=TASK)
    assert entry.last_run_at is not None and entry.total_run_count == 1


@pytest.mark.django_db
def test_the_schedule_runs_once_a_day_whichever_process_claims_it(people, tree):
    overdue_today(tree)
    # A fixed hour of today, after the 06:00 run: "8 hours later" must stay the same day whenever the
    # suite runs (at 23:00 the real clock's +8 h is tomorrow, past 06:00, and the entry is due again).
    now = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    stale = PeriodicTask.objects.get(task=TASK)  # what a second process read before the first ran

    assert scheduler.run_due(now=now) == [stale.name]
    assert scheduler.run_due(now=now + datetime.timedelta(hours=8)) == []  # later the same day
    assert scheduler.claim(stale, now) is False  # the other process's claim matches no row

    assert PeriodicTask.objects.get(task=TASK).total_run_count == 1
    assert Notification.objects.filter(kind="escalation").count() == 1
    tomorrow_six = timezone.localtime(now).replace(hour=6, minute=1) + datetime.timedelta(days=1)
    assert scheduler.run_due(now=tomorrow_six) == [stale.name]  # its next day: runs again


@pytest.mark.django_db
def test_a_disabled_entry_does_not_run(people, tree):
    petition = overdue_today(tree)
    PeriodicTask.objects.filter(task=TASK).update(enabled=False)

    assert scheduler.run_due() == []

    petition.refresh_from_db()
    assert petition.escalation_level == 5
