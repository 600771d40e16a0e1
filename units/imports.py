"""The roster workbook pipeline: read -> normalise headers -> check every row -> preview -> write.

    raw = read_upload(data, "roster.xlsx")       # RosterFileError: one clear message for the file
    plan = plan_workbook(raw)                     # every row checked, with its Excel row number
    plan.counts, plan.errors                      # the preview: new / updated / unchanged / rejected
    write_plan(plan, only_valid=False)            # all-or-nothing unless only_valid

Sheets are resources registered in dependency order (`SHEETS`). To add a sheet (the
`Phân công` sheet of the assignments app, for instance):

    # assignments/resources.py
    class AssignmentResource(units.resources.RosterResource):
        sheet_name = "Phân công"
        order = 40                      # after units (10), organisations (20), cadres (30)
        cadre = RosterField("cadre", "Mã cán bộ", CodeWidget(Cadre), required=True, ref=Cadre)
        ...
        class Meta(RosterResource.Meta):
            model = Assignment
            import_id_fields = (...)    # and override `stored`/`decide_actions` if not by `code`

        @classmethod
        def check_rows(cls, rows, ctx, sheet): ...   # append RowError(sheet, row.number, ...)
        @classmethod
        def write_rows(cls, rows, progress=None, *, audit=None): ...  # bulk, with history by audit.user

    # assignments/apps.py
    def ready(self):
        from units.imports import register_sheet
        from .resources import AssignmentResource
        register_sheet(AssignmentResource)

Everything else (file reading, header matching, templates, exports, the error workbook, the
preview page, the commands, the record of each import) then covers the new sheet too.
"""

import csv
import functools
import io
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.cache import bump
from common.text import fold
from common.uploads import ZIP_MAGIC, zip_refusal

from .resources import (
    NEW,
    UNCHANGED,
    UPDATE,
    Audit,
    CadreResource,
    ImportContext,
    PartyOrgResource,
    PlannedRow,
    RowError,
    UnitResource,
    as_text,
    is_blank,
    norm_header,
)

SHEETS: list = []
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Columns read from each row; anything to the right of them is ignored (as extra columns are).
MAX_COLUMNS = 100
DEFAULT_MAX_ROWS = 200_000


