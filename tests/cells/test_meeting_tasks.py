"""The loop meeting → resolution → tasks → review: a held meeting's tasks (owner, deadline) are on
the agenda of every later meeting of the cell until closed; closing records who and when."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cells import selectors, services
from cells.models import Meeting, MeetingTask
from tests.accounts.factories import PASSWORD
from tests.cells.factories import meeting, members

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def held(orgs):
    """Last month's meeting of Chi bộ Ấp 1 (A1-1), 3 members, held 20 days ago."""
    people = members(orgs["A1-1"], 3)
    return meeting(orgs["A1-1"], timezone.localdate() - D(days=20), "PPE", people=people), people


def add_task(client, m, **data):
    return client.post(reverse("cells:task_add", args=[m.cell.code, m.pk]), data)


def test_a_task_of_the_resolution_is_on_the_next_agenda_until_it_is_closed(client, secretary_a1, held, orgs):
    m, people = held
    client = signed_in(client, secretary_a1)
    deadline = timezone.localdate() + D(days=10)
    response = add_task(
        client,
        m,
        title="Vận động 5 hộ làm hàng rào xanh",
        owner=people[1].pk,
        deadline=deadline.strftime("%d/%m/%Y"),
    )
    assert response.status_code == 302
    task = MeetingTask.objects.get()
    assert (task.owner, task.deadline, task.status, task.cell) == (people[1], deadline, "open", orgs["A1-1"])

    nxt = services.meeting_plan(
        cell=orgs["A1-1"], planned_on=timezone.localdate() + D(days=3), acting_user=secretary_a1
    )
    page = client.get(reverse("cells:meeting", args=["CBA1-1", nxt.pk])).content.decode()
    assert "Vận động 5 hộ làm hàng rào xanh" in page and people[1].full_name in page
    # The one after that still carries it while it is open.
    later = services.meeting_plan(
        cell=orgs["A1-1"], planned_on=timezone.localdate() + D(days=33), acting_user=secretary_a1
    )
    assert [t.pk for t in selectors.agenda_tasks(later)] == [task.pk]

    response = client.post(
        reverse("cells:task_close", args=["CBA1-1", task.pk]),
        {"status": "done", "note": "Đã xong 5 hộ", "tiep": nxt.pk},
    )
    assert response.status_code == 302 and response.url == reverse("cells:meeting", args=["CBA1-1", nxt.pk])
    task.refresh_from_db()
    assert task.status == "done" and task.closed_by == secretary_a1 and task.closed_at is not None
    assert list(selectors.agenda_tasks(nxt)) == [] and list(selectors.agenda_tasks(later)) == []
    assert (
        'data-testid="agenda-task"'
        not in client.get(reverse("cells:meeting", args=["CBA1-1", nxt.pk])).content.decode()
    )
    # Who closed it and when stays in the task's history.
    history = client.get(reverse("cells:task_history", args=["CBA1-1", task.pk])).content.decode()
    assert "Đã hoàn thành" in history and "Đã xong 5 hộ" in history


def test_a_meeting_held_after_a_task_was_closed_no_longer_reviews_it_but_one_before_does(
    secretary_a1, held, orgs
):
    m, people = held
    task = services.task_add(
        meeting=m, title="Sửa cầu", owner=people[0], deadline=timezone.localdate(), acting_user=secretary_a1
    )
    between = meeting(orgs["A1-1"], timezone.localdate() - D(days=5), "PPP", people=people)
    assert [t.pk for t in selectors.agenda_tasks(between)] == [task.pk]
    services.task_close(task=task, status="done", acting_user=secretary_a1)
    # `between` was held before the task was closed: its minutes keep the task reviewed.
    assert [t.pk for t in selectors.agenda_tasks(between)] == [task.pk]
    tomorrow = meeting(orgs["A1-1"], timezone.localdate() + D(days=1), "PPP", people=people)
    assert list(selectors.agenda_tasks(tomorrow)) == []


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"title": "Trồng cây", "deadline": "31/12/2026"}, "Ghi tên đảng viên của chi bộ chịu trách nhiệm"),
        ({"title": "Trồng cây", "owner": "OWNER"}, "Ghi hạn hoàn thành của việc"),
    ],
)
def test_a_task_without_owner_or_deadline_is_refused_with_the_input_kept(
    client, secretary_a1, held, data, field_message
):
    m, people = held
    data = {k: (people[0].pk if v == "OWNER" else v) for k, v in data.items()}
    response = add_task(signed_in(client, secretary_a1), m, **data)
    body = response.content.decode()
    assert response.status_code == 400
    assert field_message in body and 'value="Trồng cây"' in body
    assert not MeetingTask.objects.exists()


