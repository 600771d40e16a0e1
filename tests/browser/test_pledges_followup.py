"""Issue 5 follow-up, in a real browser under the CSP: the A4 sheet's print button works without
inline JavaScript; on a phone the review form takes several remedial actions with "add a row" and
a roadmap step is marked done from the page."""

from datetime import date

import pytest

from pledges.models import Milestone, RemedialAction
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.pledges.factories import ReviewFactory, action_for, published_pledge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sheet_prints_through_the_static_script(page, leader_a, cadre_a1, orgs):
    orgs["A1-1"].secretary = cadre_a1.cadre
    orgs["A1-1"].save()
    published_pledge(org=orgs["A1-1"], cadre=cadre_a1.cadre, year=2026)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/cam-ket/in/A1-1/?nam=2026")
    page.locator("button[data-print]").click()
    assert page.evaluate("window.__printed") == 1
    assert violations == []


def test_a_secretary_adds_two_remedies_and_marks_a_step_done_on_a_phone(phone_page, cadre_a1, orgs):
    page = phone_page
    lan = cadre_a1.cadre
    orgs["A1-1"].secretary = lan
    orgs["A1-1"].save()
    review = ReviewFactory(org=lan.party_org, cadre=lan, year=2026)
    step = Milestone.objects.create(
        action=action_for(review, due_on=date(2027, 6, 30)), due_on=date(2026, 9, 30), description="Lập lịch"
    )
    sign_in(page, "cadre_a1", PASSWORD)
    page.goto(f"{page.base}/cam-ket/kiem-diem/{review.pk}/")

    page.fill("#id_description", "Chưa thường xuyên xuống ấp")
    page.fill("#id_actions-0-description", "Mỗi tháng dự sinh hoạt một chi bộ ấp")
    page.fill("#id_actions-0-due_on", "30/06/2027")
    page.get_by_test_id("add-row").click()
    assert page.locator("[data-testid=action-form]").count() == 2
    assert page.input_value("#id_description") == "Chưa thường xuyên xuống ấp"  # kept
    page.fill("#id_actions-1-description", "Báo cáo cấp ủy mỗi quý")
    page.fill("#id_actions-1-due_on", "31/03/2027")
    page.fill("#id_actions-1-milestones", "31/12/2026 Báo cáo quý IV")
    screenshot(page, "pledges-review-two-remedies")
    page.get_by_test_id("save-shortcoming").click()
    page.wait_for_selector("text=Đã thêm hạn chế và các biện pháp khắc phục.")
    assert RemedialAction.objects.filter(shortcoming__description="Chưa thường xuyên xuống ấp").count() == 2

    page.locator(f"form[action$='/moc/{step.pk}/'] [data-testid=milestone-mark]").click()
    page.wait_for_selector("text=Đã đánh dấu bước này hoàn thành.")
    step.refresh_from_db()
    assert step.done_on is not None
    assert page.locator("[data-testid=milestone-done]").count() == 1
