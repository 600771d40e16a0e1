"""The roster pipeline on the cast's tree: tolerant reading, checks with Excel row numbers,
all-or-nothing writes, idempotent re-imports, and every bad input of the issue."""

import io
import zipfile
from datetime import date

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from tests.units.workbooks import CADRE_HEADERS, ORG_HEADERS, UNIT_HEADERS, new_units, xlsx
from units.imports import RosterFileError, import_file, plan_workbook, read_upload
from units.models import Cadre, PartyOrg, Unit


def snapshot():
    return (
        list(Unit.objects.values_list("code", "name", "kind", "parent_id", "path", "level").order_by("code")),
        list(PartyOrg.objects.values_list("code", "name", "parent_id", "path", "unit_id").order_by("code")),
        list(Cadre.objects.values().order_by("code")),
    )


def file_error(data, name="roster.xlsx", **kwargs) -> str:
    with pytest.raises(RosterFileError) as exc:
        import_file(data, name, **kwargs)
    return str(exc.value)


def only_errors(plan):
    return [(e.sheet, e.row, e.column, e.value) for e in plan.errors]


# Happy paths ----------------------------------------------------------------------------------


def test_it_imports_units_whose_parent_comes_further_down_the_sheet(tree):
    plan = import_file(xlsx({"Đơn vị": new_units()}), "roster.xlsx")

    assert plan.counts == {"Đơn vị": {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}}
    group = Unit.objects.get(code="A1-2-1")
    hamlet = Unit.objects.get(code="A1-2")
    assert group.parent == hamlet and hamlet.parent == tree["A1"]
    assert (group.level, group.kind, hamlet.kind) == (5, Unit.Kind.GROUP, Unit.Kind.HAMLET)
    # Paths come from units.tree: the new group is found under the province, the district, the commune.
    assert group.path == f"{hamlet.path}{group.pk}." and hamlet.path.startswith(tree["A1"].path)
    assert Unit.objects.descendants_of(tree["A"]).filter(code="A1-2-1").exists()
    assert group.search_text == "a1-2-1 to ndtq so 1"


def test_it_changes_nothing_when_the_same_file_is_imported_twice(tree):
    data = xlsx({"Đơn vị": new_units()})
    import_file(data, "roster.xlsx")
    before = snapshot()

    plan = import_file(data, "roster.xlsx")

    assert plan.counts["Đơn vị"] == {"new": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert snapshot() == before


def test_it_reads_what_people_type_tolerantly(tree, orgs):
    decomposed = "Ma\u0303 đơn vi\u0323"  # "Mã đơn vị" in NFD, as some Mac tools save it
    rows = [
        [
            " MÃ CÁN BỘ ",
            "họ và tên",
            "Ngày sinh",
            "giới tính",
            "Cấp cán bộ",
            "Mã đơn vị công tác",
            "Số điện thoại",
            "Đảng viên",
            "Mã tổ chức đảng",
            "Ghi chú",
        ],
        ["K1", "  Nguyễn Văn  An ", date(1980, 9, 5), "nam", "xa", "A1", 912345678, "co", "CBA1-1", "x"],
        ["K2", "Lê Thị Bé", "05/09/1981", "NỮ", "Huyen", "A", "0275 3822 111", "Không", "", ""],
    ]
    units = [[decomposed, "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"], ["A2-1", "Ấp Mới", "AP", "A2"]]
    plan = import_file(xlsx({"Đơn vị": units, "Cán bộ": rows}), "roster.xlsx")

    assert [e.as_dict() for e in plan.errors] == []
    k1, k2 = Cadre.objects.get(code="K1"), Cadre.objects.get(code="K2")
    assert (k1.full_name, k1.birth_date, k1.sex, k1.cadre_level) == (
        "Nguyễn Văn  An",
        date(1980, 9, 5),
        Cadre.Sex.MALE,
        Cadre.Level.COMMUNE,
    )
    assert k1.phone == "0912345678"  # Excel stored a number; the leading 0 is back
    assert (k1.is_party_member, k1.party_org.code, k1.work_unit.code) == (True, "CBA1-1", "A1")
    assert (k2.birth_date, k2.sex, k2.cadre_level, k2.phone, k2.is_party_member) == (
        date(1981, 9, 5),
        Cadre.Sex.FEMALE,
        Cadre.Level.DISTRICT,
        "0275 3822 111",
        False,
    )
    assert Unit.objects.get(code="A2-1").kind == Unit.Kind.HAMLET


def test_it_stores_text_as_nfc(tree):
    nfd = "A\u0300p 9"  # "Àp 9" decomposed
    import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["A1-9", nfd, "Ấp", "A1"]]}), "roster.xlsx")

    assert Unit.objects.get(code="A1-9").name == "Àp 9"