def max_rows() -> int:
    """Rows a file may have (every sheet together, empty rows included): ROSTER_IMPORT_MAX_ROWS."""
    return getattr(settings, "ROSTER_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def register_sheet(resource):
    """Add a sheet's resource; sheets are checked and written in their `order`."""
    if resource not in SHEETS:
        SHEETS.append(resource)
        SHEETS.sort(key=lambda r: r.order)
    return resource


for _resource in (UnitResource, PartyOrgResource, CadreResource):
    register_sheet(_resource)


def sheet_resource(name: str):
    """The registered resource whose sheet is called `name` (case and diacritics ignored)."""
    key = fold(name or "")
    return next((r for r in SHEETS if fold(r.sheet_name) == key), None)


class RosterFileError(Exception):
    """A file that cannot be read as a roster: one message for the whole file; nothing is written."""


# Reading --------------------------------------------------------------------------------------


@dataclass
class RawSheet:
    title: str
    headers: list  # as written in the file
    rows: list  # (Excel row number, [cell values aligned with headers])

    @property
    def keys(self) -> list[str]:
        return [norm_header(h) for h in self.headers]


def read_upload(data: bytes, filename: str = "") -> list[RawSheet]:
    if not data:
        raise RosterFileError(_("The file is empty."))
    if data.startswith(OLE2_MAGIC):
        raise RosterFileError(
            _(
                "This workbook is password-protected or saved in the old .xls format. Remove the "
                "password (File > Info > Protect Workbook) and save it as .xlsx, then upload it again."
            )
        )
    budget = _RowBudget(max_rows())
    if data.startswith(ZIP_MAGIC):
        try:
            refusal = zip_refusal(data)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _corrupt() from exc
        if refusal:
            raise RosterFileError(refusal)
        return _read_xlsx(data, budget)
    if filename.lower().endswith((".csv", ".txt")):
        return [_read_csv(data, budget)]
    raise RosterFileError(
        _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a UTF-8 CSV file.")
    )


def _corrupt():
    return RosterFileError(
        _(
            "This Excel file is damaged and cannot be opened. Open it in Excel, save it again as .xlsx and retry."
        )
    )


class _RowBudget:
    """Counts the rows read from a file and stops the reading once there are more than allowed, so a
    file with millions of rows is refused after reading the allowed number, never held whole."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def take(self):
        self.used += 1
        if self.used > self.limit:
            raise RosterFileError(
                _(
                    "The file has more than %(limit)s rows (all sheets together, empty rows included): it "
                    "was refused without reading the rest, and nothing was saved. Split it into files of "
                    "at most %(limit)s rows, and delete any empty rows below the data."
                )
                % {"limit": number_format(self.limit, force_grouping=True)}
            )


def _read_xlsx(data: bytes, budget: _RowBudget) -> list[RawSheet]:
    try:
        # Not data_only: a formula cell then reads as its "=..." text and is reported as such.
        reader = _stream_reader()(io.BytesIO(data), read_only=True, data_only=False)
        reader.read()
        book = reader.wb
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as exc:
        raise _corrupt() from exc
    except Exception as exc:  # openpyxl raises its own InvalidFileException and friends
        if "openpyxl" in type(exc).__module__:
            raise _corrupt() from exc
        raise
    sheets = []
    try:
        for ws in book.worksheets:
            sheets.append(_read_sheet(ws, budget))
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, SyntaxError) as exc:
        # SyntaxError: the XML parsers' ParseError (a sheet cut short or not XML).
        raise _corrupt() from exc
    finally:
        book.close()
    return sheets


def _read_sheet(ws, budget: _RowBudget) -> RawSheet:
    """Rows are streamed from the sheet's XML, each read up to MAX_COLUMNS. `units.xlsx` reads the
    values (fast); where it meets what it does not read as openpyxl would, openpyxl reads the sheet
    again from the start."""
    from . import xlsx

    used = budget.used
    try:
        return _sheet_from_rows(ws.title, xlsx.rows(ws, MAX_COLUMNS), budget)
    except RosterFileError:
        raise
    except Exception:  # noqa: BLE001 - anything unusual: openpyxl's reader below decides
        budget.used = used
    # The size the file declares for a sheet is not trusted (it would pad every row to its width).
    ws.reset_dimensions()
    return _sheet_from_rows(ws.title, ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), budget)


@functools.cache
def _stream_reader():
    """openpyxl's read-only reader without its look for each sheet's size: where a file declares
    none (openpyxl's own write-only files do not), that look parses the whole sheet once more before
    the rows are read; the size is not used anyway (`reset_dimensions`)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class StreamedSheet(ReadOnlyWorksheet):
        def _get_size(self):
            pass

    class StreamReader(ExcelReader):
        def read_worksheets(self):
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                    continue
                ws = StreamedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    return StreamReader


def _read_csv(data: bytes, budget: _RowBudget) -> RawSheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError(
            _("This CSV file is not UTF-8 text. In Excel choose Save As > CSV UTF-8 and upload it again.")
        ) from None
    if "\x00" in text:
        raise RosterFileError(
            _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a UTF-8 CSV file.")
        )
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return _sheet_from_rows("", csv.reader(io.StringIO(text), delimiter=delimiter), budget)


def _sheet_from_rows(title, rows, budget: _RowBudget) -> RawSheet:
    headers, body = None, []
    for number, cells in enumerate(rows, start=1):
        budget.take()
        cells = list(cells or ())
        if cells.count(None) == len(cells) or all(is_blank(c) for c in cells):
            continue  # empty rows are skipped
        if headers is None:
            headers = [as_text(c) for c in cells]
            while headers and not headers[-1]:
                headers.pop()  # the blank cells right of the last header
            continue
        cells = cells[: len(headers)] + [None] * (len(headers) - len(cells))
        body.append((number, cells))
    return RawSheet(title=title, headers=headers or [], rows=body)


# Checking -------------------------------------------------------------------------------------


@dataclass
class SheetPlan:
    resource: type
    raw: RawSheet
    rows: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.resource.sheet_name

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, "rejected": 0}
        for r in self.rows:
            counts[r.action if r.ok else "rejected"] += 1
        return counts


@dataclass
class WorkbookPlan:
    sheets: list

    @property
    def errors(self) -> list[RowError]:
        return [e for s in self.sheets for e in s.errors]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {s.name: s.counts for s in self.sheets}

    @property
    def total_rows(self) -> int:
        return sum(len(s.rows) for s in self.sheets)

    @property
    def rejected(self) -> int:
        return sum(s.counts["rejected"] for s in self.sheets)

    @property
    def to_write(self) -> int:
        return sum(1 for s in self.sheets for r in s.rows if r.ok and r.action in (NEW, UPDATE))


def match_sheets(raw_sheets: list[RawSheet], sheet: str | None = None) -> list[tuple[type, RawSheet]]:
    """Pair the file's sheets with registered resources: by title, else (a CSV, a renamed sheet)
    by finding all of a resource's required headers. `sheet` limits the import to one kind."""
    wanted = _wanted_resources(sheet)
    pairs = _pairs_by_title(raw_sheets, wanted)
    pairs += _pairs_by_headers(raw_sheets, wanted, pairs, one_named=bool(sheet))
    if not pairs:
        raise RosterFileError(
            _(
                "No roster sheet found. Name the sheets %(names)s (as in the template) and keep the "
                "header row as the first row."
            )
            % {"names": ", ".join(r.sheet_name for r in wanted)}
        )
    pairs.sort(key=lambda pair: pair[0].order)
    for resource, raw in pairs:
        _check_required_headers(resource, raw)
    if not any(raw.rows for _r, raw in pairs):
        raise RosterFileError(_("The file has a header row but no data rows: there is nothing to import."))
    return pairs


def _wanted_resources(sheet: str | None) -> list:
    """Every registered sheet, or only the one asked for (by name)."""
    if not sheet:
        return SHEETS
    resource = sheet_resource(sheet)
    if resource is None:
        raise RosterFileError(
            _("Unknown sheet %(name)s. The sheets are: %(names)s.")
            % {"name": sheet, "names": ", ".join(r.sheet_name for r in SHEETS)}
        )
    return [resource]


def _titled_as_a_sheet(raw: RawSheet) -> bool:
    """Whether the file's sheet carries the name of some registered sheet."""
    return bool(raw.title) and any(fold(raw.title) == fold(r.sheet_name) for r in SHEETS)


def _pairs_by_title(raw_sheets: list[RawSheet], wanted: list) -> list[tuple[type, RawSheet]]:
    pairs = []
    for resource in wanted:
        named = next((s for s in raw_sheets if s.title and fold(s.title) == fold(resource.sheet_name)), None)
        if named is not None:
            pairs.append((resource, named))
    return pairs


def _pairs_by_headers(raw_sheets, wanted, found, *, one_named: bool) -> list[tuple[type, RawSheet]]:
    """For each wanted resource not found by title: the first sheet with none of the registered
    names that has all its required headers (or, when one sheet was asked for and the file has
    just one, that sheet)."""
    pairs = []
    done = {id(r) for r, _s in found}
    used = {id(s) for _r, s in found}
    for resource in wanted:
        if id(resource) in done:
            continue
        required = {norm_header(h) for h in resource.required_headers()}
        candidates = [
            s
            for s in raw_sheets
            if id(s) not in used and not _titled_as_a_sheet(s) and required <= set(s.keys)
        ]
        if not candidates and one_named and len(raw_sheets) == 1:
            candidates = raw_sheets  # the one sheet of the file, named in the request
        if candidates:
            pairs.append((resource, candidates[0]))
            used.add(id(candidates[0]))
    return pairs


def _check_required_headers(resource, raw: RawSheet):
    keys = raw.keys
    missing = [h for h in resource.required_headers() if norm_header(h) not in keys]
    if missing:
        raise RosterFileError(
            _("Sheet %(sheet)s is missing the required column(s): %(missing)s. Columns found: %(found)s.")
            % {
                "sheet": resource.sheet_name,
                "missing": ", ".join(missing),
                "found": ", ".join(h for h in raw.headers if h) or "—",
            }
        )


def plan_workbook(raw_sheets: list[RawSheet], *, sheet: str | None = None, progress=None) -> WorkbookPlan:
    """Check every row of every roster sheet, in dependency order; writes nothing.
    `progress` (common.progress.Progress): "checking" row by row, then "comparing" per sheet."""
    ctx = ImportContext()
    plans = []
    pairs = match_sheets(raw_sheets, sheet)
    total = sum(len(raw.rows) for _r, raw in pairs)
    checked = 0
    if progress:
        progress.phase("checking", total=total)
    for resource, raw in pairs:
        keys = raw.keys
        rows = [PlannedRow(number=n, raw=dict(zip(keys, cells, strict=True))) for n, cells in raw.rows]
        for row in rows:
            resource.clean_row(row, resource.sheet_name)
            if progress:
                progress.advance()
        if progress:  # the checks against the stored data run set-based, per sheet
            progress.phase("comparing", total=total, done=checked, detail=resource.sheet_name)
        resource.check_rows(rows, ctx, resource.sheet_name)
        resource.decide_actions(rows)
        checked += len(rows)
        if progress and checked < total:
            progress.phase("checking", total=total, done=checked)
        plans.append(SheetPlan(resource=resource, raw=raw, rows=rows))
    return WorkbookPlan(sheets=plans)


# Writing --------------------------------------------------------------------------------------


class RosterRejected(Exception):
    """The plan has rejected rows and the caller did not choose to import only the valid ones."""


@transaction.atomic
def write_plan(
    plan: WorkbookPlan, *, only_valid: bool = False, progress=None, audit: Audit | None = None
) -> dict:
    """All-or-nothing: any rejected row stops the whole workbook unless `only_valid`, in which
    case the rejected rows (and rows depending on them, already rejected by the checks) are left
    out. One transaction for every sheet. Every row written gets a history row by `audit.user`
    with `audit.reason` (the import). Returns the counts written."""
    if plan.rejected and not only_valid:
        raise RosterRejected
    audit = audit or Audit()
    for sheet in plan.sheets:
        sheet.resource.write_rows([r for r in sheet.rows if r.ok], progress, audit=audit)
    bump("units")  # bulk writes send no signals: cached figures (coverage) are rebuilt
    return plan.counts


def import_file(
    data: bytes, filename: str = "", *, sheet=None, dry_run=False, only_valid=False, progress=None
):
    """Read, check and (unless dry_run) write in one go; the commands and tasks use this.
    Returns the plan; its rows carry what happened."""
    plan = plan_workbook(read_upload(data, filename), sheet=sheet)
    if not dry_run and (only_valid or not plan.rejected):
        write_plan(plan, only_valid=only_valid, progress=progress, audit=Audit.of_file(filename))
    return plan


def error_message(error: RowError) -> str:
    """One line a person can act on: sheet, row, column, value and what was expected."""
    return _(
        "Sheet %(sheet)s, row %(row)s, column %(column)s: value “%(value)s” — expected %(expected)s."
    ) % {
        "sheet": error.sheet,
        "row": error.row,
        "column": error.column,
        "value": error.value,
        "expected": error.message,
    }


def error_cell(error: RowError) -> str:
    """The error column of the error workbook (the row is already there)."""
    return _("Column %(column)s: value “%(value)s” — expected %(expected)s.") % {
        "column": error.column,
        "value": error.value,
        "expected": error.message,
    }
