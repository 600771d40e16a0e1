"""Issue 17: a cadre sees the bell's count, reads the list and marks it read; the settings page's
script (under the site's CSP) registers the push service worker and reports this browser's state."""

import pytest
from playwright.sync_api import expect

from notifications import services
from notifications.services import Notice
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.notifications.conftest import vapid  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_the_list_and_this_browsers_push_state(page, cadre_a1, vapid):  # noqa: F811
    services.notify([cadre_a1.pk], Notice("answered", "b:1", "Kiến nghị số 1: đã trả lời.", "/thong-bao/"))
    services.notify([cadre_a1.pk], Notice("meeting", "b:2", "Chi bộ Ấp 1 đã lên lịch sinh hoạt.", ""))
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(page, "cadre_a1", PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    expect(page.get_by_test_id("waiting")).to_be_visible()  # the home page starts with what waits
    page.get_by_test_id("bell").click()
    expect(page.get_by_text("Chi bộ Ấp 1 đã lên lịch sinh hoạt.")).to_be_visible()
    screenshot(page, "notifications-list")
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)

    page.goto(f"{page.base}/tai-khoan/thong-bao/")
    expect(page.locator("#push-status")).not_to_contain_text("Đang kiểm tra", timeout=15000)
    status = page.locator("#push-status").inner_text()
    registrations = page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)")
    screenshot(page, "notifications-settings")
    assert registrations == 1, status
    assert status in ("Trình duyệt này chưa nhận thông báo.", "Trình duyệt này không nhận được thông báo đẩy.")
    assert not [e for e in errors if "Content Security Policy" in e], errors