def test_it_imports_a_whole_workbook_in_dependency_order(tree, orgs):
    # Sheets in the "wrong" order: cadres first, then organisations, then units.
    data = xlsx(
        {
            "Cán bộ": [
                CADRE_HEADERS,
                ["K9", "Trần Văn Chín", "", "", "", "Xã", "A1-7", "", "", "", "CB-A1-7"],
            ],
            "Tổ chức đảng": [ORG_HEADERS, ["CB-A1-7", "Chi bộ ấp 7", "Chi bộ trực thuộc", "DBA1", "A1-7"]],
            "Đơn vị": [UNIT_HEADERS, ["A1-7", "Ấp 7", "Ấp", "A1"]],
        }
    )

    plan = plan_workbook(read_upload(data, "roster.xlsx"))
    assert [s.name for s in plan.sheets] == ["Đơn vị", "Tổ chức đảng", "Cán bộ"]
    import_file(data, "roster.xlsx")

    cadre = Cadre.objects.select_related("work_unit", "party_org__unit").get(code="K9")
    assert cadre.work_unit.code == "A1-7" and cadre.party_org.unit.code == "A1-7"


def test_it_imports_a_utf8_csv_with_a_bom(tree):
    text = "\ufeff" + "\n".join(",".join(r) for r in new_units())

    plan = import_file(text.encode("utf-8"), "don-vi.csv")

    assert plan.counts["Đơn vị"]["new"] == 3


def test_it_updates_a_row_whose_code_exists_and_moves_its_subtree(tree):
    # Ấp A1-1 (with its group) moves from Xã A1 to Xã A2 and is renamed.
    plan = import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["A1-1", "Ấp Một", "Ấp", "A2"]]}), "roster.xlsx")

    assert plan.counts["Đơn vị"] == {"new": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    hamlet = Unit.objects.get(code="A1-1")
    group = Unit.objects.get(code="A1-1-1")
    assert hamlet.name == "Ấp Một" and hamlet.parent == tree["A2"]
    assert hamlet.path == f"{tree['A2'].path}{hamlet.pk}." and group.path == f"{hamlet.path}{group.pk}."


# Row errors: sheet, Excel row, column, value, expected -----------------------------------------


def test_it_reports_each_bad_row_with_its_excel_row_and_writes_nothing(tree):
    before = snapshot()
    rows = new_units() + [[], ["A1-4", "Ấp 4", "Xa Phu", "A1"]]  # an empty row 5, then row 6

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 6, "Loại đơn vị", "Xa Phu")]
    error = plan.errors[0]
    assert (
        "Tỉnh, Thành phố, Huyện, Thị xã, Xã, Phường, Thị trấn, Ấp, Khu phố, Tổ nhân dân tự quản"
        in error.message
    )
    assert plan.counts["Đơn vị"]["rejected"] == 1
    assert snapshot() == before


def test_it_writes_only_the_valid_rows_when_asked(tree):
    rows = new_units() + [["A1-4", "Ấp 4", "Xa Phu", "A1"], ["A1-4-1", "Tổ 1", "Tổ nhân dân tự quản", "A1-4"]]

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx", only_valid=True)

    # The child of the rejected row is rejected too, saying why.
    assert [(e.row, e.column) for e in plan.errors] == [(5, "Loại đơn vị"), (6, "Mã đơn vị cấp trên")]
    assert "5" in plan.errors[1].message
    assert set(Unit.objects.filter(code__startswith="A1-").values_list("code", flat=True)) == {
        "A1-1",
        "A1-1-1",
        "A1-2",
        "A1-2-1",
        "A1-3",
    }


