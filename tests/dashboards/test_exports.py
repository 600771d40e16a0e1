"""Exports for meetings: Excel (the numbers, one sheet per section) and PDF on A4, same scope check."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cells.models import OrgResult
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def get(client, user, name, code, ky="2026-H1"):
    client.login(username=user.username, password=PASSWORD)
    return client.get(f"{reverse(name, args=[code])}?ky={ky}")


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_excel_file_has_one_sheet_per_section_with_the_figures(client, leader_a, computed):
    response = get(client, leader_a, "dashboards:excel", "DBA")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-dba-2026-H1.xlsx"'
    wb = load_workbook(BytesIO(response.content))
    assert len(wb.sheetnames) == 7
    overview = {r[0]: r[1] for r in sheet_rows(wb.worksheets[0])[3:]}
    assert overview["Chi bộ"] == 2
    assert overview["Kiến nghị quá hạn"] == 1
    children = sheet_rows(wb.worksheets[2])
    assert children[3][0] == "Đảng bộ xã An Hòa" and children[3][1] == 2
    weak = sheet_rows(wb.worksheets[3])
    assert ["Chi bộ Ấp 2", "Đảng bộ xã An Hòa", "Nguyễn Văn Yếu"] in weak
    trend = sheet_rows(wb.worksheets[6])
    assert [r[0] for r in trend[3:]] == ["2025-H2", "2026-H1"]


def test_an_unavailable_figure_is_written_as_words_not_zero(client, leader_a, computed):
    OrgResult.objects.update(pledges_due=None, pledges_published=None)
    wb = load_workbook(BytesIO(get(client, leader_a, "dashboards:excel", "DBA").content))
    overview = {r[0]: r[1] for r in sheet_rows(wb.worksheets[0])[3:]}
    assert overview["Đăng ký đã công khai (chi bộ)"] == "chưa có dữ liệu"


def test_the_pdf_is_an_a4_document(client, leader_a, computed):
    response = get(client, leader_a, "dashboards:pdf", "DBA")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in response.content


def test_exports_of_a_period_not_computed_still_open(client, leader_a, computed):
    from cells.periods import ensure

    ensure("2025-H1")
    wb = load_workbook(BytesIO(get(client, leader_a, "dashboards:excel", "DBA", ky="2025-H1").content))
    assert sheet_rows(wb.worksheets[0])[3] == ["Chi bộ", "chưa có dữ liệu"]
    assert get(client, leader_a, "dashboards:pdf", "DBA", ky="2025-H1").content.startswith(b"%PDF")


def test_the_office_exports_the_province(client, office, computed):
    response = get(client, office, "dashboards:excel", "DBP")
    wb = load_workbook(BytesIO(response.content))
    children = sheet_rows(wb.worksheets[2])
    assert [r[0] for r in children[3:]] == ["Đảng bộ huyện A", "Đảng bộ huyện B"]
