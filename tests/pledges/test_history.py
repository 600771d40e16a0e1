"""The change history of pledges, commitments (with their evaluations) and reviews on their own pages:
who, when, what changed before → after in Vietnamese; the other district is refused; the queries do
not grow with the history."""

import re
from datetime import date

import pytest
from django.urls import reverse

from pledges import services
from pledges.models import Grade, PledgeVersion
from tests.pledges.factories import (
    CommitmentFactory,
    PledgeFactory,
    ReviewFactory,
    action_for,
    published_pledge,
)
from tests.units.factories import CadreFactory

from .conftest import login
from .test_pledge_flow import items_post

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as read: cells and list items apart, inline markup joined."""
    html = re.sub(r"</(td|th|li|p|h1|h2)>", " | ", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def named(leader_a, cadre_a1):
    leader_a.first_name, leader_a.last_name = "Nguyễn Văn", "Hùng"
    leader_a.save()
    cadre_a1.first_name, cadre_a1.last_name = "Trần Thị", "Lan"
    cadre_a1.save()


def test_a_return_and_an_edit_show_on_the_pledges_history(client, cadre_a1, leader_a, named):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__status="submitted")
    login(client, leader_a).post(reverse("pledges:return", args=[pledge.pk]), {"comment": "Cần cụ thể hơn"})
    login(client, cadre_a1).post(
        reverse("pledges:edit", args=[pledge.pk]), items_post(**{"items-0-action": "Đối thoại mỗi quý"})
    )

    detail = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    url = reverse("pledges:history", args=[pledge.pk])
    assert url in detail
    page = text(client.get(url))
    assert "Lịch sử thay đổi" in page
    returned = page.index("Nguyễn Văn Hùng | Sửa: Phiên bản 1")
    assert "Trạng thái: Đã gửi duyệt → Bị trả lại để sửa" in page[returned:]
    assert "Ý kiến khi trả lại: – → Cần cụ thể hơn" in page[returned:]
    # The owner's edit came later: newer, so above; the replaced action stays in the history.
    edited = page.index("Trần Thị Lan | Sửa: Phiên bản 1")
    assert edited < returned
    assert "Chủ đề năm" not in page  # the theme was not changed: not listed
    assert "Trần Thị Lan | Xóa: Phiên bản 1 · Nội dung đăng ký: Mỗi tháng gặp gỡ 10 hộ dân 0" in page
    assert "Trần Thị Lan | Tạo mới: Phiên bản 1 · Nội dung đăng ký: Đối thoại mỗi quý" in page
    assert "Hạn chế của bản thân và cách khắc phục: – → Còn ngại va chạm" in page


def test_publishing_a_new_version_records_that_the_old_one_was_superseded(client, cadre_a1, leader_a):
    pledge = published_pledge(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    old = pledge.current_version
    services.pledge_update(pledge=pledge, theme="Mới", shortcomings="", items=[_item()], acting_user=cadre_a1)
    services.pledge_submit(pledge=pledge, acting_user=cadre_a1)
    services.pledge_approve(pledge=pledge, acting_user=leader_a, publish=True)
    statuses = list(old.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[-1] == PledgeVersion.Status.SUPERSEDED
    page = text(login(client, cadre_a1).get(reverse("pledges:history", args=[pledge.pk])))
    assert "Trạng thái: Đã công bố → Đã được thay bằng phiên bản sau" in page


def _item(action="Hành động mới"):
    return {
        "study": "Học tập",
        "follow": "",
        "action": action,
        "deliverable": "Sổ",
        "deadline": date(2026, 12, 31),
    }


def test_an_evaluation_and_its_annulment_show_on_the_commitments_history(client, orgs, tree, leader_a, named):
    cadre = CadreFactory(code="M001", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    commitment = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2026)
    login(client, leader_a)
    client.post(
        reverse("pledges:evaluate", args=[commitment.pk]),
        {"period": "year_end", "grade": Grade.GOOD, "score": "75", "comment": "Tốt"},
    )
    evaluation = commitment.evaluations.get()
    client.post(reverse("pledges:evaluation_annul", args=[evaluation.pk]), {"reason": "Chấm nhầm điểm"})

    assert (
        reverse("pledges:commitment_history", args=[commitment.pk])
        in client.get(reverse("pledges:commitment", args=[commitment.pk])).content.decode()
    )
    page = text(client.get(reverse("pledges:commitment_history", args=[commitment.pk])))
    annulled = page.index("Nguyễn Văn Hùng | Sửa: Đánh giá, xếp loại: Cuối năm")
    assert "Lý do hủy: – → Chấm nhầm điểm" in page[annulled:]
    assert "Người hủy: – → Nguyễn Văn Hùng" in page[annulled:]
    assert "Nguyễn Văn Hùng | Tạo mới: Đánh giá, xếp loại: Cuối năm" in page


def test_a_progress_assessment_shows_on_the_reviews_history(client, orgs, tree, cadre_a1, leader_a, named):
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre)
    action = action_for(review, due_on=date(2026, 6, 30))
    login(client, leader_a).post(
        reverse("pledges:progress_add", args=[action.pk]),
        {"assessed_on": "15/01/2026", "status": "late", "note": "Chưa xuống ấp"},
    )
    page = text(client.get(reverse("pledges:review_history", args=[review.pk])))
    assert "Nguyễn Văn Hùng | Sửa: Biện pháp khắc phục: Xuống ấp mỗi tháng" in page
    assert "Trạng thái: Đúng tiến độ → Chậm" in page
    assert "Đánh giá gần nhất: – → 15/01/2026" in page or "15/01/2026" in page


@pytest.mark.parametrize("name", ["pledges:history", "pledges:commitment_history", "pledges:review_history"])
def test_another_districts_cadre_gets_403_and_an_unknown_record_404(client, orgs, cadre_a1, cadre_b1, name):
    owned = {"org": cadre_a1.cadre.party_org, "cadre": cadre_a1.cadre}
    record = {
        "pledges:history": lambda: PledgeFactory(**owned),
        "pledges:commitment_history": lambda: CommitmentFactory(**owned),
        "pledges:review_history": lambda: ReviewFactory(**owned),
    }[name]()
    login(client, cadre_b1)
    assert client.get(reverse(name, args=[record.pk])).status_code == 403
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_the_pledge_history_takes_the_same_queries_for_few_or_many_changes(
    client, cadre_a1, django_assert_max_num_queries
):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__items=2)
    login(client, cadre_a1)
    url = reverse("pledges:history", args=[pledge.pk])

    def edit(times):
        for n in range(times):
            services.pledge_update(
                pledge=pledge,
                theme=f"Chủ đề {n}",
                shortcomings="",
                items=[_item(f"Việc {n}"), _item()],
                acting_user=cadre_a1,
            )

    edit(1)
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    edit(30)  # 30 × (1 version change + 1 item replaced by another: 2 rows + the same one rewritten: 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    history = response.context["history"]
    assert history.has_more and 20 <= len(history.entries) <= 50
    # The action written again unchanged on every save is not listed; the one replaced is.
    assert all("Hành động mới" not in e.part for e in history.entries)
    assert sum("Việc" in e.part for e in history.entries) > 10