def test_it_refuses_duplicate_codes_inside_the_file(tree):
    before = snapshot()
    rows = [UNIT_HEADERS, ["A1-5", "Ấp 5", "Ấp", "A1"], ["A1-5", "Ấp Năm", "Ấp", "A1"]]

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 2, "Mã đơn vị", "A1-5"), ("Đơn vị", 3, "Mã đơn vị", "A1-5")]
    assert "2, 3" in plan.errors[0].message
    assert snapshot() == before


def test_it_refuses_an_unknown_parent(tree):
    before = snapshot()
    plan = import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["A1-5", "Ấp 5", "Ấp", "KHONGCO"]]}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 2, "Mã đơn vị cấp trên", "KHONGCO")]
    assert snapshot() == before


def test_it_refuses_a_child_at_the_wrong_level(tree):
    before = snapshot()
    # A commune under a hamlet.
    plan = import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["X1", "Xã Lạ", "Xã", "A1-1"]]}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 2, "Mã đơn vị cấp trên", "A1-1")]
    assert "cấp 3" in plan.errors[0].message and "cấp 4" in plan.errors[0].message
    assert snapshot() == before


def test_it_refuses_a_cycle(tree):
    before = snapshot()
    rows = [UNIT_HEADERS, ["C1", "Ấp C1", "Ấp", "C2"], ["C2", "Ấp C2", "Ấp", "C1"]]

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx")

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Mã đơn vị cấp trên"), (3, "Mã đơn vị cấp trên")]
    assert "C1 → C2 → C1" in plan.errors[0].message
    assert snapshot() == before


def test_it_refuses_a_cycle_through_stored_units(tree):
    # Huyện A would go under its own commune A1 (kinds kept so only the loop is wrong).
    plan = import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["A", "Huyện An Định", "Huyện", "A1-1-1"]]}), "r.xlsx")

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Mã đơn vị cấp trên")]
    assert Unit.objects.get(code="A").parent == tree["P"]


