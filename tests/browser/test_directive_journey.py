import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_cadre_sign_in_read_a_directive_and_sign_out(page, cadre_a1):
    sign_in(page, "cadre_a1", PASSWORD)
    expect(page.get_by_text("Chào mừng")).to_be_visible()

    page.get_by_role("link", name="Văn bản").first.click()
    page.get_by_role("link", name="05-CT/TW").click()
    page.wait_for_selector("[data-testid=directive-item]")
    assert "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng" in page.content()
    items = page.locator("[data-testid=directive-item]")
    assert items.count() == 8
    assert "Học tập tư tưởng Hồ Chí Minh." in items.first.inner_text()
    screenshot(page, "directive-ct05")

    page.get_by_test_id("logout").click()
    assert page.url.endswith("/tai-khoan/dang-nhap/")
    page.goto(f"{page.base}/van-ban/")
    assert "/tai-khoan/dang-nhap/" in page.url


def test_the_office_replaces_a_paraphrase_with_the_official_text_and_a_cadre_sees_it_confirmed(
    page, office, cadre_a1
):
    official = "Bảo thủ, trì trệ, áp đặt ý kiến cá nhân cho người khác."
    sign_in(page, "office", PASSWORD)
    page.goto(f"{page.base}/van-ban/nqtw4-xii/")
    row = page.locator("#item-TTCT-7")
    assert "Diễn giải, kiểm tra một phần" in row.inner_text()
    row.get_by_test_id("replace-text").click()
    page.fill("#id_text", official)
    page.get_by_role("button", name="Xem trước").click()
    assert official in page.get_by_test_id("preview").inner_text()
    screenshot(page, "directive-official-text-preview")
    page.get_by_test_id("confirm").click()
    assert "Đã lưu và xác nhận nguyên văn của mục TTCT-7." in page.content()
    assert "Nguyên văn đã xác nhận" in page.locator("#item-TTCT-7").inner_text()

    page.get_by_test_id("logout").click()
    sign_in(page, "cadre_a1", PASSWORD)
    page.goto(f"{page.base}/van-ban/nqtw4-xii/")
    text = page.locator("#item-TTCT-7").inner_text()
    assert official in text and "Nguyên văn đã xác nhận" in text
