"""A secretary plans the cell's next meeting: the 3rd of the month proposed (CT 50-CT/TW), an agenda
of directive items, documents checked like pledge evidence, the `meeting_planned` signal sent once
on commit; a planned meeting counts for nothing until it is held."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cells import services
from cells.models import Announcement, Meeting, MeetingDocument
from cells.signals import meeting_planned
from directives.models import DirectiveItem
from tests.accounts.factories import PASSWORD
from tests.cells.factories import meeting, members

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def next_third(today: datetime.date) -> datetime.date:
    """The first 3rd of a month on or after `today`."""
    third = today.replace(day=3)
    if third >= today:
        return third
    first_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first_next.replace(day=3)


def month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@pytest.fixture
def received():
    calls = []

    def receiver(sender, meeting, **kwargs):
        calls.append((sender, meeting.pk, meeting.status))

    meeting_planned.connect(receiver, weak=False, dispatch_uid="test-meeting-planned")
    yield calls
    meeting_planned.disconnect(dispatch_uid="test-meeting-planned")


def test_the_plan_form_proposes_the_3rd_of_the_month(client, secretary_a1, orgs):
    today = timezone.localdate()
    body = (
        signed_in(client, secretary_a1).get(reverse("cells:meeting_plan", args=["CBA1-1"])).content.decode()
    )
    assert f'value="{next_third(today):%d/%m/%Y}"' in body


def test_after_this_months_meeting_the_3rd_of_next_month_is_proposed(orgs):
    today = timezone.localdate()
    people = members(orgs["A1-1"], 2)
    meeting(orgs["A1-1"], today, "PP", people=people)
    assert services.proposed_date(orgs["A1-1"]) == month_after(today).replace(day=3)


def test_before_ct50_the_day_of_the_latest_meeting_is_proposed(orgs):
    people = members(orgs["A1-1"], 2)
    meeting(orgs["A1-1"], datetime.date(2024, 4, 17), "PP", people=people)
    assert services.proposed_date(orgs["A1-1"], today=datetime.date(2024, 4, 20)) == datetime.date(
        2024, 5, 17
    )


def test_planning_stores_the_agenda_and_documents_and_sends_the_signal_once_on_commit(
    client, secretary_a1, orgs, received, django_capture_on_commit_callbacks
):
    day = next_third(timezone.localdate() + datetime.timedelta(days=1))
    item = DirectiveItem.objects.select_related("directive").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = signed_in(client, secretary_a1).post(
            reverse("cells:meeting_plan", args=["CBA1-1"]),
            {
                "planned_on": day.strftime("%d/%m/%Y"),
                "kind": "regular",
                "starts_at": "19:30",
                "place": "Nhà văn hóa ấp 1",
                "items": [item.pk],
                "topic_title": "Quán triệt nghị quyết",
                "files": [SimpleUploadedFile("du-thao nghị quyết.pdf", PDF, content_type="application/pdf")],
            },
        )
    planned = Meeting.objects.get(cell=orgs["A1-1"])
    assert response.status_code == 302 and response.url == reverse(
        "cells:meeting", args=["CBA1-1", planned.pk]
    )
    assert received == []  # not before the commit
    for callback in callbacks:
        callback()
    assert received == [(Meeting, planned.pk, "planned")]  # once, after it
    assert planned.status == "planned" and planned.held_on == planned.planned_on == day
    assert planned.duration_minutes == 90  # the HD 42 minimum proposed
    topic = planned.topics.get()
    assert topic.item == item and topic.directive_id == item.directive_id
    document = MeetingDocument.objects.get(meeting=planned)
    assert document.original_name == "du-thao nghị quyết.pdf" and document.file.name.endswith(".pdf")
    page = client.get(reverse("cells:meeting", args=["CBA1-1", planned.pk])).content.decode()
    assert "Nhà văn hóa ấp 1" in page and item.directive.symbol in page
    download = client.get(reverse("cells:meeting_document", args=["CBA1-1", planned.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"


def test_replanning_moves_the_day_and_sends_the_signal_again(client, secretary_a1, orgs, received):
    day = next_third(timezone.localdate() + datetime.timedelta(days=1))
    with_commit = services.meeting_plan(cell=orgs["A1-1"], planned_on=day, acting_user=secretary_a1)
    later = day + datetime.timedelta(days=2)
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_replan", args=["CBA1-1", with_commit.pk]),
        {"planned_on": later.strftime("%d/%m/%Y"), "kind": "regular"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=with_commit.pk).held_on == later
    assert Meeting.objects.count() == 1


def test_a_refused_plan_sends_nothing(
    client, secretary_a1, orgs, received, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client, secretary_a1).post(
            reverse("cells:meeting_plan", args=["CBA1-1"]),
            {"planned_on": yesterday.strftime("%d/%m/%Y"), "kind": "regular", "place": "Hội trường ấp"},
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Ngày {yesterday:%d/%m/%Y} đã qua" in body
    assert 'value="Hội trường ấp"' in body and f'value="{yesterday:%d/%m/%Y}"' in body
    assert received == [] and not Meeting.objects.exists()


def test_a_plan_in_a_published_period_is_refused_with_the_lock(client, secretary_a1, leader_a, orgs):
    today = timezone.localdate()
    day = today + datetime.timedelta(days=1)
    period = services.ensure_period(services.periods.code_for(day))
    Announcement.objects.create(
        org=orgs["A"], period=period, title="Thông báo", status=Announcement.Status.PUBLISHED
    )
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_plan", args=["CBA1-1"]),
        {"planned_on": day.strftime("%d/%m/%Y"), "kind": "regular", "topic_title": "Giữ lại"},
    )
    body = response.content.decode()
    assert f"Kết quả kỳ {period.code} đã được Đảng bộ huyện A công bố" in body
    assert 'value="Giữ lại"' in body and not Meeting.objects.exists()


def test_a_document_that_is_not_pdf_or_image_is_refused_and_nothing_is_planned(client, secretary_a1, orgs):
    day = next_third(timezone.localdate() + datetime.timedelta(days=1))
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_plan", args=["CBA1-1"]),
        {
            "planned_on": day.strftime("%d/%m/%Y"),
            "kind": "regular",
            "files": [
                SimpleUploadedFile(
                    "tai-lieu.pdf", b"<html><script>x</script>", content_type="application/pdf"
                )
            ],
        },
    )
    assert response.status_code == 200
    assert "không phải tệp PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Meeting.objects.exists() and not MeetingDocument.objects.exists()


def test_a_planned_meeting_counts_for_nothing_in_the_calendar_and_the_rollup(secretary_a1, orgs):
    from cells import periods, selectors

    day = timezone.localdate()
    services.meeting_plan(cell=orgs["A1-1"], planned_on=day, acting_user=secretary_a1)
    period = periods.ensure(periods.code_for(day))
    assert list(selectors.meetings_of(orgs["A1-1"], start=period.starts_on, end=period.ends_on)) == []
    assert [m.status for m in selectors.planned_meetings(orgs["A1-1"])] == ["planned"]


def test_another_cells_secretary_cannot_plan(client, orgs, secretary_a1):
    day = next_third(timezone.localdate() + datetime.timedelta(days=1))
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_plan", args=["CBB1-1"]),
        {"planned_on": day.strftime("%d/%m/%Y"), "kind": "regular"},
    )
    assert response.status_code == 403 and not Meeting.objects.exists()


def test_a_planned_meeting_is_not_counted_by_the_rollup(secretary_a1, orgs):
    from cells import periods, tasks
    from cells.models import OrgResult

    today = timezone.localdate()
    services.meeting_plan(cell=orgs["A1-1"], planned_on=today, acting_user=secretary_a1)
    code = periods.code_for(today)
    run = services.rollup_start(period=periods.ensure(code), enqueue=False)
    tasks.rollup_period(code, run.pk)
    row = OrgResult.objects.get(run=run, org=orgs["A1-1"])
    assert (row.meetings_total, row.meetings_held) == (0, 0)


def test_the_plan_page_has_a_bounded_query_count(client, secretary_a1, orgs, django_assert_max_num_queries):
    people = members(orgs["A1-1"], 3)
    held = meeting(orgs["A1-1"], timezone.localdate() - datetime.timedelta(days=10), "PPP", people=people)
    for n in range(6):
        services.task_add(
            meeting=held,
            title=f"Việc {n}",
            owner=people[n % 3],
            deadline=timezone.localdate(),
            acting_user=secretary_a1,
        )
    client = signed_in(client, secretary_a1)
    url = reverse("cells:meeting_plan", args=["CBA1-1"])
    client.get(url)
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert body.count('data-testid="open-task"') == 6


def test_a_held_meeting_is_not_planned_again(client, secretary_a1, orgs):
    people = members(orgs["A1-1"], 2)
    held = meeting(orgs["A1-1"], timezone.localdate() - datetime.timedelta(days=3), "PP", people=people)
    client = signed_in(client, secretary_a1)
    assert client.get(reverse("cells:meeting_replan", args=["CBA1-1", held.pk])).status_code == 404
    with pytest.raises(services.ValidationError):
        services.meeting_plan(
            cell=orgs["A1-1"], planned_on=timezone.localdate(), acting_user=secretary_a1, meeting=held
        )
    assert Meeting.objects.get(pk=held.pk).status == "held"
