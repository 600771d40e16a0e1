"""Issue 5, item 6: a secretary drafts and submits a pledge; the superior approves it; a citizen
opens it from its short URL without signing in and sends a comment; the moderator approves the
comment and it appears."""

import re

import pytest

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))


def test_it_takes_a_pledge_from_the_secretary_to_the_public_and_back(
    page, phone_page, cadre_a1, leader_a, orgs
):
    orgs["A1-1"].secretary = cadre_a1.cadre
    orgs["A1-1"].save()

    # The cell secretary drafts her pledge and submits it.
    sign_in(page, "cadre_a1", PASSWORD)
    page.goto(f"{page.base}/cam-ket/")
    page.get_by_test_id("new-pledge").click()
    page.select_option("#id_owner", "self")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector("[data-testid=item-form]")
    page.fill("#id_theme", "Năm dân vận khéo")
    page.fill("#id_items-0-study", "Phong cách gần dân của Bác")
    page.fill("#id_items-0-action", "Mỗi tháng đối thoại với một tổ tự quản")
    page.fill("#id_items-0-deliverable", "12 biên bản đối thoại")
    page.fill("#id_items-0-deadline", "31/12/2026")
    page.get_by_test_id("save-pledge").click()
    page.get_by_test_id("submit-pledge").click()
    assert page.get_by_test_id("pledge-status").first.inner_text().strip() == "Đã gửi duyệt"
    screenshot(page, "pledge-submitted")
    sign_out(page)

    # Her superior (the district leader) approves and publishes it.
    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/cam-ket/cho-duyet/")
    page.get_by_role("link", name="Trần Thị Lan").click()
    page.get_by_test_id("approve-pledge").click()
    assert page.get_by_test_id("pledge-status").first.inner_text().strip() == "Đã công bố"
    public_url = page.get_by_test_id("public-link").get_attribute("href")
    assert re.search(r"/p/[a-z0-9]{6}/$", public_url)

    # A citizen opens the short address on a phone, without signing in, and comments.
    phone_page.goto(public_url)
    assert "Mỗi tháng đối thoại với một tổ tự quản" in phone_page.content()
    assert phone_page.locator(".qr svg").count() == 1
    phone_page.fill("#id_name", "Ông Tư")
    phone_page.fill("#id_body", "Đề nghị đồng chí đến tổ 3 <script>alert(1)</script>")
    phone_page.locator("[data-testid=comment-form] button[type=submit]").click()
    assert phone_page.locator("[data-testid=public-comment]").count() == 0
    screenshot(phone_page, "pledge-public-phone")

    # The moderator approves it; it appears, as text.
    page.goto(f"{page.base}/cam-ket/y-kien/")
    page.get_by_test_id("approve-comment").click()
    phone_page.reload()
    shown = phone_page.locator("[data-testid=public-comment]")
    assert shown.count() == 1
    assert "<script>alert(1)</script>" in shown.inner_text()
    screenshot(phone_page, "pledge-public-comment")
