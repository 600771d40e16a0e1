"""The roster workbook's `Sắp xếp đơn vị` sheet: a reorganisation imported from a file.

One row per edge "old unit -> successor": old code, new code, new name, new type, new parent code,
effective date, share (for splits). Rows with the same new code merge into it; an old code on
several rows is split (shares such as 60% / 0.6, or the hamlet codes each successor takes); an old
code with no new code is abolished (the units under it must move on other rows, as the districts
did on 01-07-2025). The whole sheet is one batch of `units.reorg` on one date: checked row by row
and as a whole before anything is written, then applied in one transaction (never in part, even
when the page's "only the valid rows" is chosen). Registered by UnitsConfig.ready.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Lineage, Reorganisation, Unit
from .reorg import Batch, Edge, ReorgRefused, Target, apply_batch, plan_batch
from .resources import (
    NEW,
    UNIT_KINDS,
    ChoiceWidget,
    DMYDateWidget,
    RosterField,
    RosterResource,
    RowError,
    TextWidget,
    as_text,
    is_blank,
    norm_header,
)

SHARE_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*$")


class ShareWidget(TextWidget):
    """`60%`, `0.6`, `0,6` -> Decimal("0.6"); `A1-1, A1-2` -> ["A1-1", "A1-2"]; empty -> None."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        text = as_text(value)
        match = SHARE_RE.match(text)
        if match:
            try:
                number = Decimal(match[1].replace(",", "."))
            except InvalidOperation:
                raise ValueError(_("a share such as 60%, 0.6 or a list of hamlet codes")) from None
            return number / 100 if match[2] or number > 1 else number
        codes = [c.strip() for c in re.split(r"[,;\n]", text) if c.strip()]
        if not codes:
            raise ValueError(_("a share such as 60%, 0.6 or a list of hamlet codes"))
        return codes

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{Decimal(value) * 100:.0f}%"


