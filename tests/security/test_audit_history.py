"""The audit trail: every change to the tracked records keeps who, when, and the values before and after;
what the product deletes stays in the history; the history pages follow the same scope as the records."""

import pytest
from django.urls import reverse

from assignments.models import Petition
from cells import services as cell_services
from cells.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_status_change_made_through_the_page_is_kept_with_its_author_and_before_after(
    client, world, primary_only
):
    petition = world.districts["A"].objs["petition"]
    agency_user = world.users["agency_a"]
    client.force_login(agency_user)
    response = client.post(
        reverse("assignments:petition_status", args=[petition.pk]),
        {"status": "answered", "answer": "Đã sửa đường xong."},
    )
    assert response.status_code == 302
    newest, previous = petition.history.order_by("-history_id")[:2]
    assert newest.history_user == agency_user  # recorded by the request middleware
    delta = newest.diff_against(previous)
    changed = {c.field: (c.old, c.new) for c in delta.changes}
    assert changed["status"] == ("forwarded", "answered")
    assert changed["answer"] == ("", "Đã sửa đường xong.")


def test_the_admin_shows_a_records_history_to_the_office(client, world, primary_only):
    petition = world.districts["B"].objs["petition"]
    client.force_login(world.users["office"])
    page = client.get(reverse("admin:assignments_petition_history", args=[petition.pk]))
    assert page.status_code == 200
    assert len(page.context["page_obj"].object_list) >= 1  # the creation at least, with author and time


def test_a_deleted_meeting_is_still_in_its_history(world, primary_only):
    meeting = world.districts["A"].objs["meeting"]
    meeting.refresh_from_db()
    pk = meeting.pk
    cell_services.meeting_delete(meeting=meeting, acting_user=world.users["office"])
    assert not Meeting.objects.filter(pk=pk).exists()
    last = Meeting.history.filter(id=pk).order_by("-history_id").first()
    assert last.history_type == "-" and "BIMATA" in last.minutes
    restored = last.instance  # what the meeting was, ready to be saved back
    assert restored.held_on == meeting.held_on


def test_a_grade_decision_and_its_change_are_both_kept(world, primary_only):
    override = world.districts["A"].objs["override"]
    cell_services.grade_override(
        org=override.org,
        period=override.period,
        grade="fail",
        reason="Xếp loại lại",
        acting_user=world.users["office"],
    )
    grades = list(override.history.order_by("history_id").values_list("grade", flat=True))
    assert grades[0] != "fail" and grades[-1] == "fail"


def test_the_rollup_writes_no_history_rows(world, primary_only):
    """The rollup's stored rows are recomputable and untracked: a rerun adds nothing to any history."""
    from tests.dashboards.factories import compute

    before = Petition.history.count() + Meeting.history.count()
    compute("2026-H1")
    assert Petition.history.count() + Meeting.history.count() == before