def test_a_deadline_before_the_meeting_is_refused(client, secretary_a1, held):
    m, people = held
    early = m.held_on - D(days=1)
    response = add_task(
        signed_in(client, secretary_a1),
        m,
        title="Việc cũ",
        owner=people[0].pk,
        deadline=early.strftime("%d/%m/%Y"),
    )
    body = response.content.decode()
    assert (
        response.status_code == 400 and "không thể trước buổi sinh hoạt" in body and 'value="Việc cũ"' in body
    )
    assert not MeetingTask.objects.exists()


def test_a_task_for_someone_outside_the_cell_is_refused(client, secretary_a1, held, orgs):
    m, _people = held
    outsider = members(orgs["B1-1"], 1)[0]
    response = add_task(
        signed_in(client, secretary_a1), m, title="Việc", owner=outsider.pk, deadline="31/12/2026"
    )
    assert response.status_code == 400 and not MeetingTask.objects.exists()


def test_only_the_cells_secretary_adds_and_closes_tasks(client, cadre_a1, secretary_a1, held):
    m, people = held
    task = services.task_add(
        meeting=m, title="Sửa đường", owner=people[0], deadline=timezone.localdate(), acting_user=secretary_a1
    )
    client = signed_in(client, cadre_a1)
    assert add_task(client, m, title="X", owner=people[0].pk, deadline="31/12/2026").status_code == 403
    assert (
        client.post(reverse("cells:task_close", args=["CBA1-1", task.pk]), {"status": "done"}).status_code
        == 403
    )
    assert MeetingTask.objects.get().status == "open"


def test_dropping_a_task_needs_a_reason(client, secretary_a1, held):
    m, people = held
    task = services.task_add(
        meeting=m, title="Sửa đường", owner=people[0], deadline=timezone.localdate(), acting_user=secretary_a1
    )
    client = signed_in(client, secretary_a1)
    response = client.post(
        reverse("cells:task_close", args=["CBA1-1", task.pk]), {"status": "dropped"}, follow=True
    )
    assert "Ghi lý do bỏ việc" in response.content.decode()
    assert MeetingTask.objects.get().status == "open"


def test_a_planned_meeting_takes_no_task(secretary_a1, orgs, held):
    _m, people = held
    planned = services.meeting_plan(
        cell=orgs["A1-1"], planned_on=timezone.localdate(), acting_user=secretary_a1
    )
    with pytest.raises(services.ValidationError):
        services.task_add(
            meeting=planned,
            title="X",
            owner=people[0],
            deadline=timezone.localdate(),
            acting_user=secretary_a1,
        )
    assert Meeting.objects.get(pk=planned.pk).status == "planned"


def test_the_meeting_page_with_agenda_and_tasks_has_a_bounded_query_count(
    client, secretary_a1, held, orgs, django_assert_max_num_queries
):
    m, people = held
    for n in range(5):
        services.task_add(
            meeting=m,
            title=f"Việc {n}",
            owner=people[n % 3],
            deadline=timezone.localdate(),
            acting_user=secretary_a1,
        )
    nxt = services.meeting_plan(cell=orgs["A1-1"], planned_on=timezone.localdate(), acting_user=secretary_a1)
    client = signed_in(client, secretary_a1)
    client.get(reverse("cells:meeting", args=["CBA1-1", nxt.pk]))
    with django_assert_max_num_queries(16):
        body = client.get(reverse("cells:meeting", args=["CBA1-1", nxt.pk])).content.decode()
    assert body.count('data-testid="agenda-task"') == 5
    with django_assert_max_num_queries(18):
        body = client.get(reverse("cells:meeting", args=["CBA1-1", m.pk])).content.decode()
    assert body.count('data-testid="task"') == 5
