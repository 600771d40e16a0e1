"""Workbooks the office downloads: blank templates, exports of the current data, and the error
workbook of an import (the rejected rows with an error column, to fix and upload again)."""

import csv
import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.text import fold

from .imports import SHEETS, read_upload
from .resources import TreeResource

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GUIDE_TITLE = "Hướng dẫn"
ERROR_HEADER = "Lỗi"


def sheet_slug(resource) -> str:
    """`Tổ chức đảng` -> `to-chuc-dang`: the sheet's name in URLs and file names."""
    return slugify(fold(resource.sheet_name))


def resource_for_slug(slug: str):
    return next((r for r in SHEETS if sheet_slug(r) == slug), None)


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _required_label(resource, f) -> str:
    if f.required:
        return _("yes")
    if issubclass(resource, TreeResource) and f.attribute == "parent":
        return _("all but the top level")
    return _("no")


def template_workbook(resources) -> bytes:
    """A blank workbook: one sheet per resource with its headers and drop-downs for enumerated
    columns, and a last sheet explaining every column."""
    book = Workbook()
    book.remove(book.active)
    for resource in resources:
        ws = book.create_sheet(resource.sheet_name)
        fields = list(resource.roster_fields().values())
        for col, f in enumerate(fields, start=1):
            cell = ws.cell(row=1, column=col, value=f.column_name)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            ws.column_dimensions[get_column_letter(col)].width = max(16, len(f.column_name) + 4)
            letter = get_column_letter(col)
            if f.choices:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(f.choices) + '"',
                    allow_blank=not f.required,
                    showErrorMessage=True,
                    errorTitle=f.column_name,
                    error=_("Choose one of: %(values)s") % {"values": ", ".join(f.choices)},
                )
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}5000")
            else:
                # Text columns stay text (a column style, so no empty rows are created), so codes and
                # phone numbers typed into them keep their leading zeros.
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_TITLE)
    guide.append([_("Sheet"), _("Column"), _("Required"), _("Meaning"), _("Allowed values")])
    for cell in guide[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for resource in resources:
        for f in resource.roster_fields().values():
            guide.append(
                [
                    resource.sheet_name,
                    f.column_name,
                    _required_label(resource, f),
                    str(f.help),
                    ", ".join(f.choices),
                ]
            )
    guide.append([])
    guide.append(
        [
            _(
                "Headers may come in any order; extra columns are ignored. Codes identify rows: "
                "importing the same file twice changes nothing. Dates: an Excel date or dd/mm/yyyy."
            )
        ]
    )
    for letter, width in zip("ABCDE", (16, 24, 18, 70, 50), strict=True):
        guide.column_dimensions[letter].width = width
    return _save(book)


def export_workbook(resources, *, user=None, progress=None) -> bytes:
    """The current data in the template's format (export, then re-import, changes nothing).
    Written row by row (openpyxl write-only) so 50,000 cadres stay in bounded memory.
    `progress` (common.progress.Progress): "writing the workbook", n of N rows (one COUNT per sheet)."""
    book = Workbook(write_only=True)
    if progress and progress.key:
        progress.phase("exporting", total=sum(r.export_queryset(user).count() for r in resources))
    for resource in resources:
        if progress:
            progress.detail = resource.sheet_name
        ws = book.create_sheet(resource.sheet_name)
        header = []
        for name in resource.headers():
            cell = WriteOnlyCell(ws, value=name)
            cell.font = HEADER_FONT
            header.append(cell)
        ws.append(header)
        instance = resource()
        for obj in resource.export_queryset(user).iterator(chunk_size=2000):
            ws.append([_text_cell(ws, v) for v in instance.export_resource(obj)])
            if progress:
                progress.advance()
    if progress:
        progress.phase("finishing", total=progress.total, done=progress.done)
    data = _save(book)
    if progress:
        progress.finish()
    return data


def _text_cell(ws, value):
    """Every exported value is text; one that starts with "=" stays text, never a formula."""
    text = "" if value is None else str(value)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def export_csv(resource, *, user=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(resource.headers())
    instance = resource()
    for obj in resource.export_queryset(user).iterator(chunk_size=2000):
        writer.writerow(instance.export_resource(obj))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def error_workbook(data: bytes, file_name: str, errors: list[dict]) -> bytes:
    """The rejected rows of each sheet, as they were written, with an error column added: fix
    them and upload this workbook again (the error column is ignored on import)."""
    from .imports import error_cell
    from .resources import RowError

    by_sheet: dict[str, dict[int, list[str]]] = {}
    for e in errors:
        by_sheet.setdefault(e["sheet"], {}).setdefault(e["row"], []).append(error_cell(RowError(**e)))
    raw_by_title = {}
    for raw in read_upload(data, file_name):
        raw_by_title[fold(raw.title)] = raw
    book = Workbook()
    book.remove(book.active)
    for resource in SHEETS:
        rows = by_sheet.get(resource.sheet_name)
        if not rows:
            continue
        raw = raw_by_title.get(fold(resource.sheet_name)) or (list(raw_by_title.values()) or [None])[0]
        ws = book.create_sheet(resource.sheet_name)
        headers = (raw.headers if raw else resource.headers()) + [ERROR_HEADER]
        ws.append(headers)
        for cell in ws[1]:
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells_by_row = dict(raw.rows) if raw else {}
        for number in sorted(rows):
            values = list(cells_by_row.get(number, []))
            ws.append(values + ["\n".join(rows[number])])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # show the formula as text, not run it
        ws.column_dimensions[get_column_letter(len(headers))].width = 80
    return _save(book)
