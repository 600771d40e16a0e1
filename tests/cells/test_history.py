"""The change history of a meeting, of a cell's meetings (deleted ones included) and of the grades a
committee decided, on their pages: who, when, before → after in Vietnamese, in scope only."""

import datetime
import re

import pytest
from django.urls import reverse

from cells import services
from tests.cells.factories import meeting, members

pytestmark = pytest.mark.django_db

D = datetime.date


def text(response) -> str:
    """The page as read: cells and list items apart, inline markup joined."""
    html = re.sub(r"</(td|th|li|p|h1|h2)>", " | ", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def cell(orgs):
    return orgs["A1-1"]


@pytest.fixture
def people(cell):
    return members(cell, 2)


@pytest.fixture
def held(cell, people):
    return meeting(cell, D(2026, 3, 10), "PP", minutes=60, people=people)


def test_a_correction_by_the_secretary_shows_on_the_meetings_history(
    client, cell, people, held, secretary_a1
):
    secretary_a1.first_name, secretary_a1.last_name = "Lê Thị", "Hoa"
    secretary_a1.save()
    client.force_login(secretary_a1)
    data = {"held_on": "10/03/2026", "kind": "thematic", "duration_minutes": "120", "topic_title": "CT 05"}
    data.update({f"att_{p.pk}": "present" for p in people})
    response = client.post(reverse("cells:meeting_edit", args=[cell.code, held.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    url = reverse("cells:meeting_history", args=[cell.code, held.pk])
    assert url in client.get(reverse("cells:meeting", args=[cell.code, held.pk])).content.decode()
    page = text(client.get(url))
    assert "Lê Thị Hoa | Sửa |" in page
    assert "Thời lượng (phút): 60 → 120" in page
    assert "Loại: Thường kỳ (hằng tháng) → Chuyên đề" in page


def test_a_corrected_attendance_mark_shows_on_the_meetings_history(client, cell, people, secretary_a1):
    client.force_login(secretary_a1)
    data = {"held_on": "12/03/2026", "kind": "regular", "duration_minutes": "60", "topic_title": "CT 05"}
    data.update({f"att_{p.pk}": "present" for p in people})
    assert client.post(reverse("cells:meeting_new", args=[cell.code]), data).status_code == 302
    recorded = cell.meetings.get(held_on=D(2026, 3, 12))
    data.update({f"att_{people[1].pk}": "excused", f"reason_{people[1].pk}": "Ốm"})
    assert client.post(reverse("cells:meeting_edit", args=[cell.code, recorded.pk]), data).status_code == 302
    page = text(client.get(reverse("cells:meeting_history", args=[cell.code, recorded.pk])))
    assert f"Sửa: Điểm danh: {people[1].full_name}" in page
    assert "Có mặt → Vắng có lý do" in page and "Ốm" in page


def test_a_deleted_meeting_stays_in_the_cells_history(client, admin_client, cell, held, office):
    pk = held.pk
    services.meeting_delete(meeting=held, acting_user=office)
    client.force_login(office)
    assert client.get(reverse("cells:meeting", args=[cell.code, pk])).status_code == 404
    url = reverse("cells:cell_history", args=[cell.code])
    assert url in client.get(reverse("cells:cell", args=[cell.code])).content.decode()
    response = client.get(url)
    page = text(response)
    # Who deleted it is named (services.meeting_delete passes the acting user to the history).
    assert "Xóa: Buổi sinh hoạt chi bộ: Thường kỳ (hằng tháng) 10/03/2026" in page
    assert "Hệ thống | Xóa" not in page
    assert 'data-testid="history-deleted-hint"' in response.content.decode()
    # The office is led to the meeting's history in the administration, where it can be restored.
    admin_url = reverse("admin:cells_meeting_history", args=[pk])
    assert admin_url in response.content.decode()
    assert admin_client.get(admin_url).status_code == 200


def test_a_grade_decision_and_its_change_show_on_the_announcements_history(client, leader_a, computed):
    leader_a.first_name, leader_a.last_name = "Nguyễn Văn", "Hùng"
    leader_a.save()
    client.force_login(leader_a)
    url = reverse("cells:grade_override", args=["2026-H1", "DBA", "CBA1-1"])
    client.post(url, {"grade": "good", "reason": "Còn vắng sinh hoạt"})
    client.post(url, {"grade": "pass", "reason": "Xếp loại lại sau khi kiểm tra"})

    history_url = reverse("cells:announcement_history", args=["2026-H1", "DBA"])
    assert history_url in client.get(reverse("cells:announcement", args=["2026-H1", "DBA"])).content.decode()
    page = text(client.get(history_url))
    changed = page.index("Nguyễn Văn Hùng | Sửa: ")
    assert "Chi bộ Ấp 1" in page[changed : changed + 200]
    assert "Xếp loại: Hoàn thành tốt nhiệm vụ → Hoàn thành nhiệm vụ" in page
    assert "Lý do: Còn vắng sinh hoạt → Xếp loại lại sau khi kiểm tra" in page
    assert "Nguyễn Văn Hùng | Tạo mới: " in page


@pytest.mark.parametrize("name", ["meeting_history", "cell_history", "announcement_history"])
def test_another_districts_cadre_is_refused(client, cell, held, cadre_b1, name):
    args = {
        "meeting_history": [cell.code, held.pk],
        "cell_history": [cell.code],
        "announcement_history": ["2026-H1", "DBA"],
    }[name]
    client.force_login(cadre_b1)
    assert client.get(reverse(f"cells:{name}", args=args)).status_code == 403


def test_the_cells_history_takes_the_same_queries_for_few_or_many_changes(
    client, cell, people, held, office, django_assert_max_num_queries
):
    client.force_login(office)
    url = reverse("cells:cell_history", args=[cell.code])

    def edit(times):
        for n in range(times):
            held._history_user = office
            held.duration_minutes = 61 + n
            held.save()

    edit(1)
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    edit(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["history"].entries) == 50
