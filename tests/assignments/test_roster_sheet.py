"""The roster workbook's `Phân công` sheet: imported with the level rules, overlap and date checks,
per row with its Excel row number; re-importing changes nothing; the export re-imports unchanged."""

import datetime

import pytest

from assignments.models import Assignment
from tests.units.workbooks import read_xlsx, xlsx
from units.imports import import_file
from units.workbooks import export_workbook

pytestmark = pytest.mark.django_db
HEADERS = ["Mã cán bộ", "Mã đơn vị", "Nhiệm vụ", "Từ ngày", "Đến ngày", "Số văn bản"]


def test_it_imports_assignments_and_a_second_import_changes_nothing(tree, cadre_a1, district_cadre):
    rows = [
        HEADERS,
        ["CA1", "A1-1-1", "", "01/02/2026", "", "15-QĐ/ĐU"],
        ["HA-0001", "A1-1", "", "01/02/2025", "", ""],
    ]
    plan = import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    assert plan.counts["Phân công"] == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    a = Assignment.objects.get(cadre__code="CA1")
    assert (a.unit.code, a.duty, a.starts_on, a.decision_number) == (
        "A1-1-1",
        "Theo dõi, hỗ trợ",
        datetime.date(2026, 2, 1),
        "15-QĐ/ĐU",
    )
    assert a.cadre_kind == "commune"
    plan = import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    assert plan.counts["Phân công"]["unchanged"] == 2 and Assignment.objects.count() == 2
    rows[1][4] = "30/06/2026"
    plan = import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    assert plan.counts["Phân công"]["updated"] == 1
    assert Assignment.objects.get(cadre__code="CA1").ends_on == datetime.date(2026, 6, 30)


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(tree, cadre_a1, district_cadre):
    rows = [
        HEADERS,
        ["CA1", "A", "", "01/02/2026", "", ""],  # a commune cadre assigned to a district
        ["CA1", "A1-1-1", "", "01/05/2026", "01/04/2026", ""],  # end before start
        ["HA-0001", "A1-1", "", "01/02/2025", "", ""],
        ["HA-0001", "A1-1", "", "01/03/2025", "", ""],  # overlaps the row above
        ["NOBODY", "A1-1", "", "01/02/2026", "", ""],
    ]
    plan = import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    errors = {(e.row, e.column) for e in plan.errors}
    assert errors == {
        (2, "Mã đơn vị"),
        (3, "Đến ngày"),
        (4, "Từ ngày"),
        (5, "Từ ngày"),
        (6, "Mã cán bộ"),
    }
    assert not Assignment.objects.exists()


def test_the_export_reimports_unchanged(tree, office, cadre_a1):
    import_file(xlsx({"Phân công": [HEADERS, ["CA1", "A1-1-1", "", "01/02/2026", "", "7-QĐ"]]}), "r.xlsx")
    from assignments.resources import AssignmentResource

    book = read_xlsx(export_workbook([AssignmentResource], user=office))
    assert book["Phân công"][1][:4] == ["CA1", "A1-1-1", "Theo dõi, hỗ trợ", "01/02/2026"]
    plan = import_file(xlsx(book), "r.xlsx")
    assert plan.counts["Phân công"] == {"new": 0, "updated": 0, "unchanged": 1, "rejected": 0}
