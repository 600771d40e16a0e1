"""What the page, the Excel workbook and the PDF show of a dashboard: labelled sections of rows.

One place builds the section tables (headers and rows) and the chart data, so the three outputs
say the same thing. A value of None is a figure whose source is unavailable: shown as
"chưa có dữ liệu", never as zero.
"""

from django.utils.translation import gettext as _

from units.models import Unit

from .selectors import Dashboard

# Bars in the grade chart at most (the table under it lists every organisation).
CHART_ROWS = 15


def unavailable() -> str:
    return _("no data yet")


def provisional_word() -> str:
    return _("provisional")


def status_text(board: Dashboard) -> str | None:
    """ "tạm tính" until the period is over and its results published; None when nothing is computed."""
    if board.provisional is None:
        return None
    if board.provisional:
        return _("Provisional: the period is not over or its results are not published yet; they may change.")
    return _("Final: published by the committees.")


def ratio(part, whole):
    if part is None or whole is None:
        return None
    return f"{part}/{whole}"


def grade_labels() -> list[str]:
    return [_("Excellent"), _("Good"), _("Completed"), _("Not completed")]


def level_label(key: str) -> str:
    return {
        "province": _("Provincial committee"),
        "district": _("District committees"),
        "grassroots": _("Grassroots organisations"),
        "cell": _("Party cells"),
    }.get(key, key)


def trend_series() -> list[tuple[str, str]]:
    return [
        ("meetings", _("Monthly meetings held (%)")),
        ("attendance", _("Attendance (%)")),
        ("pledges", _("Pledges published (%)")),
        ("commitments", _("Commitments completed (%)")),
        ("petitions", _("Petitions answered in time (%)")),
    ]


def summary_rows(board: Dashboard) -> list[tuple[str, object]]:
    """(label, value) pairs of the headline figures; value None = unavailable."""
    r = board.own
    p = board.petitions
    rows = [
        (_("Party cells"), r.cell_count if r else None),
        (_("Party members"), r.members if r else None),
        (_("Monthly meetings held (%)"), r.meetings_pct if r else None),
        (_("Attendance (%)"), r.attendance_pct if r else None),
        (_("Pledges published (cells)"), ratio(r.pledges_published, r.pledges_due) if r else None),
        (_("Commitments completed"), ratio(r.commitments_completed, r.commitments_total) if r else None),
        (_("Commitments completed (%)"), board.commitments_pct),
        (_("Petitions raised in the period"), p.raised if p else None),
        (_("Petitions still open"), p.open if p else None),
        (_("Petitions overdue"), p.overdue if p else None),
        (_("Average days to an answer"), p.avg_days if p else None),
        (
            _("Weak organisations (provisional)") if board.provisional else _("Weak organisations"),
            len(board.weak) if r else None,
        ),
    ]
    return rows


def grade_table(board: Dashboard):
    headers = [_("Organisation"), *grade_labels(), _("Weak")]
    rows = []
    if board.grades is not None:
        rows.append([_("Total"), *board.grades.as_list(), board.grades.weak])
    for child in board.children:
        if child.grades is not None:
            rows.append([child.org.name, *child.grades.as_list(), child.grades.weak])
    return headers, rows


def children_table(board: Dashboard):
    headers = [
        _("Organisation"),
        _("Cells"),
        _("Monthly meetings held (%)"),
        _("Attendance (%)"),
        _("Pledges published (%)"),
        _("Commitments completed (%)"),
        _("Weak cells"),
        _("Units with an assigned cadre (%)"),
        _("Petitions still open"),
        _("Petitions overdue"),
    ]
    rows = []
    for child in board.children:
        r = child.result
        rows.append(
            [
                child.org.name,
                r.cell_count if r else None,
                r.meetings_pct if r else None,
                r.attendance_pct if r else None,
                r.pledges_pct if r else None,
                child.commitments_pct,
                child.grades.weak if child.grades else None,
                *(
                    ["—"] * 3
                    if not child.org.unit_id  # an agency cell leads no unit: not applicable
                    else [
                        child.coverage_pct,
                        child.petitions.open if child.petitions else None,
                        child.petitions.overdue if child.petitions else None,
                    ]
                ),
            ]
        )
    return headers, rows


