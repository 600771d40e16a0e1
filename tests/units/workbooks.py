"""Build roster workbooks in memory for the import tests (openpyxl, as Excel would save them)."""

import io

import openpyxl

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
ORG_HEADERS = ["Mã tổ chức đảng", "Tên tổ chức đảng", "Loại", "Mã tổ chức cấp trên", "Mã đơn vị hành chính"]
CADRE_HEADERS = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Chức vụ",
    "Cấp cán bộ",
    "Mã đơn vị công tác",
    "Số điện thoại",
    "Email",
    "Đảng viên",
    "Mã tổ chức đảng",
]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """`{"Đơn vị": [headers, row, row...]}` -> the bytes of an .xlsx file."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def new_units() -> list[list]:
    """Three new units under the cast's Xã A1 (code A1), a parent defined below its child."""
    return [
        UNIT_HEADERS,
        ["A1-2-1", "Tổ NDTQ số 1", "Tổ nhân dân tự quản", "A1-2"],
        ["A1-2", "Ấp 2", "Ấp", "A1"],
        ["A1-3", "Ấp 3", "ap", "A1"],
    ]
