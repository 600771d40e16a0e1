import datetime

import pytest
from django.urls import reverse

from cells import periods, services
from cells.models import Attendance, Meeting
from tests.accounts.factories import PASSWORD
from tests.cells.factories import members

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell_a(orgs):
    return orgs["A1-1"]


@pytest.fixture
def people(cell_a):
    return members(cell_a, 3)


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def form_data(people, day="2026-05-09", **extra):
    data = {
        "held_on": day,
        "kind": "regular",
        "duration_minutes": "95",
        "starts_at": "19:30",
        "topic_title": "Nghị quyết",
    }
    for p in people:
        data[f"att_{p.pk}"] = "present"
    data.update(extra)
    return data


def test_it_lets_the_cell_secretary_record_a_meeting_with_attendance(client, secretary_a1, cell_a, people):
    url = reverse("cells:meeting_new", args=[cell_a.code])
    page = signed_in(client, secretary_a1).get(url)
    assert page.status_code == 200
    assert people[0].full_name in page.content.decode()
    data = form_data(people, **{f"att_{people[2].pk}": "excused", f"reason_{people[2].pk}": "Ốm"})
    response = client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(cell=cell_a)
    assert (meeting.held_on, meeting.duration_minutes, meeting.recorded_by) == (
        datetime.date(2026, 5, 9),
        95,
        secretary_a1,
    )
    marks = dict(meeting.attendance.values_list("member_id", "status"))
    assert marks[people[2].pk] == Attendance.Status.EXCUSED and list(marks.values()).count("present") == 2
    assert meeting.attendance.get(member=people[2]).reason == "Ốm"
    calendar = client.get(response["Location"]).content.decode()
    assert "09/05/2026" in calendar


def test_the_cell_secretary_is_sent_to_their_cell(client, secretary_a1, cell_a):
    response = signed_in(client, secretary_a1).get(reverse("cells:index"))
    assert response["Location"] == reverse("cells:cell", args=[cell_a.code])


def test_a_meeting_dated_in_the_future_is_refused_and_the_form_keeps_what_was_typed(
    client, secretary_a1, cell_a, people
):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_new", args=[cell_a.code]),
        form_data(people, day=future, minutes="Biên bản dài"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "tương lai" in body
    assert "Biên bản dài" in body and 'value="95"' in body
    assert not Meeting.objects.exists()


def test_a_meeting_before_the_cell_existed_is_refused(client, secretary_a1, cell_a, people):
    cell_a.valid_from = datetime.date(2026, 6, 1)
    cell_a.save()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_new", args=[cell_a.code]), form_data(people)
    )
    assert "01/06/2026" in response.content.decode()
    assert not Meeting.objects.exists()


def test_attendance_larger_than_the_membership_is_refused(client, secretary_a1, cell_a, people, orgs):
    outsider = members(orgs["B1-1"], 1)[0]
    data = form_data(people, **{f"att_{outsider.pk}": "present"})
    response = signed_in(client, secretary_a1).post(reverse("cells:meeting_new", args=[cell_a.code]), data)
    assert "4" in response.content.decode() and "3" in response.content.decode()
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_service_refuses_attendance_for_non_members_too(secretary_a1, cell_a, people, orgs):
    outsider = members(orgs["B1-1"], 1)[0]
    marks = {p.pk: ("present", "") for p in [*people, outsider]}
    with pytest.raises(services.ValidationError, match="3"):
        services.meeting_record(
            cell=cell_a,
            held_on=datetime.date(2026, 5, 9),
            kind="regular",
            duration_minutes=90,
            attendance=marks,
            acting_user=secretary_a1,
        )


def test_only_the_cells_own_secretary_records_its_meetings(client, cadre_a1, secretary_a1, orgs, people):
    assert signed_in(client, cadre_a1).get(reverse("cells:meeting_new", args=["CBA1-1"])).status_code == 403
    client.logout()
    signed_in(client, secretary_a1)
    assert client.get(reverse("cells:cell", args=["CBB1-1"])).status_code == 403
    assert client.get(reverse("cells:cell", args=["NOPE"])).status_code == 404


def test_a_cadre_outside_the_district_cannot_see_the_cell(client, cadre_b1, orgs):
    assert signed_in(client, cadre_b1).get(reverse("cells:cell", args=["CBA1-1"])).status_code == 403


