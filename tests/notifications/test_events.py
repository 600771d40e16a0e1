"""Each "waiting on you" event notifies the right people, once: petition routed, answered,
returned, escalated, overdue and due within two days; pledge waiting for approval, comment waiting
for moderation, pledge published; meeting planned and the day before (HD 42); remedial actions due."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts import roles
from assignments.services import petition_change_status, petition_forward
from cells.signals import meeting_planned
from notifications import sweep
from notifications.models import Notification
from notifications.tasks import deliver
from pledges import services as pledge_services
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AssignmentFactory
from tests.cells.factories import MeetingFactory, members
from tests.pledges.factories import PledgeFactory, ReviewFactory, action_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def who(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_routed_petition_notifies_the_agency_once_by_bell_and_email(
    petition, office, agency, agency_user, emails, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petition_forward(petition=petition, agency=agency, acting_user=office)
    note = Notification.objects.get(kind="forwarded")
    assert note.recipient == agency_user and note.url == f"/phan-cong/kien-nghi/{petition.pk}/"
    assert [m.to for m in mail.outbox] == [["agency_user@example.vn"]]
    assert "được chuyển đến Ủy ban nhân dân xã An Hòa" in mail.outbox[0].body
    note.refresh_from_db()
    assert note.email == "sent" and note.emailed_at is not None

    # The task delivered again (a retry, a redelivered message): nothing more is sent.
    deliver.delay([note.event])
    deliver.delay([note.event])
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_the_answer_and_a_return_notify_the_cadre_who_raised_it(
    petition, office, agency, agency_user, cadre_a1, django_capture_on_commit_callbacks
):
    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition_change_status(petition=petition, to_status="returned", reason="Sai thẩm quyền",
                           redirect_to="Ủy ban huyện", acting_user=agency_user)
    assert who("returned") == ["cadre_a1"]
    petition_forward(petition=petition, agency=agency, acting_user=office)  # routed again, same day
    assert who("forwarded") == ["agency_user"]  # the same routing: not twice
    petition_change_status(petition=petition, to_status="answered", answer="Đã sửa.", acting_user=agency_user)
    assert who("answered") == ["cadre_a1"]
    assert "đã trả lời" in Notification.objects.get(kind="answered").message


def test_an_escalation_notifies_the_level_above_once_however_often_it_runs(
    tree, leader_a1, emails, django_capture_on_commit_callbacks
):
    from assignments.services import petitions_escalate
    from tests.assignments.factories import PetitionFactory

    PetitionFactory(unit=tree["A1-1-1"], raised_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 8),
                    status="forwarded")
    leader_a1.email = "leader_a1@example.vn"
    leader_a1.save()
    for day in (datetime.date(2026, 3, 9), datetime.date(2026, 3, 9), datetime.date(2026, 3, 20)):
        with django_capture_on_commit_callbacks(execute=True):
            petitions_escalate(today=day)
    # The hamlet has nobody: both notices go to the commune's leader and its cadre, once per level.
    assert sorted(Notification.objects.values_list("recipient__username", "level")) == [
        ("cadre_a1", 3), ("cadre_a1", 4), ("leader_a1", 3), ("leader_a1", 4)
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cadre_a1@example.vn", "cadre_a1@example.vn", "leader_a1@example.vn", "leader_a1@example.vn"
    ]  # one e-mail per notice, none for the same day's second run


def test_a_submitted_pledge_waits_on_the_cell_secretary_and_its_publication_tells_the_owner(
    orgs, cadre_a1, secretary_a1, django_capture_on_commit_callbacks
):
    pledge = PledgeFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre)
    pledge_services.pledge_submit(pledge=pledge, acting_user=cadre_a1)
    assert who("approval") == ["secretary_a1"]  # a member's pledge is decided by their cell
    note = Notification.objects.get(kind="approval")
    assert note.url == f"/cam-ket/{pledge.pk}/" and "chờ bạn duyệt" in note.message

    pledge.refresh_from_db()
    pledge_services.pledge_approve(pledge=pledge, acting_user=secretary_a1)
    assert who("published") == ["cadre_a1"]

    pledge_services.comment_submit(pledge=pledge, body="Đề nghị làm rõ tiến độ")
    assert who("moderation") == ["secretary_a1"]
    assert who("approval") == ["secretary_a1"]  # nothing sent twice along the way


def test_nobody_in_the_cell_the_next_committee_up_decides(orgs, tree, cadre_a1, leader_a):
    # No secretary of the cell or the commune has an account: the district's leader is asked.
    pledge = PledgeFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre)
    pledge_services.pledge_submit(pledge=pledge, acting_user=cadre_a1)
    assert who("approval") == ["leader_a"]


@pytest.fixture
def cell_people(tree, orgs, cadre_a1):
    """Chi bộ Ấp A1-1: three members, two of them with accounts; cadre_a1 is assigned to support the
    hamlet, and someone assigned to another hamlet is not concerned."""
    people = members(orgs["A1-1"], 3)
    for n, cadre in enumerate(people[:2], start=1):
        UserFactory(username=f"member{n}", roles=[roles.CADRE], home_unit=tree["A1-1"], cadre=cadre)
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1"], starts_on=datetime.date(2026, 1, 1))
    other = members(orgs["B1-1"], 1)[0]
    UserFactory(username="elsewhere", roles=[roles.CADRE], home_unit=tree["B1-1"], cadre=other)
    return people


def test_a_planned_meeting_notifies_members_with_accounts_and_the_assigned_cadre_once(orgs, cell_people):
    day = TODAY() + datetime.timedelta(days=10)
    meeting = MeetingFactory(cell=orgs["A1-1"], held_on=day, starts_at=datetime.time(14, 0))
    meeting_planned.send(sender=type(meeting), meeting=meeting)
    meeting_planned.send(sender=type(meeting), meeting=meeting)  # sent again: the same plan
    assert who("meeting") == ["cadre_a1", "member1", "member2"]
    assert f"14:00 {day:%d/%m/%Y}" in Notification.objects.filter(kind="meeting").first().message

    # Re-planned for another day: announced again.
    meeting.held_on = day + datetime.timedelta(days=1)
    meeting.save()
    meeting_planned.send(sender=type(meeting), meeting=meeting)
    assert Notification.objects.filter(kind="meeting").count() == 6


def test_the_daily_sweep_reminds_the_day_before_once(orgs, cell_people):
    today = TODAY()
    MeetingFactory(cell=orgs["A1-1"], held_on=today + datetime.timedelta(days=1))
    MeetingFactory(cell=orgs["A1-1"], held_on=today + datetime.timedelta(days=3))  # not yet
    sweep.run(today=today)
    sweep.run(today=today)
    assert who("meeting_soon") == ["cadre_a1", "member1", "member2"]
    assert "ngày mai" in Notification.objects.filter(kind="meeting_soon").first().message


def test_the_daily_sweep_warns_of_answers_due_in_two_days_and_of_overdue_ones(
    petition, office, agency, agency_user
):
    today = TODAY()
    petition_forward(petition=petition, agency=agency, acting_user=office, due_on=today + datetime.timedelta(days=2))
    sweep.run(today=today)
    sweep.run(today=today + datetime.timedelta(days=1))
    assert who("deadline") == ["agency_user"]  # once, though two sweeps saw it due
    assert f"{today + datetime.timedelta(days=2):%d/%m/%Y}" in Notification.objects.get(kind="deadline").message
    assert who("overdue") == []
    sweep.run(today=today + datetime.timedelta(days=3))
    sweep.run(today=today + datetime.timedelta(days=4))
    assert who("overdue") == ["agency_user"]


def test_a_remedial_action_due_in_two_days_reminds_its_owner(orgs, cadre_a1):
    today = TODAY()
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre, year=today.year)
    action_for(review, due_on=today + datetime.timedelta(days=2), owner=cadre_a1.cadre)
    action_for(review, due_on=today + datetime.timedelta(days=9), owner=cadre_a1.cadre)
    sweep.run(today=today)
    sweep.run(today=today)
    assert who("deadline") == ["cadre_a1"]
    assert Notification.objects.get(kind="deadline").url == f"/cam-ket/kiem-diem/{review.pk}/"


def test_the_sweep_is_on_the_daily_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="notifications.daily_sweep")
    assert task.enabled and task.crontab.hour == "6" and task.crontab.minute == "30"
