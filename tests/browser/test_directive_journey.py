import pytest

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_cadre_sign_in_read_a_directive_and_sign_out(page, cadre_a1):
    sign_in(page, "cadre_a1", PASSWORD)
    assert page.get_by_text("Chào mừng").is_visible()

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
