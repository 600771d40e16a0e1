"""One django-import-export Resource per roster sheet (the contract in ROSTER-FORMAT.md).

A resource knows its sheet: the Vietnamese column headers, which are required, how each cell is
read (tolerant widgets below), how its rows are checked against each other and the database
(`check_rows`), and how the checked rows are written in bulk (`write_rows`). The workbook
pipeline in `units.imports` reads the file, hands each sheet to its resource in dependency order
and decides what gets written; see `units.imports.register_sheet` to add a sheet.

Widgets accept both what people type (`xa`, `Có`, `05/09/1980`, a phone Excel stored as a number)
and the canonical values they produce (`commune`, True, a date), so a row cleaned once can be fed
to import-export's own import unchanged.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import CachedForeignKeyWidget, Widget

from common.history import record_rows
from common.text import fold, nfc

from . import tree
from .models import Cadre, PartyOrg, Unit
from .tree import rebuild_paths

# How many rows one import-export call writes: keeps `code IN (...)` lists under SQLite's
# parameter limit and memory flat on five-times-the-province files.
WRITE_CHUNK = 5000


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """A cell as trimmed NFC text; whole numbers Excel stored as floats lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def _max_length(model, attribute) -> int | None:
    """The column's length limit where it is a model field (a sheet may have columns that are not)."""
    try:
        return getattr(model._meta.get_field(attribute), "max_length", None)
    except FieldDoesNotExist:
        return None


# Widgets ----------------------------------------------------------------------------------------


class TextWidget(Widget):
    """Trimmed NFC text; an empty cell is ''."""

    def clean(self, value, row=None, **kwargs):
        return as_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class EmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(_("an e-mail address such as ten@bentre.gov.vn")) from None
        return text


class PhoneWidget(TextWidget):
    """A phone number kept as text. Excel drops the leading 0 when it stores the number as a
    number; Vietnamese numbers (mobile 0xx, landline 02xx) always start with 0 or the country code
    84, so a number that starts with neither gets its 0 back."""

    ALLOWED = re.compile(r"^\+?[0-9 .()-]{6,20}$")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = as_text(value)
            if not text.startswith(("0", "84")):
                text = "0" + text
            return text
        text = as_text(value)
        if text and not self.ALLOWED.match(text):
            raise ValueError(_("a phone number of digits, e.g. 0912345678"))
        return text


class ChoiceWidget(Widget):
    """An enumerated column: matched ignoring case and diacritics (`xa` -> `Xã`); stored as the
    model's choice value; exported as the contract's Vietnamese label."""

    def __init__(self, labels: dict, aliases: dict | None = None, default=""):
        self.labels = labels
        self.default = default
        self.lookup = {fold(str(label)): value for value, label in labels.items()}
        self.lookup.update({fold(str(value)): value for value in labels})
        self.lookup.update({fold(alias): value for alias, value in (aliases or {}).items()})
        self._seen = {}  # cell value -> choice (values that were found)
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.default
        # A column holds a handful of distinct values: fold each once per import, not per cell.
        found = self._seen.get(value)
        if found is None:
            found = self.lookup.get(fold(as_text(value)))
            if found is not None and len(self._seen) < 1000:
                self._seen[value] = found
        if found is None:
            raise ValueError(_("one of: %(values)s") % {"values": ", ".join(map(str, self.labels.values()))})
        return found

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else str(value))


class YesNoWidget(ChoiceWidget):
    def __init__(self, default=True):
        super().__init__(
            {True: "Có", False: "Không"},
            aliases={
                "x": True,
                "yes": True,
                "true": True,
                "1": True,
                "no": False,
                "false": False,
                "0": False,
            },
            default=default,
        )