class ReorgResource(RosterResource):
    """Sheet `Sắp xếp đơn vị` (exported: the lineage recorded so far)."""

    sheet_name = "Sắp xếp đơn vị"
    order = 50  # after the rosters (10-30) and assignments (40)

    old_code = RosterField(
        "predecessor__code",
        "Mã đơn vị cũ",
        required=True,
        help=gettext_lazy("Code of the unit as it is now (closed on the day before the effective date)."),
    )
    new_code = RosterField(
        "successor__code",
        "Mã đơn vị mới",
        header=True,
        help=gettext_lazy(
            "Code of the successor; empty to abolish the unit (its units must move elsewhere in the sheet)."
        ),
    )
    new_name = RosterField(
        "successor__name", "Tên đơn vị mới", help=gettext_lazy("Name of the successor (for a new unit).")
    )
    new_kind = RosterField(
        "successor__kind",
        "Loại đơn vị mới",
        ChoiceWidget(UNIT_KINDS),
        help=gettext_lazy("Type of the successor (for a new unit)."),
    )
    new_parent = RosterField(
        "successor__parent__code",
        "Mã đơn vị cấp trên mới",
        help=gettext_lazy("Code of the successor's parent: a stored unit or a new code of this sheet."),
    )
    effective_on = RosterField(
        "effective_on",
        "Ngày hiệu lực",
        DMYDateWidget(),
        required=True,
        help=gettext_lazy("First day of the successor, dd/mm/yyyy."),
    )
    share = RosterField(
        "share",
        "Tỷ lệ chia tách",
        ShareWidget(),
        help=gettext_lazy(
            "For a split: the share of the hamlets this successor takes (e.g. 60%), or the hamlet codes it takes."
        ),
    )

    class Meta(RosterResource.Meta):
        model = Lineage
        fields = ("old_code", "new_code", "new_name", "new_kind", "new_parent", "effective_on", "share")
        export_order = fields

    @classmethod
    def build(cls, rows, sheet, *, report=True):
        """The batch the sheet describes; row problems are added to the rows when `report`."""
        col = {name: f.column_name for name, f in cls.roster_fields().items()}
        ok = [r for r in rows if r.ok]
        units = {
            u.code: u
            for u in Unit.objects.filter(code__in={r.values["old_code"] for r in ok}).select_related("parent")
        }

        def err(r, name, value, message):
            if report:
                r.errors.append(RowError(sheet, r.number, col[name], value, message))

        day = ok[0].values["effective_on"] if ok else None
        batch = Batch(
            kind=Reorganisation.Kind.SHEET,
            effective_on=day,
            title=_("Reorganisation sheet (%(n)s rows)") % {"n": len(rows)},
        )
        first_date = {}
        for r in ok:
            problem = cls._add_row(batch, r, units.get(r.values["old_code"]), first_date)
            if problem:
                err(r, *problem)
        return batch

    @staticmethod
    def _add_row(batch, r, unit, first_date):
        """Add one row to `batch` (a dissolution, or an edge to a new or existing code); returns the
        (field, value, message) that refuses it, or None."""
        v, day = r.values, batch.effective_on
        if unit is None:
            return "old_code", v["old_code"], _("the code of a stored unit")
        new = v.get("new_code") or ""
        if v["effective_on"] != day and new not in first_date:
            return (
                "effective_on",
                v["effective_on"].strftime("%d/%m/%Y"),
                _(
                    "one effective date for the whole sheet (first row: %(day)s); put other dates in another file"
                )
                % {"day": day.strftime("%d/%m/%Y")},
            )
        if not new:
            batch.dissolved.append((unit, r.number))
            return None
        first_date.setdefault(new, v["effective_on"])
        spec = (v.get("new_name") or "", v.get("new_kind") or "", v.get("new_parent") or "")
        target = batch.targets.get(new)
        if target is None:
            batch.targets[new] = Target(
                code=new, name=spec[0], kind=spec[1], parent_code=spec[2], row=r.number, valid_from=day
            )
        elif any(
            s and s != t for s, t in zip(spec, (target.name, target.kind, target.parent_code), strict=True)
        ):
            return (
                "new_code",
                new,
                _("the same name, type and parent on every row of the new code %(code)s") % {"code": new},
            )
        share = v.get("share")
        batch.edges.append(
            Edge(
                old=unit,
                target=new,
                share=share if isinstance(share, Decimal) else None,
                children=share if isinstance(share, list) else None,
                effective_on=v["effective_on"],
                row=r.number,
            )
        )
        return None

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        batch = cls.build(rows, sheet)
        by_number = {r.number: r for r in rows}
        if all(r.ok for r in rows) and rows:
            try:
                plan_batch(batch)
            except ReorgRefused as exc:
                first = rows[0]
                for number, message in exc.problems:
                    r = by_number.get(number, first)
                    r.errors.append(
                        RowError(
                            sheet,
                            r.number,
                            cls.fields["new_code"].column_name,
                            as_text(r.raw.get(norm_header("Mã đơn vị mới"))),
                            _("a reorganisation that can be applied: %(message)s") % {"message": message},
                        )
                    )
        if any(not r.ok for r in rows):
            for r in rows:
                if r.ok:
                    r.errors.append(
                        RowError(
                            sheet,
                            r.number,
                            cls.fields["old_code"].column_name,
                            r.values.get("old_code", ""),
                            _("a sheet without errors (the reorganisation is applied as a whole)"),
                        )
                    )

    @classmethod
    def check_duplicates(cls, rows, sheet):
        """An old code may appear on several rows (a split); nothing to check here."""

    @classmethod
    def decide_actions(cls, rows):
        for r in rows:
            if r.ok:
                r.action = NEW

    @classmethod
    def write_rows(cls, rows, progress=None, *, audit=None):
        if not rows:
            return
        apply_batch(cls.build(rows, cls.sheet_name, report=False), acting_user=audit.user if audit else None)
        if progress:
            progress(len(rows))

    @classmethod
    def export_queryset(cls, user=None):
        qs = Lineage.objects.select_related("predecessor", "successor", "successor__parent").order_by(
            "effective_on", "pk"
        )
        if user is not None and not user.sees_everything:
            from .scope import restrict

            qs = restrict(qs, user, "successor__path")
        return qs
