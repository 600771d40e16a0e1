"""The change history of an assignment and a petition, on their own pages: who, when, what changed
(before → after, in Vietnamese), in scope only, in a bounded number of queries."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import START
from .factories import PetitionFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as read: cells and list items apart, inline markup joined."""
    html = re.sub(r"</(td|th|li|p|h1|h2)>", " | ", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_an_end_date_set_by_a_named_leader_shows_with_who_when_before_and_after(
    client, leader_a, group_assignment
):
    leader_a.first_name, leader_a.last_name = "Hùng", "Nguyễn Văn"
    leader_a.save()
    client.force_login(leader_a)
    response = client.post(
        reverse("assignments:assignment_end", args=[group_assignment.pk]), {"ends_on": "31/05/2026"}
    )
    assert response.status_code == 302

    detail = client.get(reverse("assignments:assignment_detail", args=[group_assignment.pk]))
    url = reverse("assignments:assignment_history", args=[group_assignment.pk])
    assert url in detail.content.decode()  # reachable from the record's own page
    page = text(client.get(url))
    assert "Lịch sử thay đổi" in page
    # Newest first: the change by the leader, then the creation (no signed-in author: the system).
    changed = page.index("Sửa")
    assert changed < page.index("Tạo mới")
    newest = group_assignment.history.order_by("-history_id").first()
    when = timezone.localtime(newest.history_date).strftime("%d/%m/%Y %H:%M")
    assert f"{when} | Hùng Nguyễn Văn | Sửa | Đến ngày: – → 31/05/2026" in page
    assert "| Hệ thống | Tạo mới |" in page


def test_another_districts_user_cannot_read_the_history(client, cadre_b1, group_assignment):
    client.force_login(cadre_b1)
    response = client.get(reverse("assignments:assignment_history", args=[group_assignment.pk]))
    assert response.status_code == 403
    assert client.get(reverse("assignments:assignment_history", args=[99999])).status_code == 404


def test_a_petition_status_change_shows_the_status_labels(client, tree, office, agency):
    petition = PetitionFactory(unit=tree["A1-1-1"], status="forwarded", agency=agency, raised_on=START)
    client.force_login(office)
    response = client.post(
        reverse("assignments:petition_status", args=[petition.pk]),
        {"status": "answered", "answer": "Đã sửa đường xong."},
    )
    assert response.status_code == 302
    page = text(client.get(reverse("assignments:petition_history", args=[petition.pk])))
    assert "Trạng thái: Đã chuyển → Đã trả lời" in page
    assert "Đã sửa đường xong." in page
    assert "Văn phòng" in page  # the office user's name


def test_the_history_page_takes_the_same_queries_for_3_or_60_changes_and_pages_by_50(
    client, office, group_assignment, django_assert_max_num_queries
):
    client.force_login(office)
    url = reverse("assignments:assignment_history", args=[group_assignment.pk])

    edits = iter(range(1000))

    def edit(n):
        group_assignment._history_user = office  # as the request middleware does
        for _ in range(n):
            group_assignment.duty = f"Theo dõi lần {next(edits)}"
            group_assignment.save()

    edit(2)
    client.get(url)  # warm the session
    # Session, user, roles, the record with its scope check, the rows, the earlier rows, the names.
    with django_assert_max_num_queries(7) as few:
        first = client.get(url)
    edit(60)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        second = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(first.context["history"].entries) == 3
    assert len(second.context["history"].entries) == 50
    assert 'data-testid="history-more"' in second.content.decode()
    rest = client.get(url, {"tu": 50})
    assert len(rest.context["history"].entries) == 13
    assert "Tạo mới" in text(rest)


@pytest.mark.parametrize("offset", ["9" * 4000, "-5", "abc", "1e9"])
def test_a_wild_page_offset_shows_a_page_not_an_error(client, leader_a, group_assignment, offset):
    client.force_login(leader_a)
    url = reverse("assignments:assignment_history", args=[group_assignment.pk])
    assert client.get(url, {"tu": offset}).status_code == 200