class DMYDateWidget(Widget):
    """An Excel date, or text `dd/mm/yyyy` (ISO `yyyy-mm-dd` is accepted too); exported as text
    `dd/mm/yyyy`, which Excel in Vietnam shows as written."""

    PATTERNS = (
        (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), (3, 2, 1)),
        (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    )

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = as_text(value)
        for pattern, (y, m, d) in self.PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return date(int(match[y]), int(match[m]), int(match[d]))
                except ValueError:
                    raise ValueError(
                        _("a date that exists, as dd/mm/yyyy (this day does not exist in the calendar)")
                    ) from None
        raise ValueError(_("a date as dd/mm/yyyy, e.g. 05/09/1980"))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class CodeWidget(CachedForeignKeyWidget):
    """A reference by code (`Mã … cấp trên`, `Mã đơn vị công tác`).

    Validation reads only the code (`code_of`); the writers resolve codes to ids in one query per
    referenced model and chunk (`RosterResource.ref_ids`)."""

    def __init__(self, model, **kwargs):
        super().__init__(model, "code", **kwargs)

    @staticmethod
    def code_of(value) -> str:
        return as_text(value)

    def clean(self, value, row=None, **kwargs):
        return super().clean(self.code_of(value) or None, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class RosterField(Field):
    """A column of the contract: its header, whether a value is required, what it means (the
    template's explanation sheet) and, for a reference, which model's codes it names."""

    def __init__(
        self,
        attribute,
        column_name,
        widget=None,
        *,
        required=False,
        header=None,
        help="",
        ref=None,
        key=False,
    ):
        super().__init__(attribute=attribute, column_name=column_name, widget=widget or TextWidget())
        self.required = required
        # The column must be present (even where a row may leave it empty); defaults to `required`.
        self.header_required = required if header is None else header
        self.help = help
        self.ref = ref
        self.key = key

    @property
    def choices(self) -> list[str]:
        """The labels offered as a drop-down in the blank template."""
        widget = self.widget
        return [str(label) for label in widget.labels.values()] if isinstance(widget, ChoiceWidget) else []


def clean_cell(f: RosterField, raw, max_length: int | None):
    """The clean value of one cell of column `f`, or ValueError saying what was expected."""
    if isinstance(raw, str) and raw.startswith("="):
        raise ValueError(_("a value, not a formula (copy the cells and paste them as values)"))
    if f.required and is_blank(raw):
        raise ValueError(_("a value (required)"))
    value = f.widget.code_of(raw) if f.ref else f.widget.clean(raw)
    if max_length and isinstance(value, str) and len(value) > max_length:
        raise ValueError(_("at most %(n)s characters") % {"n": max_length})
    return value


# Planning data --------------------------------------------------------------------------------


NEW, UPDATE, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Audit:
    """Who writes an import's rows and why, for their history (`history_user`, `history_change_reason`)."""

    user: object = None
    reason: str = ""

    @classmethod
    def of_import(cls, record) -> "Audit":
        return cls(
            user=record.created_by,
            reason=_("Roster import #%(id)s: %(file)s") % {"id": record.pk, "file": record.file_name},
        )

    @classmethod
    def of_file(cls, filename: str) -> "Audit":
        return cls(reason=_("Roster import: %(file)s") % {"file": filename or "—"})


@dataclass
class PlannedRow:
    number: int  # as Excel shows it
    raw: dict  # normalised header -> cell value
    values: dict = field(default_factory=dict)  # field name -> clean value (codes for references)
    errors: list = field(default_factory=list)
    action: str = ""
    moved: bool = False
    depth: int = 0
    pk: int | None = None  # the stored row's, for an update

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportContext:
    """What sheets share while one workbook is checked: codes valid in earlier sheets (a cadre's
    unit may be a new row of the `Đơn vị` sheet), and the codes already stored."""

    def __init__(self):
        self.file_codes: dict[type, set[str]] = {}
        self._db_codes: dict[type, set[str]] = {}

    def db_codes(self, model) -> set[str]:
        if model not in self._db_codes:
            self._db_codes[model] = set(model.objects.values_list("code", flat=True))
        return self._db_codes[model]

    def known(self, model, code: str) -> bool:
        return code in self.file_codes.get(model, ()) or code in self.db_codes(model)


def norm_header(text) -> str:
    """Headers are matched after trimming, folding case and NFC (ROSTER-FORMAT.md)."""
    return " ".join(nfc(str(text or "")).casefold().split())


# Resources ------------------------------------------------------------------------------------


class RosterResource(resources.ModelResource):
    """What every roster sheet shares: bulk writes through import-export, codes as identity,
    NFC text and the derived `search_text` computed here because bulk mode skips save()."""

    sheet_name = ""  # the sheet's title in the workbook (the contract's name)
    order = 0  # dependency order: lower sheets are imported first
    # For the preview's unchanged/updated decision: field name -> the ORM path of its stored value.
    compare_paths: dict[str, str] = {}

    class Meta:
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = False

    # Columns ---------------------------------------------------------------------------------

    @classmethod
    def roster_fields(cls) -> dict[str, RosterField]:
        # In the contract's column order (Meta.fields), whatever order the metaclass keeps.
        return {
            name: cls.fields[name] for name in cls._meta.fields if isinstance(cls.fields[name], RosterField)
        }

    @classmethod
    def headers(cls) -> list[str]:
        return [f.column_name for f in cls.roster_fields().values()]

    @classmethod
    def required_headers(cls) -> list[str]:
        return [f.column_name for f in cls.roster_fields().values() if f.header_required]

    # Checking --------------------------------------------------------------------------------

    @classmethod
    def columns(cls) -> list[tuple[str, "RosterField", str, int | None]]:
        """(name, field, normalised header, length limit) of each column, worked out once per sheet
        rather than per cell."""
        cached = cls.__dict__.get("_columns")
        if cached is None:
            model = cls._meta.model
            cached = [
                (name, f, norm_header(f.column_name), _max_length(model, f.attribute))
                for name, f in cls.roster_fields().items()
            ]
            cls._columns = cached
        return cached

    @classmethod
    def clean_row(cls, row: PlannedRow, sheet: str):
        """Read every cell of one row with its widget; each problem becomes a RowError."""
        for name, f, key, max_length in cls.columns():
            raw = row.raw.get(key)
            try:
                value = clean_cell(f, raw, max_length)
            except ValueError as exc:
                shown = "" if is_blank(raw) else as_text(raw)
                row.errors.append(RowError(sheet, row.number, f.column_name, shown, str(exc)))
                continue
            row.values[name] = value

    @classmethod
    def check_duplicates(cls, rows: list[PlannedRow], sheet: str):
        column = cls.fields["code"].column_name
        seen: dict[str, list[PlannedRow]] = {}
        for row in rows:
            code = row.values.get("code") or as_text(row.raw.get(norm_header(column)))
            if code:
                seen.setdefault(code, []).append(row)
        for code, same in seen.items():
            if len(same) > 1:
                numbers = ", ".join(str(r.number) for r in same)
                for r in same:
                    r.errors.append(
                        RowError(
                            sheet,
                            r.number,
                            column,
                            code,
                            _("a code used only once in the sheet (it appears on rows %(rows)s)")
                            % {"rows": numbers},
                        )
                    )

    @classmethod
    def check_refs(cls, rows: list[PlannedRow], ctx: ImportContext, sheet: str, names: tuple[str, ...]):
        """References to other sheets: the code must exist or be a valid row of an earlier sheet."""
        fields = cls.roster_fields()
        for row in rows:
            if not row.ok:
                continue
            for name in names:
                code = row.values.get(name)
                f = fields[name]
                if code and not ctx.known(f.ref, code):
                    row.errors.append(
                        RowError(
                            sheet,
                            row.number,
                            f.column_name,
                            code,
                            _("the code of an existing %(what)s (none has this code, in the file or stored)")
                            % {"what": f.ref._meta.verbose_name},
                        )
                    )

    @classmethod
    def stored(cls, codes) -> dict[str, dict]:
        """The stored values of the rows with these codes, in the same form as clean values."""
        paths = cls.compare_paths
        out = {}
        codes = list(codes)
        for start in range(0, len(codes), WRITE_CHUNK):
            qs = cls._meta.model.objects.filter(code__in=codes[start : start + WRITE_CHUNK])
            for values in qs.values("pk", "code", *paths.values()):
                out[values["code"]] = {name: values[path] for name, path in paths.items()} | {
                    "pk": values["pk"],
                }
        return out

    @classmethod
    def decide_actions(cls, rows: list[PlannedRow]):
        stored = cls.stored(r.values["code"] for r in rows if r.ok)
        for row in rows:
            if not row.ok:
                continue
            old = stored.get(row.values["code"])
            if old is None:
                row.action = NEW
                continue
            row.pk = old["pk"]
            differs = [
                name
                for name in cls.compare_paths
                if (old[name] if old[name] is not None else "")
                != (row.values.get(name) if row.values.get(name) is not None else "")
            ]
            row.action = UPDATE if differs else UNCHANGED
            row.moved = "parent" in differs

    @classmethod
    def check_rows(cls, rows: list[PlannedRow], ctx: ImportContext, sheet: str):
        """Checks across rows and against the database; subclasses add theirs."""
        cls.check_duplicates(rows, sheet)

    # The admin's import -----------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """The admin's import (ImportMixin) goes through the same pipeline as the office page:
        every row checked first with its Excel row number, all-or-nothing, bulk writes in
        dependency order, and a RosterImport record."""
        from import_export.results import Error, Result, RowResult

        from .imports import RawSheet, RosterFileError, plan_workbook, write_plan
        from .models import RosterImport

        result = Result()
        headers = [as_text(h) for h in (dataset.headers or [])]
        result.diff_headers = headers
        raw = RawSheet(
            title=self.sheet_name,
            headers=headers,
            rows=[(i, list(row)) for i, row in enumerate(dataset, start=2) if not all(map(is_blank, row))],
        )
        try:
            plan = plan_workbook([raw], sheet=self.sheet_name)
        except RosterFileError as exc:
            result.append_base_error(Error(exc))
            return result
        types = {NEW: RowResult.IMPORT_TYPE_NEW, UPDATE: RowResult.IMPORT_TYPE_UPDATE}
        for row in plan.sheets[0].rows:
            values = [as_text(row.raw.get(norm_header(h))) for h in headers]
            if row.errors:
                messages = {}
                for e in row.errors:
                    messages.setdefault(e.column, []).append(f"“{e.value}”: {e.message}")
                result.append_invalid_row(
                    row.number, dict(zip(headers, values, strict=True)), ValidationError(messages)
                )
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
                continue
            row_result = RowResult()
            row_result.import_type = types.get(row.action, RowResult.IMPORT_TYPE_SKIP)
            row_result.diff = values
            result.totals[row_result.import_type] += 1
            result.append_row_result(row_result)
        result.total_rows = len(plan.sheets[0].rows)
        if not dry_run and not plan.rejected:
            user = kwargs.get("user")
            user = user if getattr(user, "pk", None) else None
            with transaction.atomic():
                record = RosterImport.objects.create(
                    created_by=user,
                    source=RosterImport.Source.ADMIN,
                    file_name=(kwargs.get("file_name") or "")[:255],
                    sheet=self.sheet_name,
                    sheets=self.sheet_name,
                    status=RosterImport.Status.RUNNING,
                    rows_total=plan.total_rows,
                )
                write_plan(plan, audit=Audit.of_import(record))
                record.status, record.counts, record.finished_at = (
                    RosterImport.Status.DONE,
                    plan.counts,
                    timezone.now(),
                )
                record.save(update_fields=["status", "counts", "finished_at"])
        return result

    # Writing ---------------------------------------------------------------------------------
    # Rows are written straight from their checked values with bulk_create / bulk_update (a row of
    # import-export's own import costs more than the insert itself), and their history set-based.

    derived_fields = ["search_text"]

    @classmethod
    def update_fields(cls) -> list[str]:
        """What an update writes: every column of the sheet but the key, and what derives from them."""
        return [f.attribute for f in cls.roster_fields().values() if not f.key] + cls.derived_fields

    @classmethod
    def ref_ids(cls, rows: list[PlannedRow], ids: dict) -> dict:
        """`ids` (model -> {code: pk}) completed with the codes the rows name that it lacks: one
        query per referenced model and chunk."""
        for name, f in cls.roster_fields().items():
            if not f.ref:
                continue
            known = ids.setdefault(f.ref, {})
            wanted = list({r.values[name] for r in rows if r.values.get(name)} - known.keys())
            for start in range(0, len(wanted), WRITE_CHUNK):
                known.update(
                    f.ref.objects.filter(code__in=wanted[start : start + WRITE_CHUNK]).values_list(
                        "code", "pk"
                    )
                )
        return ids

    @classmethod
    def instance_for(cls, row: PlannedRow, ids: dict):
        """The model instance of a checked row (with its stored pk for an update), normalised and
        with its derived fields, as save() would make it."""
        model = cls._meta.model
        obj = model(pk=row.pk)
        for name, f in cls.roster_fields().items():
            value = row.values.get(name)
            if f.ref:
                setattr(obj, f"{f.attribute}_id", ids[f.ref][value] if value else None)
            else:
                setattr(obj, f.attribute, value)
        obj.normalise_text()
        if hasattr(obj, "LEVELS"):
            obj.level = obj.LEVELS[obj.kind]
        return obj

    @classmethod
    def write_chunk(cls, rows: list[PlannedRow], ids: dict, audit: Audit):
        """Insert the new rows and update the changed ones of one chunk, with their history; the new
        rows' codes and pks are added to `ids`."""
        model = cls._meta.model
        cls.ref_ids(rows, ids)
        objs = [cls.instance_for(r, ids) for r in rows]
        new = [o for o, r in zip(objs, rows, strict=True) if r.action == NEW]
        changed = [o for o, r in zip(objs, rows, strict=True) if r.action == UPDATE]
        model.objects.bulk_create(new, batch_size=cls._meta.batch_size)
        if any(o.pk is None for o in new):  # a database that returns no ids from a bulk insert
            created = dict(model.objects.filter(code__in=[o.code for o in new]).values_list("code", "pk"))
            for o in new:
                o.pk = created[o.code]
        ids.setdefault(model, {}).update((o.code, o.pk) for o in new)
        if changed:
            model.objects.bulk_update(changed, cls.update_fields(), batch_size=cls._meta.batch_size)
        for kind, written in (("+", new), ("~", changed)):
            if written:
                record_rows(
                    model._default_manager.filter(pk__in=[o.pk for o in written]),
                    history_type=kind,
                    user=audit.user,
                    reason=audit.reason,
                )

    @classmethod
    def write_chunks(cls, rows: list[PlannedRow], progress=None, *, audit=None, ids=None):
        ids = {} if ids is None else ids
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            cls.write_chunk(chunk, ids, audit or Audit())
            if progress:
                progress(len(chunk))

    @classmethod
    def write_rows(cls, rows: list[PlannedRow], progress=None, *, audit=None):
        """Write the new and changed rows (already checked). Runs inside the caller's transaction."""
        cls.write_chunks([r for r in rows if r.action in (NEW, UPDATE)], progress, audit=audit)

    # Export ----------------------------------------------------------------------------------

    @classmethod
    def export_queryset(cls, user=None):
        raise NotImplementedError


@dataclass
class _SheetTree:
    """One tree sheet being checked: its rows by code, the stored nodes, and the tree as it will be
    (code -> (parent code, level, kind)); errors are about the parent column."""

    sheet: str
    parent_col: str
    in_file: dict
    stored: dict
    final: dict

    def err(self, r: PlannedRow, value, message):
        r.errors.append(RowError(self.sheet, r.number, self.parent_col, value, message))

    def rejected_parent(self, parent: str) -> str:
        return _("a parent row without errors (the parent's row %(row)s was rejected)") % {
            "row": self.in_file[parent].number
        }


class TreeResource(RosterResource):
    """A sheet of a tree (units, party organisations): parent codes may point further down the
    sheet; the level of a row comes from its kind and must sit below its parent's; no cycles."""

    derived_fields = ["level", "search_text"]

    @classmethod
    def root_levels(cls) -> set[int]:
        return {1}

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        t = cls.tree_as_it_will_be(rows, sheet)
        cls.check_parents_known(t)
        state = cls.check_loops(t)
        cls.check_levels(t, state)
        cls.check_stored_children(t.in_file, t.stored, t.final, sheet)
        cls.check_tree_refs(rows, ctx, sheet)
        cls.check_rejected_parents(t)

    @classmethod
    def tree_as_it_will_be(cls, rows, sheet) -> "_SheetTree":
        """The file's rows over the stored ones: code -> (parent code, level, kind)."""
        model = cls._meta.model
        stored = {
            code: (parent or "", model.LEVELS.get(kind, 0), kind)
            for code, parent, kind in model.objects.values_list("code", "parent__code", "kind")
        }
        in_file = {r.values["code"]: r for r in rows if "code" in r.values}
        final = dict(stored)
        for code, r in in_file.items():
            if "kind" in r.values:
                final[code] = (r.values.get("parent", ""), model.LEVELS[r.values["kind"]], r.values["kind"])
        return _SheetTree(sheet, cls.roster_fields()["parent"].column_name, in_file, stored, final)

    @classmethod
    def check_parents_known(cls, t: "_SheetTree"):
        """A parent is required below the top level, and must be a row of the sheet or stored."""
        for r in t.in_file.values():
            if not r.ok:
                continue
            parent = r.values.get("parent", "")
            if not parent:
                if cls._meta.model.LEVELS[r.values["kind"]] not in cls.root_levels():
                    t.err(r, "", _("the code of the parent (only the top level may have none)"))
            elif parent not in t.final and parent in t.in_file:
                t.err(r, parent, t.rejected_parent(parent))
            elif parent not in t.final:
                t.err(
                    r,
                    parent,
                    _("the code of a parent defined in this sheet or already stored (no row has this code)"),
                )

    @classmethod
    def check_loops(cls, t: "_SheetTree") -> dict:
        """No row is its own ancestor; returns each row's depth (-1 inside a loop)."""
        parent_of = {code: parent for code, (parent, _level, _kind) in t.final.items()}
        state, loops = tree.depths([c for c, r in t.in_file.items() if r.ok], parent_of)
        for loop in loops:
            for member in loop[:-1]:
                if member in t.in_file and t.in_file[member].ok:
                    t.err(
                        t.in_file[member],
                        t.final[member][0],
                        _("a parent outside its own branch (the parents form a loop: %(loop)s)")
                        % {"loop": " → ".join(loop)},
                    )
        for code, r in t.in_file.items():
            r.depth = max(state.get(code, 0), 0)
        return state

    @classmethod
    def check_levels(cls, t: "_SheetTree", state: dict):
        """A row sits below its parent's level (as the parent will be after the import)."""
        kind_labels = cls.roster_fields()["kind"].widget.labels
        for code, r in t.in_file.items():
            parent = r.values.get("parent", "")
            if not r.ok or parent not in t.final or state.get(code, 0) < 0:
                continue
            level = cls._meta.model.LEVELS[r.values["kind"]]
            _p, parent_level, parent_kind = t.final[parent]
            if not tree.sits_below(level, parent_level):
                t.err(
                    r,
                    parent,
                    _(
                        "a parent at a higher level: a %(kind)s (level %(level)s) cannot sit under "
                        "%(parent)s, a %(parent_kind)s (level %(parent_level)s)"
                    )
                    % {
                        "kind": kind_labels[r.values["kind"]],
                        "level": level,
                        "parent": parent,
                        "parent_kind": kind_labels.get(parent_kind, parent_kind),
                        "parent_level": parent_level,
                    },
                )

    @classmethod
    def check_rejected_parents(cls, t: "_SheetTree"):
        """A row whose parent row was rejected (and is not stored) cannot be written either."""
        for r in sorted(t.in_file.values(), key=lambda r: r.depth):
            parent = r.values.get("parent", "")
            if r.ok and parent in t.in_file and not t.in_file[parent].ok and parent not in t.stored:
                t.err(r, parent, t.rejected_parent(parent))

    @classmethod
    def check_stored_children(cls, in_file, stored, final, sheet):
        """A stored row that changes kind must still sit above the stored children it keeps."""
        model = cls._meta.model
        changed = [
            code
            for code, r in in_file.items()
            if r.ok and code in stored and stored[code][1] != model.LEVELS[r.values["kind"]]
        ]
        if not changed:
            return
        children = model.objects.filter(parent__code__in=changed).values_list("code", "parent__code")
        for child, parent in children:
            if final.get(child, ("",))[0] != parent:
                continue  # the file moves it elsewhere
            level = final[child][1]
            r = in_file[parent]
            if model.LEVELS[r.values["kind"]] >= level:
                r.errors.append(
                    RowError(
                        sheet,
                        r.number,
                        cls.fields["kind"].column_name,
                        cls.fields["kind"].widget.render(r.values["kind"]),
                        _("a kind above its stored children (%(child)s would no longer sit below it)")
                        % {"child": child},
                    )
                )

    @classmethod
    def check_tree_refs(cls, rows, ctx, sheet):
        pass

    @classmethod
    def generations(cls, todo: list[PlannedRow]) -> dict[int, list[PlannedRow]]:
        """The rows by generation within the file: 0 for a row whose parent is not among them."""
        codes = {r.values["code"]: r for r in todo}
        generation: dict[str, int] = {}

        def gen(r):
            code = r.values["code"]
            if code not in generation:
                generation[code] = 0  # guards against a loop (check_rows already refused them)
                parent = codes.get(r.values.get("parent"))
                generation[code] = gen(parent) + 1 if parent else 0
            return generation[code]

        by_gen: dict[int, list[PlannedRow]] = {}
        for r in sorted(todo, key=lambda r: r.depth):
            by_gen.setdefault(gen(r), []).append(r)
        return by_gen

    @classmethod
    def write_rows(cls, rows, progress=None, *, audit=None):
        """Parents first: one generation of the file's new/changed rows at a time, so each
        generation's parents have their ids; then `units.tree` fills in the paths (set-based) and
        re-prefixes the few moved subtrees."""
        todo = [r for r in rows if r.action in (NEW, UPDATE)]
        by_gen = cls.generations(todo)
        ids: dict = {}
        for g in sorted(by_gen):
            cls.write_chunks(by_gen[g], progress, audit=audit, ids=ids)
        model = cls._meta.model
        rebuild_paths(model)
        for r in sorted((r for r in todo if r.moved), key=lambda r: r.depth):
            tree.follow_parent(model.objects.select_related("parent").get(pk=r.pk))


UNIT_KINDS = {
    Unit.Kind.PROVINCE: "Tỉnh",
    Unit.Kind.CITY: "Thành phố",
    Unit.Kind.DISTRICT: "Huyện",
    Unit.Kind.TOWN: "Thị xã",
    Unit.Kind.COMMUNE: "Xã",
    Unit.Kind.WARD: "Phường",
    Unit.Kind.TOWNSHIP: "Thị trấn",
    Unit.Kind.HAMLET: "Ấp",
    Unit.Kind.QUARTER: "Khu phố",
    Unit.Kind.GROUP: "Tổ nhân dân tự quản",
}
ORG_KINDS = {
    PartyOrg.Kind.PROVINCIAL: "Đảng bộ tỉnh",
    PartyOrg.Kind.DISTRICT: "Đảng bộ huyện",
    PartyOrg.Kind.GRASSROOTS_COMMITTEE: "Đảng bộ cơ sở",
    PartyOrg.Kind.GRASSROOTS_CELL: "Chi bộ cơ sở",
    PartyOrg.Kind.CELL: "Chi bộ trực thuộc",
}
SEXES = {Cadre.Sex.MALE: "Nam", Cadre.Sex.FEMALE: "Nữ"}
CADRE_LEVELS = {Cadre.Level.PROVINCE: "Tỉnh", Cadre.Level.DISTRICT: "Huyện", Cadre.Level.COMMUNE: "Xã"}


class UnitResource(TreeResource):
    """Sheet `Đơn vị`: the administrative tree."""

    sheet_name = "Đơn vị"
    order = 10
    compare_paths = {"name": "name", "kind": "kind", "parent": "parent__code"}

    code = RosterField(
        "code",
        "Mã đơn vị",
        required=True,
        key=True,
        help=gettext_lazy("Unique code; the official GSO code where one exists (province 83, district 829)."),
    )
    name = RosterField(
        "name", "Tên đơn vị", required=True, help=gettext_lazy("Display name, e.g. Xã Phú Hưng, Ấp 3.")
    )
    kind = RosterField(
        "kind",
        "Loại đơn vị",
        ChoiceWidget(UNIT_KINDS, aliases={"To NDTQ": Unit.Kind.GROUP, "To nhan dan": Unit.Kind.GROUP}),
        required=True,
        help=gettext_lazy(
            "Levels: Tỉnh → Thành phố/Huyện/Thị xã → Xã/Phường/Thị trấn → Ấp/Khu phố → Tổ nhân dân tự quản."
        ),
    )
    parent = RosterField(
        "parent",
        "Mã đơn vị cấp trên",
        CodeWidget(Unit),
        ref=Unit,
        help=gettext_lazy(
            "Code of the parent unit (empty for the province); it may be on a later row of the sheet."
        ),
    )

    class Meta(RosterResource.Meta):
        model = Unit
        fields = ("code", "name", "kind", "parent")
        export_order = ("code", "name", "kind", "parent")

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        ctx.file_codes[Unit] = {r.values["code"] for r in rows if r.ok}

    @classmethod
    def export_queryset(cls, user=None):
        from .scope import restrict

        qs = Unit.objects.select_related("parent").order_by("path")
        return restrict(qs, user) if user is not None else qs


class PartyOrgResource(TreeResource):
    """Sheet `Tổ chức đảng`: the party tree; each organisation may lead an administrative unit."""

    sheet_name = "Tổ chức đảng"
    order = 20
    compare_paths = {"name": "name", "kind": "kind", "parent": "parent__code", "unit": "unit__code"}

    code = RosterField("code", "Mã tổ chức đảng", required=True, key=True, help=gettext_lazy("Unique code."))
    name = RosterField(
        "name",
        "Tên tổ chức đảng",
        required=True,
        help=gettext_lazy("Name, e.g. Đảng bộ xã Phú Hưng, Chi bộ ấp 3."),
    )
    kind = RosterField(
        "kind",
        "Loại",
        ChoiceWidget(ORG_KINDS),
        required=True,
        help=gettext_lazy(
            "Levels: Đảng bộ tỉnh → Đảng bộ huyện → Đảng bộ cơ sở / Chi bộ cơ sở → Chi bộ trực thuộc."
        ),
    )
    parent = RosterField(
        "parent",
        "Mã tổ chức cấp trên",
        CodeWidget(PartyOrg),
        ref=PartyOrg,
        help=gettext_lazy("Code of the parent party organisation (empty for the provincial one)."),
    )
    unit = RosterField(
        "unit",
        "Mã đơn vị hành chính",
        CodeWidget(Unit),
        ref=Unit,
        help=gettext_lazy(
            "The administrative unit it leads (a hamlet's cell, a commune's committee); empty for agency cells."
        ),
    )

    class Meta(RosterResource.Meta):
        model = PartyOrg
        fields = ("code", "name", "kind", "parent", "unit")
        export_order = ("code", "name", "kind", "parent", "unit")

    @classmethod
    def check_tree_refs(cls, rows, ctx, sheet):
        cls.check_refs(rows, ctx, sheet, ("unit",))

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        ctx.file_codes[PartyOrg] = {r.values["code"] for r in rows if r.ok}

    @classmethod
    def export_queryset(cls, user=None):
        from .scope import org_q

        qs = PartyOrg.objects.select_related("parent", "unit").order_by("path")
        return qs.filter(org_q(user)) if user is not None else qs


class CadreResource(RosterResource):
    """Sheet `Cán bộ`: cadres and party members, each working for a unit."""

    sheet_name = "Cán bộ"
    order = 30
    compare_paths = {
        "full_name": "full_name",
        "birth_date": "birth_date",
        "sex": "sex",
        "position": "position",
        "cadre_level": "cadre_level",
        "work_unit": "work_unit__code",
        "phone": "phone",
        "email": "email",
        "is_party_member": "is_party_member",
        "party_org": "party_org__code",
    }

    code = RosterField("code", "Mã cán bộ", required=True, key=True, help=gettext_lazy("Unique code."))
    full_name = RosterField("full_name", "Họ và tên", required=True, help=gettext_lazy("Full name."))
    birth_date = RosterField(
        "birth_date", "Ngày sinh", DMYDateWidget(), help=gettext_lazy("An Excel date, or text dd/mm/yyyy.")
    )
    sex = RosterField("sex", "Giới tính", ChoiceWidget(SEXES), help=gettext_lazy("Nam / Nữ."))
    position = RosterField(
        "position", "Chức vụ", help=gettext_lazy("Position, e.g. Phó Bí thư Thường trực Tỉnh ủy, Trưởng ấp.")
    )
    cadre_level = RosterField(
        "cadre_level",
        "Cấp cán bộ",
        ChoiceWidget(CADRE_LEVELS),
        header=True,
        help=gettext_lazy("Tỉnh / Huyện / Xã; empty only for a party member who holds no cadre post."),
    )
    work_unit = RosterField(
        "work_unit",
        "Mã đơn vị công tác",
        CodeWidget(Unit),
        required=True,
        ref=Unit,
        help=gettext_lazy("Code of the administrative unit the cadre works for."),
    )
    phone = RosterField(
        "phone", "Số điện thoại", PhoneWidget(), help=gettext_lazy("Kept as text: a leading 0 is kept.")
    )
    email = RosterField("email", "Email", EmailWidget(), help=gettext_lazy("E-mail address."))
    is_party_member = RosterField(
        "is_party_member",
        "Đảng viên",
        YesNoWidget(default=True),
        help=gettext_lazy("Có / Không (empty = Có)."),
    )
    party_org = RosterField(
        "party_org",
        "Mã tổ chức đảng",
        CodeWidget(PartyOrg),
        ref=PartyOrg,
        help=gettext_lazy("The party organisation where the member attends (sinh hoạt)."),
    )

    class Meta(RosterResource.Meta):
        model = Cadre
        fields = (
            "code",
            "full_name",
            "birth_date",
            "sex",
            "position",
            "cadre_level",
            "work_unit",
            "phone",
            "email",
            "is_party_member",
            "party_org",
        )
        export_order = fields

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        cls.check_refs(rows, ctx, sheet, ("work_unit", "party_org"))
        column = cls.fields["cadre_level"].column_name
        for r in rows:
            # The contract requires the level; exports carry party members who hold no cadre post
            # with it empty, so an empty level is refused only for someone who is not a member.
            if r.ok and not r.values.get("cadre_level") and not r.values.get("is_party_member"):
                r.errors.append(RowError(sheet, r.number, column, "", _("a cadre level (Tỉnh / Huyện / Xã)")))
        ctx.file_codes[Cadre] = {r.values["code"] for r in rows if r.ok}

    @classmethod
    def export_queryset(cls, user=None):
        from .scope import restrict

        qs = Cadre.objects.select_related("work_unit", "party_org").order_by("code")
        return restrict(qs, user, "work_unit__path") if user is not None else qs


__all__ = [
    "CadreResource",
    "PartyOrgResource",
    "UnitResource",
    "RosterResource",
    "TreeResource",
    "ImportContext",
    "PlannedRow",
    "RowError",
]
