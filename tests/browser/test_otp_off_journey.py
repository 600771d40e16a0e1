"""Issue 15: a leader who turns two-step sign-in off is not trapped (every page used to bounce between
the code page and itself until Chromium gave up with ERR_TOO_MANY_REDIRECTS, sign-out out of reach)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.accounts.test_otp import code_for
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_turns_two_step_sign_in_off_then_browses_and_signs_out(page, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(page, "leader_a", PASSWORD)
    assert "/tai-khoan/xac-thuc-hai-buoc/nhap-ma/" in page.url
    page.fill("#id_code", code_for(device))
    page.click("button[type=submit].primary")
    page.goto(f"{page.base}/tai-khoan/xac-thuc-hai-buoc/")
    page.fill("#id_code", code_for(device, 1))
    page.get_by_role("button", name="Tắt").click()
    # The click starts the POST; wait for the page it leads to (is_visible() does not wait).
    expect(page.get_by_text("Đã tắt xác thực hai bước.")).to_be_visible()
    assert not TOTPDevice.objects.filter(user=leader_a).exists()

    response = page.goto(f"{page.base}/van-ban/")
    assert response.status == 200 and page.url == f"{page.base}/van-ban/"
    screenshot(page, "otp-off-next-page")
    page.get_by_test_id("logout").click()
    page.wait_for_url(f"{page.base}/tai-khoan/dang-nhap/")
    response = page.goto(f"{page.base}/van-ban/")
    assert "/tai-khoan/dang-nhap/" in page.url  # signed out: the sign-in page, not the code page
