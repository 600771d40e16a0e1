from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from pledges.models import PressingIssue, RemedialAction, Review
from tests.pledges.factories import ReviewFactory, action_for

from .conftest import login


def shortcoming_post(*actions, **fields):
    """The shortcoming form with its remedial-action formset (prefix "actions")."""
    data = {
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for n, action in enumerate(actions):
        data.update({f"actions-{n}-{k}": v for k, v in action.items()})
    return data


def test_it_records_a_shortcoming_with_an_owner_and_a_dated_roadmap(client, cadre_a1, lan):
    login(client, cadre_a1)
    client.post(reverse("pledges:review_create"), {"year": 2026, "owner": "self", "strengths": "Sâu sát"})
    review = Review.objects.get(cadre=lan)
    response = client.post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post(
            {
                "description": "Mỗi tháng dự sinh hoạt một chi bộ ấp",
                "owner_code": lan.code,
                "due_on": "2027-06-30",
                "milestones": "31/12/2026 Lập lịch\n31/03/2027 Dự đủ 3 chi bộ",
            },
            description="Chưa thường xuyên xuống ấp",
            cause="Chủ quan",
        ),
    )
    assert response.status_code == 302
    action = RemedialAction.objects.get()
    assert action.owner == lan and action.org == review.org
    assert [m.due_on for m in action.milestones.all()] == [date(2026, 12, 31), date(2027, 3, 31)]


def test_it_keeps_what_was_typed_when_the_roadmap_has_a_bad_date(client, cadre_a1, lan):
    review = ReviewFactory(org=lan.party_org, cadre=lan, year=2026)
    response = login(client, cadre_a1).post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post(
            {"description": "Đối thoại", "due_on": "2027-06-30", "milestones": "30-06 Lập lịch"},
            description="Ngại va chạm",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngại va chạm" in html and "30-06 Lập lịch" in html and "dd/mm/yyyy" in html
    assert not RemedialAction.objects.exists()


def test_a_progress_assessment_sets_the_status_and_completion_closes_the_action(
    client, cadre_a1, leader_a, cadre_b1, lan
):
    review = ReviewFactory(org=lan.party_org, cadre=lan, year=2025)
    action = action_for(review, due_on=date(2027, 1, 1))
    url = reverse("pledges:progress_add", args=[action.pk])
    today = timezone.localdate()
    login(client, leader_a).post(
        url, {"assessed_on": today - timedelta(days=1), "status": "late", "note": "Chậm"}
    )
    action.refresh_from_db()
    assert action.status == "late" and action.completed_on is None
    login(client, cadre_a1).post(url, {"assessed_on": today, "status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == today
    assert login(client, cadre_b1).post(url, {"assessed_on": today, "status": "late"}).status_code == 403


def test_it_highlights_overdue_remediation(client, leader_a, lan):
    review = ReviewFactory(org=lan.party_org, cadre=lan, year=2025)
    today = timezone.localdate()
    overdue = action_for(review, due_on=today - timedelta(days=3), created_on=today - timedelta(days=30))
    action_for(review, due_on=today + timedelta(days=30), created_on=today - timedelta(days=30))
    response = login(client, leader_a).get(reverse("pledges:reviews"))
    assert list(response.context["overdue"]) == [overdue]
    page = client.get(reverse("pledges:review", args=[review.pk])).content.decode()
    assert page.count('class="pledge-item overdue"') == 1


def test_pressing_issues_attach_only_to_a_heads_review(client, leader_a, orgs, tree, lan):
    from tests.units.factories import CadreFactory

    head_review = ReviewFactory(org=lan.party_org, cadre=lan, year=2026)
    member = CadreFactory(code="M1", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    member_review = ReviewFactory(org=orgs["A1-1"], cadre=member, year=2026)
    login(client, leader_a)
    client.post(
        reverse("pledges:issue_add", args=[head_review.pk]), {"source": "public", "text": "Đường ấp ngập"}
    )
    refused = client.post(
        reverse("pledges:issue_add", args=[member_review.pk]), {"source": "superior", "text": "X"}
    )
    assert refused.status_code == 400
    assert list(PressingIssue.objects.values_list("text", flat=True)) == ["Đường ấp ngập"]
