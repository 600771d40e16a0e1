"""The fast worksheet reader (`units.xlsx`) reads every roster file as openpyxl's own reader does:
the same values in the same rows with the same Excel row numbers, and what it does not read
(rich text, shared formulas) is left to openpyxl."""

import datetime
import io
import re
import zipfile

import openpyxl

from units import xlsx
from units.imports import MAX_COLUMNS, _RowBudget, _sheet_from_rows, read_upload


def by_openpyxl(data: bytes):
    """The sheets as openpyxl's read-only reader gives them to the pipeline."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    budget = _RowBudget(10_000)
    sheets = []
    for ws in book.worksheets:
        ws.reset_dimensions()
        sheets.append(_sheet_from_rows(ws.title, ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), budget))
    book.close()
    return [(s.title, s.headers, s.rows) for s in sheets]


def read_fast(data: bytes) -> bool:
    """Whether `units.xlsx` reads every sheet itself (rather than leaving it to openpyxl)."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for ws in book.worksheets:
            list(xlsx.rows(ws, MAX_COLUMNS))
    except xlsx.Unsupported:
        return False
    finally:
        book.close()
    return True


def as_read(data: bytes):
    return [(s.title, s.headers, s.rows) for s in read_upload(data, "r.xlsx")]


def every_kind_of_cell(write_only: bool) -> bytes:
    book = openpyxl.Workbook(write_only=write_only)
    if not write_only:
        book.remove(book.active)
    ws = book.create_sheet("Cán bộ")
    rows = [
        ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Số", "Đảng viên", "Ghi chú", None, "  "],
        ["K1", "  Nguyễn Văn A ", datetime.date(1980, 9, 5), 912345678, True, "=A2&B2"],
        ["K2", "Trần Thị B", datetime.datetime(1990, 1, 2, 3, 4), 3.5, False, "#N/A"],
        [],
        [None, None, None],
        ["K3", "Lê C", "05/09/1980", 1e20, 0, "=SUM(1,2)", None, None, "right of the headers"],
    ]
    for row in rows:
        ws.append(row)
    if not write_only:
        ws.cell(row=12, column=1, value="K4")  # rows 8-11 left out of the file
        ws.cell(row=12, column=2, value="Phạm D")
        ws.cell(row=12, column=MAX_COLUMNS + 5, value="beyond the columns read")
        book.create_sheet("Đơn vị").append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with the first worksheet's XML passed through `change`."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            dst.writestr(item, body)
    return out.getvalue()


def test_it_reads_shared_strings_numbers_dates_booleans_formulas_and_gaps_as_openpyxl_does():
    data = every_kind_of_cell(write_only=False)

    sheets = as_read(data)

    assert read_fast(data)
    assert sheets == by_openpyxl(data)
    title, headers, rows = sheets[0]
    assert headers == ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Số", "Đảng viên", "Ghi chú"]
    assert [n for n, _cells in rows] == [2, 3, 6, 12]  # Excel's row numbers, empty rows skipped
    assert rows[0][1] == ["K1", "  Nguyễn Văn A ", datetime.datetime(1980, 9, 5), 912345678, True, "=A2&B2"]
    assert rows[3][1] == ["K4", "Phạm D", None, None, None, None]


def test_it_reads_inline_strings_as_openpyxl_does():
    data = every_kind_of_cell(write_only=True)  # openpyxl's write-only files hold inline strings

    assert read_fast(data)
    assert as_read(data) == by_openpyxl(data)
    assert b"inlineStr" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_rich_text_and_shared_formulas_are_read_by_openpyxl():
    def rich_and_shared(xml: str) -> str:
        xml = re.sub(
            r"<is><t>K1</t></is>",
            "<is><r><rPr><b/></rPr><t>K</t></r><r><t>1</t></r><rPh sb='0' eb='1'><t>x</t></rPh></is>",
            xml,
            count=1,
        )
        return xml.replace("<f>SUM(1,2)</f>", '<f t="shared" ref="F7:F8" si="0">SUM(1,2)</f>')

    data = rewrite_sheet(every_kind_of_cell(write_only=True), rich_and_shared)

    sheets = as_read(data)

    assert not read_fast(data)
    assert sheets == by_openpyxl(data)
    assert sheets[0][2][0][1][0] == "K1"
