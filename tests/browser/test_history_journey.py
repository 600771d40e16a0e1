"""Issue 8, the audit trail on the record: the cell secretary changes her pledge; her district leader
opens it and reads, from the pledge's own page, who changed what and when, before and after."""

import re

import pytest
from django.utils import timezone

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.pledges.factories import PledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_who_changed_a_pledge_and_what_on_its_history(page, cadre_a1, leader_a, orgs):
    cadre_a1.first_name, cadre_a1.last_name = "Trần Thị", "Lan"
    cadre_a1.save()
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)

    # The owner changes the theme of her draft.
    sign_in(page, "cadre_a1", PASSWORD)
    page.goto(f"{page.base}/cam-ket/{pledge.pk}/")
    page.get_by_test_id("edit-pledge").click()
    page.fill("#id_theme", "Năm kỷ cương, trách nhiệm")
    page.get_by_test_id("save-pledge").click()
    assert page.get_by_text("Năm kỷ cương, trách nhiệm").count() >= 1
    page.get_by_test_id("logout").click()

    # Her district leader opens the pledge, then its change history.
    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/cam-ket/{pledge.pk}/")
    page.get_by_test_id("history-link").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lịch sử thay đổi")
    newest = page.get_by_test_id("history-entry").first
    cells = newest.locator("td")
    edited = pledge.current_version.history.order_by("-history_id").first()
    assert cells.nth(0).inner_text() == timezone.localtime(edited.history_date).strftime("%d/%m/%Y %H:%M")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", cells.nth(0).inner_text())
    changes = page.locator("[data-testid=history-entry]", has_text="Chủ đề năm")
    assert changes.count() == 1
    row = changes.first.inner_text()
    assert "Trần Thị Lan" in row and "Sửa" in row and "Phiên bản 1" in row
    assert "Năm dân vận khéo → Năm kỷ cương, trách nhiệm" in row
    screenshot(page, "history-pledge")
    page.get_by_test_id("history-back").click()
    assert page.url.endswith(f"/cam-ket/{pledge.pk}/")
