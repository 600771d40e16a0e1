"""Issue 7 in a real browser under the CSP: a provincial leader opens the province dashboard, reads the
charts, drills into a district and takes its Excel file to the meeting; the same page on a phone."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.dashboards.fixtures import computed, province_leader, weak_cell  # noqa: F401

# The dashboards read through the `replica` alias (a mirror of the primary in the test settings).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


def _watch_csp(page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    return violations


@pytest.mark.usefixtures("province_leader", "computed")
def test_a_leader_drills_from_the_province_into_a_district_and_exports_excel(page, tmp_path):
    violations = _watch_csp(page)
    sign_in(page, "leader_p", PASSWORD)
    page.get_by_test_id("card-dashboards").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Đảng bộ tỉnh"))
    # The charts were drawn by Chart.js from our own static files (a canvas with pixels on it).
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 3")
    page.get_by_text("Xem bảng số liệu").first.click()
    expect(page.get_by_test_id("grades-table")).to_be_visible()
    screenshot(page, "dashboards-province")

    page.get_by_test_id("child-DBA").get_by_role("link").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Đảng bộ huyện A"))
    expect(page.get_by_test_id("weak").get_by_text("Nguyễn Văn Yếu")).to_be_visible()
    expect(page.get_by_test_id("breadcrumb").get_by_role("link", name="Đảng bộ tỉnh")).to_be_visible()
    screenshot(page, "dashboards-district")

    with page.expect_download() as download:
        page.get_by_test_id("export-excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    wb = load_workbook(path)
    overview = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert overview["Chi bộ"] == 2 and overview["Kiến nghị quá hạn"] == 1
    assert wb.worksheets[0]["A1"].value.startswith("Tổng hợp của Đảng bộ huyện A")

    page.get_by_test_id("breadcrumb").get_by_role("link", name="Đảng bộ tỉnh").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Đảng bộ tỉnh"))
    assert violations == []


@pytest.mark.usefixtures("leader_a", "computed")
def test_the_district_dashboard_reads_on_a_phone(phone_page):
    page = phone_page
    violations = _watch_csp(page)
    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/tong-hop/")
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 3")
    # Nothing wider than the screen but the tables' own scrolling boxes.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    screenshot(page, "dashboards-district-phone")
    page.emulate_media(media="print")
    screenshot(page, "dashboards-district-print")
    assert violations == []