def test_it_refuses_an_impossible_date(tree):
    before = snapshot()
    rows = [CADRE_HEADERS, ["K1", "Trần Văn Một", "31/02/2020", "Nam", "", "Xã", "A1", "", "", "", ""]]

    plan = import_file(xlsx({"Cán bộ": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Cán bộ", 2, "Ngày sinh", "31/02/2020")]
    assert "dd/mm/yyyy" in plan.errors[0].message
    assert snapshot() == before


def test_it_refuses_a_formula_cell(tree):
    before = snapshot()
    rows = [UNIT_HEADERS, ["A1-5", '=CONCAT("Ấp ", 5)', "Ấp", "A1"]]

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 2, "Tên đơn vị", '=CONCAT("Ấp ", 5)')]
    assert "công thức" in plan.errors[0].message
    assert snapshot() == before


def test_it_refuses_a_missing_required_value_and_a_bad_email(tree):
    rows = [CADRE_HEADERS, ["K1", "", "", "", "", "Xã", "A1", "", "khong-phai-email", "", ""]]

    plan = import_file(xlsx({"Cán bộ": rows}), "roster.xlsx")

    assert [(e.column, e.value) for e in plan.errors] == [("Họ và tên", ""), ("Email", "khong-phai-email")]


def test_it_refuses_cadres_whose_unit_does_not_exist(tree):
    rows = [CADRE_HEADERS, ["K1", "Trần Văn Một", "", "", "", "Xã", "ZZ", "", "", "", ""]]

    plan = import_file(xlsx({"Cán bộ": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Cán bộ", 2, "Mã đơn vị công tác", "ZZ")]


# File errors: one clear message, nothing written ------------------------------------------------


def test_it_refuses_a_file_that_is_not_a_spreadsheet(tree):
    before = snapshot()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

    assert "không phải là bảng tính" in file_error(png, "anh.xlsx")
    assert "không phải là bảng tính" in file_error(b"%PDF-1.4 hello", "van-ban.pdf")
    assert snapshot() == before


def test_it_refuses_a_corrupt_xlsx(tree):
    data = xlsx({"Đơn vị": new_units()})

    assert "bị hỏng" in file_error(data[: len(data) // 2])
    # A zip that is not a workbook.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "xin chào")
    assert "bị hỏng" in file_error(out.getvalue())


def test_it_refuses_a_password_protected_xlsx(tree):
    plain = io.BytesIO(xlsx({"Đơn vị": new_units()}))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("matkhau", encrypted)

    message = file_error(encrypted.getvalue())

    assert "mật khẩu" in message
    assert not Unit.objects.filter(code="A1-2").exists()


def test_it_refuses_a_sheet_missing_a_required_header(tree):
    rows = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"], ["A1-5", "Ấp 5", "A1"]]

    message = file_error(xlsx({"Đơn vị": rows}))

    assert "Loại đơn vị" in message and "Đơn vị" in message
    assert not Unit.objects.filter(code="A1-5").exists()


def test_it_refuses_an_empty_file(tree):
    assert "rỗng" in file_error(b"")
    assert "không có dòng dữ liệu" in file_error(xlsx({"Đơn vị": [UNIT_HEADERS]}))


def test_it_refuses_a_workbook_without_a_roster_sheet(tree):
    assert "Đơn vị" in file_error(xlsx({"Sheet1": [["a", "b"], [1, 2]]}))


# The party organisation sheet ------------------------------------------------------------------


def test_it_imports_party_organisations_with_the_units_they_lead(tree, orgs):
    rows = [
        ORG_HEADERS,
        ["CB-A2-1", "Chi bộ ấp 1 xã An Phú", "chi bo truc thuoc", "DB-A2", "A2"],
        ["DB-A2", "Đảng bộ xã An Phú", "Đảng bộ cơ sở", "DBA", "A2"],
        ["CQ-A2", "Chi bộ Trạm Y tế", "Chi bộ trực thuộc", "DB-A2", ""],
    ]

    plan = import_file(xlsx({"Tổ chức đảng": rows}), "to-chuc.xlsx")

    assert plan.counts["Tổ chức đảng"]["new"] == 3
    cell = PartyOrg.objects.select_related("parent", "unit").get(code="CB-A2-1")
    assert (cell.kind, cell.level, cell.parent.code, cell.unit.code) == (PartyOrg.Kind.CELL, 4, "DB-A2", "A2")
    assert cell.path.startswith(orgs["A"].path) and PartyOrg.objects.get(code="CQ-A2").unit is None


def test_it_refuses_an_organisation_above_its_parent_or_leading_an_unknown_unit(tree, orgs):
    rows = [
        ORG_HEADERS,
        ["DB-X", "Đảng bộ xã X", "Đảng bộ cơ sở", "CBA1-1", "A2"],  # under a cell
        ["CB-Y", "Chi bộ Y", "Chi bộ trực thuộc", "DBA1", "KHONGCO"],
    ]

    plan = import_file(xlsx({"Tổ chức đảng": rows}), "to-chuc.xlsx")

    assert only_errors(plan) == [
        ("Tổ chức đảng", 2, "Mã tổ chức cấp trên", "CBA1-1"),
        ("Tổ chức đảng", 3, "Mã đơn vị hành chính", "KHONGCO"),
    ]
    assert not PartyOrg.objects.filter(code__in=["DB-X", "CB-Y"]).exists()


def test_a_root_row_needs_no_parent_but_others_do(db):
    rows = [UNIT_HEADERS, ["83", "Tỉnh Bến Tre", "Tỉnh", ""], ["829", "Thành phố Bến Tre", "Thành phố", ""]]

    plan = import_file(xlsx({"Đơn vị": rows}), "roster.xlsx")

    assert only_errors(plan) == [("Đơn vị", 3, "Mã đơn vị cấp trên", "")]
