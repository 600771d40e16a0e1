"""Office staff load a roster from Excel: download the template, upload it filled with one bad
row, read the error, fix it, upload again, confirm, and find the new units in the tree."""

import openpyxl
import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, path):
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_selector("[data-testid=import-status]")


def test_it_lets_the_office_import_units_from_the_template(page, office, tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A transactional test that flushed the database before this one may have taken the role
    # groups the migrations seed with it: make sure the office user is in the office group.
    office.groups.add(Group.objects.get_or_create(name=roles.OFFICE)[0])
    sign_in(page, "office", PASSWORD)
    page.get_by_test_id("nav-import").click()
    expect(page.get_by_role("heading", name="Nhập danh sách")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Mẫu trang Đơn vị").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "mau-don-vi.xlsx"
    book = openpyxl.load_workbook(template)
    sheet = book["Đơn vị"]
    sheet.append(["A1-2", "Ấp Phú Thạnh", "Ấp", "A1"])
    sheet.append(["A1-2-1", "Tổ NDTQ số 1", "Tổ nhân dân tự quản", "A1-2"])
    sheet.append(["A1-3", "Ấp Phú Lợi", "ap phu", "A1"])  # row 4: not a kind of unit
    filled = tmp_path / "don-vi.xlsx"
    book.save(filled)

    upload(page, filled)
    errors = page.get_by_test_id("import-errors")
    assert "ap phu" in errors.inner_text() and "Loại đơn vị" in errors.inner_text()
    assert errors.locator("tbody tr").first.locator("td").nth(1).inner_text() == "4"
    assert page.get_by_test_id("confirm").count() == 0  # nothing to confirm while a row is wrong
    screenshot(page, "units-import-error")

    sheet["C4"] = "Ấp"
    book.save(filled)
    page.get_by_role("link", name="Nhập danh sách").first.click()
    upload(page, filled)
    counts = page.get_by_test_id("import-counts").inner_text()
    assert "Đơn vị\t3\t0\t0\t0" in counts
    page.get_by_test_id("confirm").click()
    page.wait_for_selector("text=Đã nhập")
    screenshot(page, "units-import-done")

    page.get_by_role("link", name="Xem các đơn vị").click()
    page.get_by_role("link", name="Huyện An Định").click()
    page.get_by_role("link", name="Xã An Hòa").click()
    expect(page.get_by_role("link", name="Ấp Phú Thạnh")).to_be_visible()
    page.get_by_role("link", name="Ấp Phú Lợi").click()
    page.wait_for_url("**/don-vi/A1-3/")
    assert "A1-3" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "units-import-tree")


def test_it_refuses_the_import_page_to_a_leader(page, leader_a):
    sign_in(page, "leader_a", PASSWORD)
    assert page.get_by_test_id("nav-import").count() == 0
    response = page.goto(f"{page.base}/don-vi/nhap-danh-sach/")
    assert response.status == 403


def test_the_office_runs_an_interrupted_import_again(page, office, tree, tmp_path, settings):
    """The worker running an import died: the office finds it interrupted, nothing written, and
    runs it again from the kept file with one button."""
    from datetime import timedelta

    from tests.faults.test_import_interrupted import left_running
    from units.models import RosterImport, Unit

    settings.MEDIA_ROOT = tmp_path / "media"
    office.groups.add(Group.objects.get_or_create(name=roles.OFFICE)[0])
    record = left_running(office, started_ago=timedelta(hours=2))  # longer than any task may run
    sign_in(page, "office", PASSWORD)
    page.get_by_test_id("nav-import").click()
    row = page.locator("tr", has_text="roster.xlsx").first
    assert "Bị gián đoạn" in row.inner_text()  # the history list already says so
    row.get_by_role("link").first.click()
    expect(page.get_by_text("Bị gián đoạn").first).to_be_visible()
    assert not Unit.objects.filter(code="A1-2").exists()
    screenshot(page, "import-interrupted")

    page.get_by_role("button", name="Chạy lại").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Chạy lại").count() == 0
    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3
