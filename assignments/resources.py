"""The roster workbook's `Phân công` sheet (ROSTER-FORMAT.md), on the units roster pipeline.

A row is identified by (cadre code, unit code, start date): re-importing an export changes nothing;
a row with a new end date, duty or decision number updates that assignment; nothing is deleted.
The level rules, the end-after-start rule and the no-overlap rule of `services.assignment_create`
are checked per row, with the Excel row number, before anything is written. The level of a cadre or
unit comes from what is stored, so a cadre or unit that is new in the same workbook must be imported
first (the row says so).
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.cache import bump
from units.models import Cadre, Unit
from units.resources import (
    NEW,
    UNCHANGED,
    UPDATE,
    CodeWidget,
    DMYDateWidget,
    RosterField,
    RosterResource,
    RowError,
)

from .models import DEFAULT_DUTY, Assignment, LevelRule, infer_cadre_kind


class AssignmentResource(RosterResource):
    """Sheet `Phân công`: who follows and supports which unit, from when to when."""

    sheet_name = "Phân công"
    order = 40  # after units (10), party organisations (20) and cadres (30)
    compare_paths = {"duty": "duty", "ends_on": "ends_on", "decision_number": "decision_number"}

    cadre = RosterField(
        "cadre",
        "Mã cán bộ",
        CodeWidget(Cadre),
        required=True,
        ref=Cadre,
        key=True,
        help=gettext_lazy("The assigned cadre."),
    )
    unit = RosterField(
        "unit",
        "Mã đơn vị",
        CodeWidget(Unit),
        required=True,
        ref=Unit,
        key=True,
        help=gettext_lazy("The unit they follow and support."),
    )
    duty = RosterField("duty", "Nhiệm vụ", help=gettext_lazy("Empty: Theo dõi, hỗ trợ."))
    starts_on = RosterField(
        "starts_on",
        "Từ ngày",
        DMYDateWidget(),
        required=True,
        key=True,
        help=gettext_lazy("Start date, dd/mm/yyyy."),
    )
    ends_on = RosterField(
        "ends_on", "Đến ngày", DMYDateWidget(), help=gettext_lazy("End date; empty = open-ended.")
    )
    decision_number = RosterField(
        "decision_number", "Số văn bản", help=gettext_lazy("The assigning decision's number, e.g. 125-QĐ/TU.")
    )

    class Meta(RosterResource.Meta):
        model = Assignment
        fields = ("cadre", "unit", "duty", "starts_on", "ends_on", "decision_number")
        export_order = fields
        import_id_fields = ("cadre", "unit", "starts_on")

    @staticmethod
    def key(values) -> tuple:
        return values.get("cadre"), values.get("unit"), values.get("starts_on")

    @classmethod
    def check_duplicates(cls, rows, sheet):
        seen = defaultdict(list)
        for row in rows:
            if row.ok:
                seen[cls.key(row.values)].append(row)
        column = cls.fields["starts_on"].column_name
        for same in seen.values():
            if len(same) > 1:
                numbers = ", ".join(str(r.number) for r in same)
                for r in same:
                    r.errors.append(
                        RowError(
                            sheet,
                            r.number,
                            column,
                            cls.fields["starts_on"].widget.render(r.values["starts_on"]),
                            _("one row per cadre, unit and start date (the same appears on rows %(rows)s)")
                            % {"rows": numbers},
                        )
                    )

    @classmethod
    def check_rows(cls, rows, ctx, sheet):
        super().check_rows(rows, ctx, sheet)
        cls.check_refs(rows, ctx, sheet, ("cadre", "unit"))
        col = {name: f.column_name for name, f in cls.roster_fields().items()}
        ok = [r for r in rows if r.ok]
        cadres = {
            c.code: c
            for c in Cadre.objects.filter(code__in={r.values["cadre"] for r in ok}).only(
                "code", "full_name", "cadre_level", "position"
            )
        }
        units = {
            u.code: u
            for u in Unit.objects.filter(code__in={r.values["unit"] for r in ok}).only(
                "code", "name", "level"
            )
        }
        rules = list(LevelRule.objects.values_list("cadre_kind", "unit_level", "valid_from", "valid_to"))
        planned = defaultdict(list)  # (cadre, unit) -> [(starts_on, ends_on, row)] of this file
        for r in ok:
            problem = cls._row_problem(r.values, cadres, units, rules)
            if problem:
                name, value, message = problem
                r.errors.append(RowError(sheet, r.number, col[name], value, message))
                continue
            r.values["cadre_kind"] = infer_cadre_kind(cadres[r.values["cadre"]])
            planned[(r.values["cadre"], r.values["unit"])].append(
                (r.values["starts_on"], r.values.get("ends_on"), r)
            )
        for r, start in cls._overlapping(planned, cadres, units):
            r.errors.append(
                RowError(
                    sheet,
                    r.number,
                    col["starts_on"],
                    start.strftime("%d/%m/%Y"),
                    _("dates that do not overlap another assignment of the same cadre to the same unit"),
                )
            )

    @staticmethod
    def _row_problem(v, cadres, units, rules):
        """(field, value, message) of the first thing wrong with one row's cadre, unit and dates, or
        None: both stored, the end not before the start, the unit's level allowed for the cadre's kind
        by the rules valid on the start date."""
        cadre, unit = cadres.get(v["cadre"]), units.get(v["unit"])
        if cadre is None or unit is None:
            return (
                "cadre" if cadre is None else "unit",
                v["cadre"] if cadre is None else v["unit"],
                _("a code already stored (a cadre or unit new in this file: import the roster first)"),
            )
        start, end = v["starts_on"], v.get("ends_on")
        if end and end < start:
            return "ends_on", end.strftime("%d/%m/%Y"), _("a date on or after the start date")
        kind = infer_cadre_kind(cadre)
        allowed = {
            level
            for k, level, vf, vt in rules
            if k == kind and (vf is None or vf <= start) and (vt is None or vt >= start)
        }
        if unit.level not in allowed:
            return (
                "unit",
                v["unit"],
                _("a unit at a level the rules allow for %(cadre)s (%(kind)s): levels %(levels)s")
                % {
                    "cadre": cadre.full_name,
                    "kind": cadre.get_cadre_level_display() or "—",
                    "levels": ", ".join(map(str, sorted(allowed))) or "—",
                },
            )
        return None

    @staticmethod
    def _overlapping(planned, cadres, units):
        """(row, start) of each planned assignment whose dates overlap another of the same cadre to the
        same unit, stored or in this file (a stored one with the same start is the row's own)."""
        stored = defaultdict(list)  # (cadre, unit) -> [(starts_on, ends_on)]
        for c, u, s, e in Assignment.objects.filter(
            cadre__code__in=list(cadres), unit__code__in=list(units)
        ).values_list("cadre__code", "unit__code", "starts_on", "ends_on"):
            stored[(c, u)].append((s, e))
        far = datetime.date.max
        for pair, items in planned.items():
            for start, end, r in items:
                others = [(s, e) for s, e in stored[pair] if s != start]
                others += [(s, e) for s, e, other in items if other is not r]
                if any(s <= (end or far) and (e or far) >= start for s, e in others):
                    yield r, start

    @classmethod
    def decide_actions(cls, rows):
        ok = [r for r in rows if r.ok]
        stored = {}
        if ok:
            for a in Assignment.objects.filter(
                cadre__code__in={r.values["cadre"] for r in ok}, unit__code__in={r.values["unit"] for r in ok}
            ).values("pk", "cadre__code", "unit__code", "starts_on", *cls.compare_paths.values()):
                stored[(a["cadre__code"], a["unit__code"], a["starts_on"])] = a
        for r in ok:
            old = stored.get(cls.key(r.values))
            r.values.setdefault("duty", "")
            if old is None:
                r.action = NEW
                continue
            r.values["pk"] = old["pk"]
            new = {"duty": r.values["duty"] or DEFAULT_DUTY}
            new |= {
                k: r.values.get(k) or (None if k == "ends_on" else "") for k in ("ends_on", "decision_number")
            }
            r.action = UPDATE if any(old[k] != new[k] for k in new) else UNCHANGED

    @classmethod
    def write_rows(cls, rows, progress=None, *, audit=None):
        """New assignments in bulk, changed ones updated in bulk (inside the caller's transaction)."""
        todo = [r for r in rows if r.action in (NEW, UPDATE)]
        cadre_ids = dict(
            Cadre.objects.filter(code__in={r.values["cadre"] for r in todo}).values_list("code", "pk")
        )
        unit_ids = dict(
            Unit.objects.filter(code__in={r.values["unit"] for r in todo}).values_list("code", "pk")
        )
        new, changed = [], []
        for r in todo:
            v = r.values
            a = Assignment(
                pk=v.get("pk"),
                cadre_id=cadre_ids[v["cadre"]],
                unit_id=unit_ids[v["unit"]],
                cadre_kind=v["cadre_kind"],
                duty=v.get("duty") or DEFAULT_DUTY,
                starts_on=v["starts_on"],
                ends_on=v.get("ends_on"),
                decision_number=v.get("decision_number") or "",
            )
            (new if r.action == NEW else changed).append(a)
        # With their history rows (the importing user when run in a request; nobody from a task). A
        # changed row's history copies the whole record: the stored rows take the sheet's values.
        bulk_create_with_history(new, Assignment, batch_size=2000)
        fields = ["duty", "ends_on", "decision_number"]
        stored = Assignment.objects.in_bulk([a.pk for a in changed])
        for a in changed:
            for name in fields:
                setattr(stored[a.pk], name, getattr(a, name))
        bulk_update_with_history(list(stored.values()), Assignment, fields, batch_size=2000)
        bump("assignments")
        if progress:
            progress(len(todo))

    @classmethod
    def export_queryset(cls, user=None):
        from units.scope import restrict

        qs = Assignment.objects.select_related("cadre", "unit").order_by("unit__path", "starts_on")
        return restrict(qs, user, "unit__path") if user is not None else qs