def weak_table(board: Dashboard, limit: int | None = None):
    """Every weak organisation (the Excel file and the PDF), or the first `limit` (the page)."""
    headers = [_("Weak organisation"), _("Under"), _("Leaders responsible")]
    weak = board.weak if limit is None else board.weak[:limit]
    rows = [[w.org.name, w.org.parent.name if w.org.parent else "", w.responsible or "—"] for w in weak]
    return headers, rows


def coverage_table(board: Dashboard):
    headers = [_("Level"), _("Units"), _("With an assigned cadre"), _("Without"), _("Covered (%)")]
    rows = []
    for r in board.coverage or []:
        rows.append(
            [
                str(Unit.LEVEL_NAMES.get(r["level"], r["level"])),
                r["total"],
                r["covered"],
                r["uncovered"],
                r["pct"],
            ]
        )
    return headers, rows


def pledges_table(board: Dashboard):
    headers = [_("Level"), _("Secretaries"), _("Published their pledge"), _("Published (%)")]
    rows = [[level_label(r["key"]), r["total"], r["done"], r["pct"]] for r in board.pledges_by_level or []]
    return headers, rows


def trend_table(board: Dashboard):
    headers = [_("Period"), *[label for _key, label in trend_series()], _("Weak cells")]
    rows = [
        [point.period.code, *[point.figure(key) for key, _label in trend_series()], point.figure("weak")]
        for point in board.trend
    ]
    return headers, rows


def sections(board: Dashboard) -> list[tuple[str, str, list, list]]:
    """(key, title, headers, rows) of every section, in page order (also the Excel sheets)."""
    out = [("summary", _("Overview"), [_("Figure"), _("Value")], [list(r) for r in summary_rows(board)])]
    out.append(("grades", _("Cell grades"), *grade_table(board)))
    out.append(("children", _("Directly under it"), *children_table(board)))
    out.append(("weak", _("Weak organisations"), *weak_table(board)))
    out.append(("coverage", _("Assignment coverage"), *coverage_table(board)))
    out.append(("pledges", _("Pledges published"), *pledges_table(board)))
    out.append(("trend", _("Trends"), *trend_table(board)))
    return out


def charts(board: Dashboard) -> dict:
    """The data behind the page's charts (passed with json_script; static/dashboards/charts.js draws)."""
    _h, grade_rows = grade_table(board)
    grade_rows = grade_rows[1:] if board.children else grade_rows
    more = len(grade_rows) > CHART_ROWS
    if more:  # a bar per commune would be 5,000 px tall: the ones with the most weak cells
        grade_rows = sorted(grade_rows, key=lambda row: -row[-1])[:CHART_ROWS]
    return {
        "no_data": unavailable(),
        "grades": {
            "more": more,
            "labels": [row[0] for row in grade_rows],
            "series": [
                {"label": label, "data": [row[i + 1] for row in grade_rows]}
                for i, label in enumerate(grade_labels())
            ],
        },
        "coverage": {
            "labels": [str(Unit.LEVEL_NAMES.get(r["level"], r["level"])) for r in board.coverage or []],
            "series": [{"label": _("Covered (%)"), "data": [r["pct"] for r in board.coverage or []]}],
            "max": 100,
        },
        "pledges": {
            "labels": [level_label(r["key"]) for r in board.pledges_by_level or []],
            "series": [
                {"label": _("Published (%)"), "data": [r["pct"] for r in board.pledges_by_level or []]}
            ],
            "max": 100,
        },
        "trend": {
            "labels": [p.period.code for p in board.trend],
            "series": [
                {"label": label, "data": [p.figure(key) for p in board.trend]}
                for key, label in trend_series()
            ],
            "max": 100,
        },
    }
