"""The office's sheet of official texts (xlsx): one row per item, identified by the document's number
and symbol and the item's code, with the official wording.

Read with django-import-export's resource (tablib). Every row is checked before anything is written:
an unknown document or item code, an empty text or an item given twice refuses the whole sheet, each
error with its Excel row number and reason; nothing is written. The preview shows each text before
and after; confirming writes them all in one transaction, each marked confirmed with its history.
"""

from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources

from common.text import fold, nfc
from common.uploads import zip_refusal

from .models import DirectiveItem, Verification

COLUMNS = {"symbol": "Văn bản", "code": "Mã mục", "text": "Nguyên văn"}
MAX_ROWS = 5000


class OfficialTextResource(resources.ModelResource):
    """The sheet's columns; exporting it gives the template to fill in (current texts and statuses)."""

    symbol = fields.Field(attribute="directive__symbol", column_name=COLUMNS["symbol"], readonly=True)
    code = fields.Field(attribute="code", column_name=COLUMNS["code"], readonly=True)
    key_phrase = fields.Field(attribute="key_phrase", column_name="Cụm từ khóa", readonly=True)
    status = fields.Field(attribute="verification", column_name="Trạng thái", readonly=True)
    text = fields.Field(attribute="text", column_name=COLUMNS["text"])

    class Meta:
        model = DirectiveItem
        fields = ("symbol", "code", "key_phrase", "status", "text")
        export_order = ("symbol", "code", "key_phrase", "status", "text")

    def dehydrate_status(self, item):
        return Verification(item.verification).label


def template_workbook() -> bytes:
    queryset = DirectiveItem.objects.select_related("directive").order_by("directive__issued_on", "order")
    return OfficialTextResource().export(queryset).export("xlsx")


@dataclass
class Row:
    number: int  # the Excel row
    item: DirectiveItem
    text: str

    @property
    def changed(self) -> bool:
        return self.text != self.item.text or self.item.verification != Verification.CONFIRMED


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (Excel row, reason)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_workbook(upload) -> list[tuple[int, dict]]:
    """(Excel row number, {column: value}) for each non-empty row of the first sheet."""
    data = upload.read()
    refusal = zip_refusal(data)
    if refusal:
        raise ValueError(refusal)
    dataset = tablib.Dataset().load(data, format="xlsx")
    wanted = {fold(name): key for key, name in COLUMNS.items()}
    headers = [wanted.get(fold(nfc(str(h or "")).strip())) for h in (dataset.headers or [])]
    missing = [COLUMNS[k] for k in COLUMNS if k not in headers]
    if missing:
        raise ValueError(_("The sheet lacks the column(s): %(cols)s.") % {"cols": ", ".join(missing)})
    out = []
    for number, values in enumerate(dataset, start=2):
        row = {key: values[i] for i, key in enumerate(headers) if key}
        if all(str(v or "").strip() == "" for v in row.values()):
            continue
        out.append((number, {k: nfc(str(v if v is not None else "")).strip() for k, v in row.items()}))
        if len(out) > MAX_ROWS:
            raise ValueError(_("The sheet has more than %(n)d rows.") % {"n": MAX_ROWS})
    return out


def check_rows(raw: list[tuple[int, dict]]) -> Checked:
    result = Checked()
    items = {
        (i.directive.symbol, i.code): i
        for i in DirectiveItem.objects.select_related("directive").filter(
            code__in={r["code"] for _n, r in raw}
        )
    }
    seen = {}
    for number, row in raw:
        key = (row.get("symbol", ""), row.get("code", ""))
        item = items.get(key)
        if item is None:
            result.errors.append(
                (number, _("No item %(code)s in document %(symbol)s.") % {"code": key[1], "symbol": key[0]})
            )
            continue
        if key in seen:
            result.errors.append(
                (
                    number,
                    _("Item %(code)s of %(symbol)s is already on row %(row)d.")
                    % {"code": key[1], "symbol": key[0], "row": seen[key]},
                )
            )
            continue
        seen[key] = number
        if not row.get("text"):
            result.errors.append((number, _("The official text of %(code)s is empty.") % {"code": key[1]}))
            continue
        result.rows.append(Row(number, item, row["text"]))
    if not raw:
        result.errors.append((None, _("The sheet has no rows.")))
    return result


def check_upload(upload) -> Checked:
    try:
        return check_rows(read_workbook(upload))
    except ValueError as exc:
        return Checked(errors=[(None, str(exc))])
    except Exception:  # not a workbook at all  # noqa: BLE001
        return Checked(errors=[(None, _("The file is not an Excel workbook (.xlsx)."))])
