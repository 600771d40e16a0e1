"""Issue 19 in a real browser: the public pledge page uses the desktop's width and the A4 sheet is
one click from the pledge; the dashboard says "tạm tính", prints decimals with a comma, keeps a
province with many weak organisations short; an export shows progress that reaches "Xong"."""

import re

import pytest

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.dashboards.fixtures import computed, province_leader, weak_cell  # noqa: F401
from tests.pledges.factories import published_pledge

# The dashboards read through the `replica` alias (a mirror of the primary in the test settings).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


def test_the_public_pledge_uses_the_desktop_width_and_the_sheet_is_linked(page, leader_a, cadre_a1, orgs):
    orgs["A1-1"].secretary = cadre_a1.cadre  # the sheet lists the leaders' pledges
    orgs["A1-1"].save()
    pledge = published_pledge(cadre=cadre_a1.cadre, org=orgs["A1-1"])
    page.goto(f"{page.base}/p/{pledge.short_code}/")
    main = page.locator("main").bounding_box()
    text = page.locator(".public-pledge-text").bounding_box()
    assert text["width"] > 0.6 * main["width"], (text, main)  # was one column of four (≈ 230 px)
    qr = page.locator(".public-pledge .qr").bounding_box()
    assert qr["x"] > text["x"] + text["width"] - 1  # the QR code beside the text, not under it
    screenshot(page, "paper-public-pledge-desktop")

    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/cam-ket/{pledge.pk}/")
    page.get_by_test_id("sheet-link").click()
    page.wait_for_url(re.compile(r"/cam-ket/in/A1-1/"))
    assert page.locator("svg").count() >= 1 and "Trần Thị Lan" in page.content()  # her pledge and QR code


def test_the_dashboard_says_provisional_and_stays_short(page, province_leader, tree, orgs, computed):  # noqa: F811
    from cells.models import OrgResult
    from tests.dashboards.factories import compute, extra_commune

    for n in range(40):
        extra_commune(tree, orgs, n)
    compute("2026-H1")
    OrgResult.objects.filter(is_cell=True).update(is_weak=True)
    OrgResult.objects.filter(org__code="DBP").update(attendance_expected=1000, attendance_present=916)
    sign_in(page, "leader_p", PASSWORD)
    page.goto(f"{page.base}/tong-hop/DBP/?ky=2026-H1")
    assert "Tạm tính" in page.get_by_test_id("provisional").inner_text()
    assert "91,6" in page.get_by_test_id("summary").inner_text()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the province page is {height} px long"
    screenshot(page, "paper-dashboard-provisional")


def test_an_export_shows_progress_until_done(page, office, tree):
    sign_in(page, "office", PASSWORD)
    page.goto(f"{page.base}/don-vi/nhap-danh-sach/")
    with page.expect_download():
        page.get_by_test_id("export-don-vi").click()
    box = page.get_by_test_id("work-progress")
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-testid=work-progress]'); return b && b.dataset.phase === 'done'; }",
        timeout=15000,
    )
    assert "Xong" in box.inner_text()
