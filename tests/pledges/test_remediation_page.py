"""From the review page: several remedial actions per shortcoming, milestones marked done, and
public comments on the head's pledge linked as pressing issues."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from pledges import services
from pledges.models import Milestone, PressingIssue, PublicComment, RemedialAction
from tests.accounts.factories import UserFactory
from tests.pledges.factories import PledgeFactory, ReviewFactory, action_for, published_pledge
from tests.units.factories import CadreFactory

from .conftest import login
from .test_reviews import shortcoming_post

ACTION_1 = {
    "description": "Mỗi tháng dự sinh hoạt một chi bộ ấp",
    "due_on": "2027-06-30",
    "milestones": "31/12/2026 Lập lịch\n31/03/2027 Dự đủ 3 chi bộ",
}
ACTION_2 = {"description": "Báo cáo cấp ủy mỗi quý", "due_on": "2027-03-31", "milestones": ""}


@pytest.fixture
def review(lan):
    return ReviewFactory(org=lan.party_org, cadre=lan, year=2026)


# --- several remedial actions -------------------------------------------------------------


def test_a_shortcoming_takes_several_remedial_actions_at_once(client, cadre_a1, lan, review):
    response = login(client, cadre_a1).post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post({**ACTION_1, "owner_code": lan.code}, ACTION_2, description="Chưa sâu sát"),
    )
    assert response.status_code == 302
    actions = list(RemedialAction.objects.order_by("due_on"))
    assert [a.description for a in actions] == [ACTION_2["description"], ACTION_1["description"]]
    assert actions[1].owner == lan and actions[1].milestones.count() == 2
    page = client.get(reverse("pledges:review", args=[review.pk])).content.decode()
    assert page.count('data-testid="remedial-action"') == 2


def test_add_a_row_shows_one_more_action_and_keeps_what_was_typed(client, cadre_a1, review):
    response = login(client, cadre_a1).post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post(
            {"description": "Đối thoại với dân", "due_on": "", "milestones": "31/12/2026 Lập lịch"},
            description="Ngại va chạm",
            cause="Chủ quan",
            **{"them-dong": "1"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="action-form"') == 2
    assert "Đối thoại với dân" in html and "Ngại va chạm" in html and "31/12/2026 Lập lịch" in html
    assert "Trường này là bắt buộc" not in html  # asking for a row is not a check
    assert not RemedialAction.objects.exists()


def test_a_bad_action_row_refuses_the_whole_shortcoming_and_keeps_every_row(client, cadre_a1, review):
    late = {**ACTION_2, "milestones": "30/04/2027 Sau hạn"}
    response = login(client, cadre_a1).post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post(ACTION_1, late, description="Chưa sâu sát"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "không được sau hạn hoàn thành" in html
    assert ACTION_1["description"] in html and "30/04/2027 Sau hạn" in html
    assert not RemedialAction.objects.exists()


def test_a_shortcoming_without_any_action_is_refused(client, cadre_a1, review):
    response = login(client, cadre_a1).post(
        reverse("pledges:shortcoming_add", args=[review.pk]),
        shortcoming_post({"description": "", "due_on": "", "milestones": ""}, description="Chưa sâu sát"),
    )
    assert response.status_code == 400
    assert "ít nhất một biện pháp khắc phục" in response.content.decode()


def test_the_pledge_form_adds_a_row_without_losing_what_was_typed(client, cadre_a1):
    from .test_pledge_flow import items_post

    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    response = login(client, cadre_a1).post(
        reverse("pledges:edit", args=[pledge.pk]),
        items_post(
            **{"them-dong": "1", "items-0-action": "Viết nhật ký làm theo Bác", "items-0-deadline": ""}
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="item-form"') == 2 and "Viết nhật ký làm theo Bác" in html
    assert "Trường này là bắt buộc" not in html
    assert pledge.current_version.items.get().action != "Viết nhật ký làm theo Bác"


# --- milestones -----------------------------------------------------------------------------


def test_the_owner_marks_a_milestone_done_and_undoes_it(client, cadre_a1, review):
    action = action_for(review, due_on=date(2027, 6, 30))
    step = Milestone.objects.create(action=action, due_on=date(2026, 9, 30), description="Lập kế hoạch")
    url = reverse("pledges:milestone_mark", args=[step.pk])
    login(client, cadre_a1)
    page = client.get(reverse("pledges:review", args=[review.pk])).content.decode()
    assert 'data-testid="milestone-mark"' in page
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(url, {"done": "1", "done_on": yesterday.isoformat()})
    step.refresh_from_db()
    assert step.done_on == yesterday and step.done_by == cadre_a1
    page = client.get(reverse("pledges:review", args=[review.pk])).content.decode()
    assert 'data-testid="milestone-done"' in page and yesterday.strftime("%d/%m/%Y") in page
    client.post(url, {"done": ""})
    step.refresh_from_db()
    assert step.done_on is None


def test_a_milestone_cannot_be_done_in_the_future(client, leader_a, review):
    action = action_for(review, due_on=date(2027, 6, 30))
    step = Milestone.objects.create(action=action, due_on=date(2026, 9, 30), description="Lập kế hoạch")
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(client, leader_a).post(
        reverse("pledges:milestone_mark", args=[step.pk]),
        {"done": "1", "done_on": tomorrow.isoformat()},
        follow=True,
    )
    assert "ngày trong tương lai" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is None


def test_who_may_mark_a_milestone(client, tree, orgs, review, cadre_b1, secretary_a1):
    owner = CadreFactory(code="M-OWNER", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    owner_user = UserFactory(
        username="chu_tri", roles=[roles.CADRE], home_unit=tree["A1-1"], home_org=orgs["A1-1"], cadre=owner
    )
    action = action_for(review, due_on=date(2027, 6, 30), owner=owner)
    step = Milestone.objects.create(action=action, due_on=date(2026, 9, 30), description="Lập kế hoạch")
    url = reverse("pledges:milestone_mark", args=[step.pk])
    today = timezone.localdate().isoformat()
    # Outside scope, and in scope but neither owner nor superior: refused.
    assert login(client, cadre_b1).post(url, {"done": "1", "done_on": today}).status_code == 403
    assert login(client, secretary_a1).post(url, {"done": "1", "done_on": today}).status_code == 403
    step.refresh_from_db()
    assert step.done_on is None
    # The action's owner may.
    assert login(client, owner_user).post(url, {"done": "1", "done_on": today}).status_code == 302
    step.refresh_from_db()
    assert step.done_by == owner_user


# --- pressing issues from public comments -----------------------------------------------------


@pytest.fixture
def comments(lan):
    pledge = published_pledge(org=lan.party_org, cadre=lan, year=2026)
    approved = services.comment_submit(pledge=pledge, body="Đường ấp ngập <b>nặng</b>, đề nghị xử lý")
    pending = services.comment_submit(pledge=pledge, body="Chưa duyệt")
    PublicComment.objects.filter(pk=approved.pk).update(status=PublicComment.Status.APPROVED)
    approved.refresh_from_db()
    return approved, pending


def test_a_public_comment_on_the_heads_pledge_becomes_a_pressing_issue(client, leader_a, review, comments):
    approved, pending = comments
    login(client, leader_a)
    form = client.get(reverse("pledges:review", args=[review.pk])).context["issue_form"]
    assert list(form.fields["comment"].queryset) == [approved]  # approved ones only
    response = client.post(
        reverse("pledges:issue_add", args=[review.pk]),
        {"comment": approved.pk, "source": "superior", "text": ""},
    )
    assert response.status_code == 302
    issue = PressingIssue.objects.get()
    assert (issue.comment, issue.source, issue.text) == (approved, "public", approved.body)
    page = client.get(reverse("pledges:review", args=[review.pk]))
    html = page.content.decode()
    assert "Đường ấp ngập &lt;b&gt;nặng&lt;/b&gt;" in html and "<b>nặng</b>" not in html
    assert list(page.context["issue_form"].fields["comment"].queryset) == []  # not twice


def test_only_approved_comments_on_this_persons_pledge_can_be_linked(
    client, leader_a, review, comments, orgs, tree
):
    _approved, pending = comments
    other = CadreFactory(code="OTHER", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    foreign = services.comment_submit(pledge=published_pledge(org=orgs["A1-1"], cadre=other), body="Khác")
    PublicComment.objects.filter(pk=foreign.pk).update(status=PublicComment.Status.APPROVED)
    login(client, leader_a)
    for c in (pending, foreign):
        response = client.post(
            reverse("pledges:issue_add", args=[review.pk]), {"comment": c.pk, "source": "public", "text": ""}
        )
        assert response.status_code == 400
    assert not PressingIssue.objects.exists()


def test_an_issue_needs_a_text_or_a_comment_and_keeps_what_was_typed(client, leader_a, review, comments):
    response = login(client, leader_a).post(
        reverse("pledges:issue_add", args=[review.pk]), {"comment": "", "source": "superior", "text": "  "}
    )
    assert response.status_code == 400
    assert "chọn một ý kiến của nhân dân" in response.content.decode()
    assert not PressingIssue.objects.exists()


def test_the_review_page_takes_a_bounded_number_of_queries(
    client, leader_a, review, comments, django_assert_max_num_queries
):
    for _n in range(4):
        action = action_for(review, due_on=date(2027, 6, 30))
        Milestone.objects.bulk_create(
            [Milestone(action=action, due_on=date(2026, m, 28), description=f"Bước {m}") for m in (3, 6, 9)]
        )
        services.progress_assess(
            action=action, assessed_on=timezone.localdate(), status="on_track", acting_user=leader_a
        )
    login(client, leader_a)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("pledges:review", args=[review.pk]))
    assert response.content.decode().count('data-testid="milestone"') == 12