def test_the_calendar_shows_missed_months_thematic_quarters_and_shortfalls(client, office, half_year, orgs):
    page = signed_in(client, office).get(reverse("cells:cell", args=["CBA1-1"]) + "?ky=2026-H1")
    body = page.content.decode()
    assert "1 buổi sinh hoạt tháng bị thiếu" in body  # April
    assert "4 buổi chưa đạt yêu cầu" in body
    assert "60 phút (ít nhất 90)" in body
    assert half_year["a"][3].full_name in body  # absent with reason a 4th time in a row


def test_the_cell_list_has_a_bounded_number_of_queries(client, office, orgs, django_assert_max_num_queries):
    signed_in(client, office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cells:index")).status_code == 200


def test_the_calendar_costs_the_same_queries_for_one_meeting_or_five(client, office, half_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, office)
    counts = []
    for code in ("CBA1-1", "CBB1-1"):  # five meetings and one
        client.get(reverse("cells:cell", args=[code]) + "?ky=2026-H1")
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cells:cell", args=[code]) + "?ky=2026-H1")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_calendar_has_a_bounded_number_of_queries(
    client, office, half_year, django_assert_max_num_queries
):
    signed_in(client, office)
    # 21 on a cold cache: the last is the bell's unread count (cached per person afterwards).
    with django_assert_max_num_queries(21):
        assert client.get(reverse("cells:cell", args=["CBA1-1"]) + "?ky=2026-H1").status_code == 200


def test_periods_exist_without_anyone_creating_them(client, office):
    signed_in(client, office).get(reverse("cells:index"))
    code = periods.code_for(datetime.date.today())
    period = periods.ensure(code)
    assert period.starts_on <= datetime.date.today() <= period.ends_on
    assert periods.bounds("2026-H1") == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert client.get(reverse("cells:results", args=["2026-H3"])).status_code == 404


def test_the_calendar_is_cached_and_a_recorded_or_deleted_meeting_shows_at_once(
    client, secretary_a1, cell_a, people, page_cache, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    signed_in(client, secretary_a1)
    calendar_url = reverse("cells:cell", args=[cell_a.code]) + "?ky=2026-H1"
    assert "09/05/2026" not in client.get(calendar_url).content.decode()
    with django_assert_max_num_queries(6):  # the calendar's meetings and attendance are not read again
        assert client.get(calendar_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cells:meeting_new", args=[cell_a.code]), form_data(people))
    assert response.status_code == 302
    assert "09/05/2026" in client.get(calendar_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_delete(meeting=Meeting.objects.get(cell=cell_a), acting_user=secretary_a1)
    assert "09/05/2026" not in client.get(calendar_url).content.decode()


def test_the_blank_meeting_form_is_cached_and_a_new_member_shows_at_once(
    client, secretary_a1, cell_a, people, page_cache, django_capture_on_commit_callbacks
):
    signed_in(client, secretary_a1)
    url = reverse("cells:meeting_new", args=[cell_a.code])
    first = client.get(url).content.decode()
    assert people[0].full_name in first and 'name="csrfmiddlewaretoken"' in first
    with django_capture_on_commit_callbacks(execute=True):
        (newcomer,) = members(cell_a, 1)
    page = client.get(url).content.decode()
    assert newcomer.full_name in page and f'name="att_{newcomer.pk}"' in page
    # The cached fields are posted like the live ones.
    assert client.post(url, form_data([*people, newcomer])).status_code == 302


def test_a_corrected_mark_is_kept_in_the_attendance_history(client, secretary_a1, cell_a, people):
    signed_in(client, secretary_a1)
    client.post(reverse("cells:meeting_new", args=[cell_a.code]), form_data(people))
    meeting = Meeting.objects.get(cell=cell_a)
    row = meeting.attendance.get(member=people[2])
    assert [h.history_type for h in row.history.all()] == ["+"]  # created with its history
    edit = reverse("cells:meeting_edit", args=[cell_a.code, meeting.pk])
    data = form_data(people, **{f"att_{people[2].pk}": "excused", f"reason_{people[2].pk}": "Đi công tác"})
    assert client.post(edit, data).status_code == 302
    row = meeting.attendance.get(member=people[2])  # the same row, corrected in place
    latest, before = row.history.all()[:2]
    assert (before.status, latest.status, latest.reason) == ("present", "excused", "Đi công tác")
    assert latest.history_user == secretary_a1 and latest.history_type == "~"
    assert meeting.attendance.get(member=people[0]).history.count() == 1  # unchanged marks: no new entry
