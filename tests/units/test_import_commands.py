"""manage.py import_roster / export_roster from a shell."""

import pytest
from django.core.management import CommandError, call_command

from tests.units.workbooks import UNIT_HEADERS, new_units, read_xlsx, xlsx
from units.models import RosterImport, Unit


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = 1
    return code, out.getvalue(), err.getvalue()


def test_import_roster_prints_the_summary_and_writes(tree, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx({"Đơn vị": new_units()}))

    code, out, _err = run("import_roster", str(path))

    assert code == 0
    assert "Đơn vị: 3 mới, 0 cập nhật, 0 không đổi, 0 bị từ chối" in out
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3
    record = RosterImport.objects.get()
    assert (record.source, record.status, record.file_name) == ("command", "done", "don-vi.xlsx")


def test_import_roster_dry_run_writes_nothing(tree, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx({"Đơn vị": new_units()}))

    code, out, _err = run("import_roster", str(path), "--dry-run")

    assert code == 0 and "3 mới" in out and "Chạy thử" in out
    assert not Unit.objects.filter(code="A1-2").exists()


def test_import_roster_prints_each_error_and_exits_non_zero(tree, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx({"Đơn vị": new_units() + [["A1-4", "Ấp 4", "Ấp", "KHONGCO"]]}))

    code, _out, err = run("import_roster", str(path))

    assert code == 1
    assert "Trang Đơn vị, dòng 5, cột Mã đơn vị cấp trên: giá trị “KHONGCO”" in err
    assert not Unit.objects.filter(code="A1-2").exists()  # all or nothing


def test_import_roster_only_valid_writes_the_others_but_still_exits_non_zero(tree, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx({"Đơn vị": new_units() + [["A1-4", "Ấp 4", "Ấp", "KHONGCO"]]}))

    code, _out, _err = run("import_roster", str(path), "--only-valid")

    assert code == 1 and Unit.objects.filter(code="A1-2").exists()


def test_import_roster_refuses_an_unreadable_file_with_one_message(tree, tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")

    code, _out, err = run("import_roster", str(path))

    assert code == 1 and "bị hỏng" in err


def test_import_roster_sheet_option_reads_a_csv(tree, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("\n".join(",".join(r) for r in new_units()), encoding="utf-8")

    code, out, _err = run("import_roster", str(path), "--sheet", "don vi")

    assert code == 0 and "Đơn vị: 3 mới" in out


def test_export_roster_writes_what_import_roster_reads_back_unchanged(tree, orgs, cadre_a1, tmp_path):
    path = tmp_path / "export.xlsx"

    assert run("export_roster", str(path))[0] == 0
    sheets = read_xlsx(path.read_bytes())
    assert sheets["Đơn vị"][0] == UNIT_HEADERS and len(sheets["Đơn vị"]) == 1 + Unit.objects.count()

    code, out, _err = run("import_roster", str(path))
    assert code == 0
    assert f"Đơn vị: 0 mới, 0 cập nhật, {Unit.objects.count()} không đổi" in out
    assert "Cán bộ: 0 mới, 0 cập nhật, 1 không đổi" in out


def test_export_roster_one_sheet_as_csv(tree, tmp_path):
    path = tmp_path / "units.csv"

    run("export_roster", str(path), "--sheet", "Đơn vị")

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(UNIT_HEADERS) and len(lines) == 1 + Unit.objects.count()


@pytest.mark.parametrize("sheet", ["Khong co", ""])
def test_export_roster_csv_needs_one_known_sheet(tree, tmp_path, sheet):
    code, _out, err = run("export_roster", str(tmp_path / "x.csv"), *(["--sheet", sheet] if sheet else []))

    assert code == 1 and err
