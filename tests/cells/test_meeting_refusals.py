"""A meeting refused by the service comes back as the form with the message and what was typed:
a period whose results are published (locked), and a second meeting of a kind on the same day."""

import datetime

import pytest
from django.urls import reverse

from cells import services
from cells.models import Announcement, Attendance, Meeting, MeetingTopic
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

D = datetime.date
LOCKED = "Kết quả kỳ 2026-H1 đã được Đảng bộ huyện A công bố"


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def rows():
    """Every stored meeting, mark and topic: what a refused save must leave alone."""
    return (
        list(
            Meeting.objects.order_by("pk").values_list("pk", "cell_id", "held_on", "kind", "duration_minutes")
        ),
        list(
            Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "member_id", "status", "reason")
        ),
        list(MeetingTopic.objects.order_by("pk").values_list("pk", "meeting_id", "title")),
    )


def form_data(people, day, **extra):
    data = {"held_on": day, "kind": "regular", "duration_minutes": "95", "topic_title": "Nghị quyết"}
    data.update({f"att_{p.pk}": "present" for p in people})
    data.update(extra)
    return data


@pytest.fixture
def published(computed, orgs, leader_a):
    """2026-H1 computed and published by Đảng bộ huyện A: its cells' meetings of the half-year are locked."""
    announcement = services.announcement_save(
        org=orgs["A"], period=services.ensure_period("2026-H1"), acting_user=leader_a
    )
    services.announcement_publish(announcement=announcement, acting_user=leader_a)
    assert Announcement.objects.get().is_published
    return computed


def test_a_meeting_recorded_in_a_locked_period_shows_the_lock_and_keeps_what_was_typed(
    client, secretary_a1, orgs, published
):
    before = rows()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_new", args=["CBA1-1"]),
        form_data(published["a"], "2026-04-20", minutes="Biên bản buổi bù tháng 4", duration_minutes="97"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert LOCKED in body and 'data-testid="form-errors"' in body
    assert "Biên bản buổi bù tháng 4" in body and 'value="97"' in body and 'value="2026-04-20"' in body
    assert rows() == before


def test_a_meeting_corrected_in_a_locked_period_shows_the_lock_and_changes_nothing(
    client, secretary_a1, orgs, published
):
    meeting = Meeting.objects.get(cell=orgs["A1-1"], held_on=D(2026, 5, 9))
    before = rows()
    marks = {f"att_{p.pk}": "absent" for p in published["a"]}
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]),
        form_data(published["a"], "2026-05-09", duration_minutes="30", minutes="Sửa sau công bố", **marks),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert LOCKED in body and "Sửa sau công bố" in body and 'value="30"' in body
    assert rows() == before


def test_moving_a_meeting_into_a_locked_period_is_refused_too(client, secretary_a1, orgs, published):
    """A meeting of 2026-H2 (open) may not be re-dated into the published 2026-H1."""
    people = published["a"]
    later = services.meeting_record(
        cell=orgs["A1-1"],
        held_on=D(2026, 7, 11),
        kind="regular",
        duration_minutes=90,
        attendance={p.pk: ("present", "") for p in people},
        acting_user=secretary_a1,
    )
    before = rows()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", later.pk]), form_data(people, "2026-04-25")
    )
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert rows() == before


def test_a_second_meeting_of_the_same_kind_on_the_same_day_is_refused(client, secretary_a1, orgs, half_year):
    before = rows()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_new", args=["CBA1-1"]),
        form_data(half_year["a"], "2026-05-09", minutes="Ghi lại lần hai"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Chi bộ Ấp 1 đã có buổi sinh hoạt loại “Thường kỳ (hằng tháng)” ngày 09/05/2026: "
        "hãy sửa buổi đó thay vì ghi thêm một buổi nữa."
    ) in body
    assert "Ghi lại lần hai" in body
    assert rows() == before
    assert Meeting.objects.filter(cell=orgs["A1-1"], held_on=D(2026, 5, 9)).count() == 1


def test_another_kind_on_the_same_day_is_a_second_meeting(client, secretary_a1, orgs, half_year):
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_new", args=["CBA1-1"]),
        form_data(half_year["a"], "2026-05-09", kind="thematic"),
    )
    assert response.status_code == 302
    kinds = Meeting.objects.filter(cell=orgs["A1-1"], held_on=D(2026, 5, 9)).values_list("kind", flat=True)
    assert sorted(kinds) == ["regular", "thematic"]


def test_correcting_a_meeting_onto_the_day_of_another_of_its_kind_is_refused(
    client, secretary_a1, orgs, half_year
):
    meeting = Meeting.objects.get(cell=orgs["A1-1"], held_on=D(2026, 1, 3))
    before = rows()
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]), form_data(half_year["a"], "2026-02-14")
    )
    assert response.status_code == 200
    assert "ngày 14/02/2026: hãy sửa buổi đó" in response.content.decode()
    assert rows() == before


def test_the_database_refuses_a_duplicate_written_past_the_service(orgs, half_year):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(cell=orgs["A1-1"], held_on=D(2026, 5, 9), kind="regular", duration_minutes=60)
    assert Meeting.objects.filter(cell=orgs["A1-1"], held_on=D(2026, 5, 9)).count() == 1


def test_the_administration_shows_a_locked_meeting_read_only_and_refuses_changing_or_deleting_it(
    admin_client, orgs, published
):
    meeting = Meeting.objects.get(cell=orgs["A1-1"], held_on=D(2026, 5, 9))
    open_meeting = Meeting.objects.get(cell=orgs["B1-1"])  # Huyện B did not publish
    url = reverse("admin:cells_meeting_change", args=[meeting.pk])
    before = rows()
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        'name="_save"'
        in admin_client.get(reverse("admin:cells_meeting_change", args=[open_meeting.pk])).content.decode()
    )
    post = {"cell": meeting.cell_id, "held_on": "2026-05-09", "kind": "regular", "duration_minutes": "5"}
    assert admin_client.post(url, post).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:cells_meeting_delete", args=[meeting.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert rows() == before


def test_the_administration_never_deletes_a_computed_result(admin_client, published):
    from cells.models import OrgResult

    result = OrgResult.objects.filter(org__code="CBA1-1").get()
    response = admin_client.post(reverse("admin:cells_orgresult_delete", args=[result.pk]), {"post": "yes"})
    assert response.status_code == 403 and OrgResult.objects.filter(pk=result.pk).exists()


def test_a_meeting_sent_again_under_its_client_id_is_stored_once_and_not_shown_as_a_conflict(
    client, secretary_a1, office, orgs, half_year
):
    """The offline client sends a queued meeting when the connection returns; if the first send got
    through but its answer was lost, the second is the same meeting, not a duplicate refused."""
    url = reverse("cells:meeting_new", args=["CBA1-1"])
    data = form_data(half_year["a"], "2026-06-23", client_id="0b7c6c0e-6a4f-4a8e-9d55-5d2f4f0e2a11")
    first = signed_in(client, secretary_a1).post(url, data)
    again = client.post(url, data)
    stored = Meeting.objects.get(cell=orgs["A1-1"], held_on=D(2026, 6, 23))
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Attendance.objects.filter(meeting=stored).count() == len(half_year["a"])
    # Someone else sending that id is refused: it names the secretary's submission.
    client.force_login(office)
    assert (
        client.post(url, form_data(half_year["a"], "2026-06-24", client_id=str(stored.client_id))).status_code
        == 403
    )
    assert Meeting.objects.filter(cell=orgs["A1-1"], held_on__gte=D(2026, 6, 23)).count() == 1
