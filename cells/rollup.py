"""The six-monthly rollup: per-cell figures, a suggested grade, and sums up the party tree.

1. `stage_cells(run, org)` computes every cell's figures under `org` (the whole tree when None),
   scores and grades them and inserts the cell rows under `run` in one INSERT ... SELECT over
   temporary tables of the part's cells and of the other apps' figures: no Python per cell, one
   pass over the period's attendance (plus the excused-streak window on the few candidates). The
   chord fan-out runs it once per child of a root (districts, or provinces for the country).
2. `aggregate(run)` sums the cell rows into one row per ancestor organisation with a single
   INSERT ... SELECT joining results to organisations on their path being a prefix of the cell's, then
   flags weak grassroots organisations and the "excellent" cap with set-based UPDATEs.
3. `publish_run(run)` switches `period.current_run` to this run and deletes older runs' rows in one
   transaction: readers see the previous complete result until that commit.

Works on SQLite and PostgreSQL (portable SQL: CASE, LAG window, `||`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from grading import engine as grading_engine
from grading.models import Condition, RuleVersion
from grading.models import Grade as GradingGrade
from units.models import PartyOrg

from . import inputs, periods, services, structure
from .models import Grade, Meeting, OrgResult, Period, QualityCriteria, RollupRun

# Points out of 100 per figure (QĐ 366 scores on 100). A figure that is unavailable, or has nothing
# to measure (no petition raised), is left out and the others are scaled up: never counted as zero.
WEIGHTS = {
    "meetings": 30,
    "thematic": 15,
    "attendance": 15,
    "quality": 10,
    "assigned": 5,
    "pledges": 10,
    "commitments": 5,
    "petitions": 5,
    "remediation": 5,
}

SUMMED = [
    "cell_count",
    "members",
    "meetings_due",
    "meetings_held",
    "thematic_due",
    "thematic_held",
    "thematic_on_directives",
    "meetings_total",
    "meetings_quality_ok",
    "meetings_on_time",
    "attendance_expected",
    "attendance_present",
    "attendance_absent",
    "excused_streaks",
    "cells_reported_on_time",
    "meetings_with_assigned",
    "pledges_due",
    "pledges_published",
    "commitments_total",
    "commitments_completed",
    "petitions_raised",
    "petitions_answered_in_time",
    "remediation_total",
    "remediation_on_track",
]


def due_end(period: Period, as_of: date) -> date:
    """Last day of the last month fully over by `as_of`: months after it are not due yet."""
    if as_of >= period.ends_on:
        return period.ends_on
    ended = [m for m in periods.months(period.starts_on, period.ends_on) if periods.month_end(m) <= as_of]
    return periods.month_end(ended[-1]) if ended else date.fromordinal(period.starts_on.toordinal() - 1)


def _criteria_case(column: str, versions: list[QualityCriteria], attr) -> tuple[str, list]:
    """SQL CASE picking, per meeting date, the value of the criteria version in force on that date."""
    sql, params = "CASE", []
    for version in versions:  # newest first
        sql += " WHEN m.held_on >= %s THEN %s"
        params += [version.effective_from, attr(version)]
    sql += " ELSE %s END"
    params.append(attr(versions[-1]) if versions else 0)
    return sql, params


def _prefix_join(prefix: str | None, day: date, meeting: str = "m", alias: str = "c") -> tuple[str, list]:
    """Limit meetings to the cells whose path on `day` starts with `prefix` (a fan-out part);
    nothing for the whole tree."""
    if prefix is None:
        return "", []
    path = structure.path_sql(alias)
    return f" JOIN units_partyorg {alias} ON {alias}.id = {meeting}.cell_id AND {path} LIKE %s", [
        day,
        prefix + "%",
    ]


def attendance_by_cell(start: date, end: date, prefix: str | None) -> dict[int, dict]:
    """Per cell: attendance sums and how many meetings met the criteria in force on their date
    (`_quality_sql`). The rollup computes the same inside `_insert_cells`; this one is for a page
    or a test asking about a few cells."""
    quality_sql, quality_params = _quality_sql()
    join_sql, join_params = _prefix_join(prefix, end)
    sql = f"""
        SELECT m.cell_id, SUM(COALESCE(pa.total, 0)), SUM(COALESCE(pa.present, 0)), SUM(COALESCE(pa.absent, 0)),
               SUM(CASE WHEN {quality_sql} THEN 1 ELSE 0 END)
        FROM cells_meeting m{join_sql}
        LEFT JOIN (
            SELECT a.meeting_id, COUNT(*) AS total,
                   SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS present,
                   SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS absent
            FROM cells_attendance a JOIN cells_meeting mm ON mm.id = a.meeting_id
            WHERE mm.held_on >= %s AND mm.held_on <= %s AND mm.status = 'held'
            GROUP BY a.meeting_id
        ) pa ON pa.meeting_id = m.id
        WHERE m.held_on >= %s AND m.held_on <= %s AND m.status = 'held'
        GROUP BY m.cell_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, quality_params + join_params + [start, end, start, end])
        return {
            row[0]: {
                "attendance_expected": int(row[1] or 0),
                "attendance_present": int(row[2] or 0),
                "attendance_absent": int(row[3] or 0),
                "meetings_quality_ok": int(row[4] or 0),
            }
            for row in cursor.fetchall()
        }


@dataclass
class Scored:
    score: float | None
    grade: str


# grading's grade values -> the rollup's.
FROM_GRADING = {
    GradingGrade.EXCELLENT: Grade.EXCELLENT,
    GradingGrade.GOOD: Grade.GOOD,
    GradingGrade.COMPLETED: Grade.PASS,
    GradingGrade.FAILED: Grade.FAIL,
}
TO_GRADING = {v: k for k, v in FROM_GRADING.items()}


def score_cell(row: dict, version: RuleVersion | None) -> Scored:
    """The suggested grade: a 100-point score over the available figures (WEIGHTS), graded by the
    rule version in force on the period's last day (`grading`). Under a version with points
    (QĐ 366: 90 / 70 / 50) the thresholds are the version's; "excellent" also requires every earlier
    shortcoming to be on track to be remedied. Under a version without points (QĐ 132, QĐ 124) the
    score is only the product's indicator: no grade is suggested from it (the committee grades),
    except "không hoàn thành" when fewer regular meetings were held than the version's share of
    targets (QĐ 124: < 50 %). No version in force: no suggestion."""

    def ratio(part, whole):
        if part is None or whole is None or whole <= 0:
            return None
        return min(1.0, part / whole)

    parts = {
        "meetings": ratio(row["meetings_held"], row["meetings_due"]),
        "thematic": ratio(row["thematic_held"], row["thematic_due"]),
        "attendance": ratio(row["attendance_present"], row["attendance_expected"]),
        "quality": ratio(row["meetings_quality_ok"], row["meetings_total"]),
        "assigned": ratio(row["meetings_with_assigned"], row["meetings_total"]),
        "pledges": ratio(row["pledges_published"], row["pledges_due"]),
        "commitments": ratio(row["commitments_completed"], row["commitments_total"]),
        "petitions": ratio(row["petitions_answered_in_time"], row["petitions_raised"]),
        "remediation": ratio(row["remediation_on_track"], row["remediation_total"]),
    }
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    if not weight:
        return Scored(None, "")
    score = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None) / weight, 1)
    if version is None:
        return Scored(score, "")
    if not version.uses_points:
        share = _min_done_share(version)
        held, due = row["meetings_held"], row["meetings_due"]
        if share is not None and due and held * 100 < share * due:
            return Scored(score, Grade.FAIL)
        return Scored(score, "")
    grade = FROM_GRADING[grading_engine.grade_for_score(version, Decimal(str(score)))]
    if (
        grade == Grade.EXCELLENT
        and row["remediation_total"]
        and row["remediation_on_track"] < row["remediation_total"]
    ):
        grade = Grade.GOOD
    return Scored(score, grade)


def _min_done_share(version: RuleVersion):
    cached = getattr(version, "_min_done_share", False)
    if cached is False:
        condition = version.conditions.filter(kind=Condition.Kind.MIN_DONE_SHARE).order_by("percent").first()
        cached = version._min_done_share = condition.percent if condition else None
    return cached


def grading_version(period: Period) -> RuleVersion | None:
    """The grading rule version in force on the period's last day (None: none was)."""
    return RuleVersion.objects.in_force(period.ends_on)


def structure_day(run: RollupRun) -> date:
    """The day whose structure a run computes on: the period's last day (today while provisional)."""
    return min(run.as_of, run.period.ends_on)


def part_prefix(run: RollupRun, org: PartyOrg | None) -> str | None:
    """The path, on the run's structure day, of the fan-out part `org` (None: the whole tree)."""
    return None if org is None else structure.org_path_on(org, structure_day(run))


# ---------------------------------------------------------------------------------------------
# Staging the cell rows, set-based: the cells of the part go into a temporary table, the other
# apps' figures into three more, and one INSERT ... SELECT computes, scores and grades every cell.
# ---------------------------------------------------------------------------------------------

CELLS_TMP = "rollup_tmp_cell"
ORG_INPUTS_TMP = "rollup_tmp_org_inputs"
UNIT_INPUTS_TMP = "rollup_tmp_unit_inputs"
ASSIGNED_TMP = "rollup_tmp_assigned"
CANDIDATES_TMP = "rollup_tmp_candidates"
# (figure, part, whole) in WEIGHTS order: the score adds the parts in this order, as score_cell does.
RATIOS = [
    ("meetings", "meetings_held", "meetings_due"),
    ("thematic", "thematic_held", "thematic_due"),
    ("attendance", "attendance_present", "attendance_expected"),
    ("quality", "meetings_quality_ok", "meetings_total"),
    ("assigned", "meetings_with_assigned", "meetings_total"),
    ("pledges", "pledges_published", "pledges_due"),
    ("commitments", "commitments_completed", "commitments_total"),
    ("petitions", "petitions_answered_in_time", "petitions_raised"),
    ("remediation", "remediation_on_track", "remediation_total"),
]
# The other apps' figures: (column, source in the snapshot, key in the source's rows).
ORG_INPUTS = [
    ("pledges_due", "pledges", "due"),
    ("pledges_published", "pledges", "published"),
    ("commitments_total", "commitments", "total"),
    ("commitments_completed", "commitments", "completed"),
    ("remediation_total", "remediation", "total"),
    ("remediation_on_track", "remediation", "on_track"),
]
UNIT_INPUTS = [("petitions_raised", "raised"), ("petitions_answered_in_time", "answered_in_time")]
TWO_52 = 2**52


def _sql_dialect() -> dict:
    if connection.vendor == "postgresql":
        return {
            "float": "double precision",
            "month": lambda e: f"CAST(EXTRACT(MONTH FROM {e}) AS integer)",
            "month_index": lambda e: (
                f"CAST(EXTRACT(YEAR FROM {e}) * 12 + EXTRACT(MONTH FROM {e}) AS integer)"
            ),
            "materialized": "MATERIALIZED",
        }
    return {
        "float": "REAL",
        "month": lambda e: f"CAST(strftime('%%m', {e}) AS INTEGER)",
        "month_index": lambda e: (
            f"(CAST(strftime('%%Y', {e}) AS INTEGER) * 12 + CAST(strftime('%%m', {e}) AS INTEGER))"
        ),
        "materialized": "",
    }


def _quality_sql() -> tuple[str, list]:
    """SQL true when meeting `m` with attendance sums `pa` met the criteria in force on its date
    (attendance above the threshold, nobody absent without reason, long enough, on the day, the
    documents posted early enough)."""
    versions = list(QualityCriteria.objects.order_by("-effective_from"))
    pct_sql, pct_params = _criteria_case("pct", versions, lambda v: float(v.min_attendance_pct))
    min_sql, min_params = _criteria_case("min", versions, lambda v: v.min_minutes or 0)
    minc_sql, minc_params = _criteria_case(
        "minc", versions, lambda v: v.min_minutes_combined or v.min_minutes or 0
    )
    day_sql, day_params = _criteria_case("day", versions, lambda v: v.meeting_day_of_month or 0)
    ahead_sql, ahead_params = _criteria_case("ahead", versions, lambda v: v.documents_days_ahead or 0)
    if connection.vendor == "postgresql":
        day_of_month = "EXTRACT(DAY FROM m.held_on)"
        days_ahead = "(m.held_on - m.documents_posted_on)"
    else:
        day_of_month = "CAST(strftime('%%d', m.held_on) AS INTEGER)"
        days_ahead = "(julianday(m.held_on) - julianday(m.documents_posted_on))"
    sql = f"""pa.total > 0 AND pa.present * 100.0 > pa.total * ({pct_sql}) AND pa.absent = 0
        AND m.duration_minutes >= CASE WHEN m.kind = 'combined' THEN {minc_sql} ELSE {min_sql} END
        AND (m.kind = 'thematic' OR ({day_sql}) = 0 OR {day_of_month} = ({day_sql}))
        AND (({ahead_sql}) = 0 OR (m.documents_posted_on IS NOT NULL AND {days_ahead} >= ({ahead_sql})))"""
    params = pct_params + minc_params + min_params + day_params + day_params + ahead_params + ahead_params
    return sql, params


def _load_candidates(cursor, run: RollupRun, prefix: str | None):
    """The temporary table of the members who can have a streak of excused absences: excused more
    than n times in the year (a small set, from the partial index of excused rows). Counted on the
    meetings the streak window sees (a fan-out part's): a streak among them is more than n excused
    among them."""
    end = structure_day(run)
    join_sql, join_params = _prefix_join(prefix, end)
    cursor.execute(f"DROP TABLE IF EXISTS {CANDIDATES_TMP}")
    cursor.execute(f"CREATE TEMPORARY TABLE {CANDIDATES_TMP} (member_id bigint PRIMARY KEY)")
    rows = f"cells_attendance a JOIN cells_meeting m ON m.id = a.meeting_id{join_sql}"
    if prefix is not None and connection.vendor == "postgresql":
        # A part reads its own meetings' rows through the (meeting, member) index.
        rows = f"""cells_meeting m{join_sql} CROSS JOIN LATERAL (
            SELECT a.member_id, a.status FROM cells_attendance a WHERE a.meeting_id = m.id OFFSET 0) a"""
    cursor.execute(
        f"""
        INSERT INTO {CANDIDATES_TMP} (member_id)
        SELECT a.member_id FROM {rows}
        WHERE a.status = 'excused' AND m.held_on >= %s AND m.held_on <= %s
        GROUP BY a.member_id HAVING COUNT(*) > %s
        """,
        join_params + [date(run.period.starts_on.year, 1, 1), end, run.criteria.max_excused_in_a_row],
    )
    _analyze(cursor, CANDIDATES_TMP)


def _streaks_sql(run: RollupRun, prefix: str | None) -> tuple[str, list]:
    """SQL (cell_id, n): per cell, the candidates (`_load_candidates`) absent with reason more than
    `max_excused_in_a_row` times in a row within the year, where the streak reaches that length
    inside the period (a LAG window per member over the meetings of the part)."""
    start, end, n = run.period.starts_on, structure_day(run), run.criteria.max_excused_in_a_row
    lags = ", ".join(
        f"LAG(a.status, {k}) OVER (PARTITION BY a.member_id ORDER BY m.held_on, m.id) AS s{k}"
        for k in range(1, n + 1)
    )
    conds = " AND ".join(["t.status = 'excused'"] + [f"t.s{k} = 'excused'" for k in range(1, n + 1)])
    join_sql, join_params = _prefix_join(prefix, end)
    # The candidates' rows through the (member, meeting) index: on PostgreSQL a LATERAL join fenced
    # by OFFSET 0, as the planner otherwise scans the whole table to pick a few thousand members' rows.
    if connection.vendor == "postgresql":
        rows = f"""{CANDIDATES_TMP} k CROSS JOIN LATERAL (
                SELECT a.* FROM cells_attendance a WHERE a.member_id = k.member_id OFFSET 0) a"""
    else:
        rows = f"{CANDIDATES_TMP} k JOIN cells_attendance a ON a.member_id = k.member_id"
    sql = f"""
        SELECT t.cell_id, COUNT(DISTINCT t.member_id) AS n FROM (
            SELECT m.cell_id, a.member_id, m.held_on, a.status{", " + lags if n else ""}
            FROM {rows}
            JOIN cells_meeting m ON m.id = a.meeting_id{join_sql}
            WHERE m.held_on >= %s AND m.held_on <= %s
        ) t
        WHERE t.held_on >= %s AND {conds}
        GROUP BY t.cell_id
    """
    return sql, join_params + [date(start.year, 1, 1), end, start]


def _kinds(kinds) -> str:
    return "(" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _load_cells(cursor, run: RollupRun, prefix: str | None):
    """The temporary table of the part's cells: those valid on the structure day under `prefix`,
    with the paths of that day (`cells.structure`) and their leaders' names."""
    cells = structure.orgs_on(structure_day(run)).filter(kind__in=PartyOrg.CELL_KINDS).order_by()
    if prefix is not None:
        cells = cells.filter(path_then__startswith=prefix)
    select, params = cells.values_list(
        "id", "path_then", "unit_id", "valid_from", "secretary__full_name", "deputy_secretary__full_name"
    ).query.sql_with_params()
    cursor.execute(f"DROP TABLE IF EXISTS {CELLS_TMP}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {CELLS_TMP} (id bigint PRIMARY KEY, path varchar(255), unit_id bigint,"
        " valid_from date, secretary varchar(255), deputy varchar(255))"
    )
    cursor.execute(
        f"INSERT INTO {CELLS_TMP} (id, path, unit_id, valid_from, secretary, deputy) {select}", params
    )
    _analyze(cursor, CELLS_TMP)


def _analyze(cursor, table: str):
    """Statistics for a fresh temporary table (autovacuum never sees them): the planner needs them."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")


def _fill(cursor, table: str, columns: str, rows: list):
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")
    names = ", ".join(c.split()[0] for c in columns.split(", "))
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif rows:
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    _analyze(cursor, table)


def _load_inputs(cursor, snap: dict) -> dict[str, bool]:
    """The other apps' figures into temporary tables (per organisation, per unit, the assigned
    cadres); returns which apps gave figures (an absent one leaves its columns NULL: unavailable)."""
    by_org: dict[int, list] = {}
    for i, (_, source, key) in enumerate(ORG_INPUTS):
        for row in snap[source] or ():
            by_org.setdefault(row["org_id"], [None] * len(ORG_INPUTS))[i] = row.get(key) or 0
    _fill(
        cursor,
        ORG_INPUTS_TMP,
        "org_id bigint PRIMARY KEY, " + ", ".join(f"{column} integer" for column, _, _ in ORG_INPUTS),
        [(org_id, *values) for org_id, values in by_org.items()],
    )
    per_unit = inputs.petitions_by_unit(snap) or {}
    _fill(
        cursor,
        UNIT_INPUTS_TMP,
        "unit_id bigint PRIMARY KEY, raised integer, answered_in_time integer",
        [(unit_id, *totals) for unit_id, totals in per_unit.items()],
    )
    _fill(
        cursor,
        ASSIGNED_TMP,
        "cadre_id bigint, unit_id bigint",
        sorted(set(map(tuple, snap["assigned"] or ()))),
    )
    cursor.execute(f"CREATE INDEX {ASSIGNED_TMP}_idx ON {ASSIGNED_TMP} (unit_id, cadre_id)")
    available = {source: snap[source] is not None for _, source, _ in ORG_INPUTS}
    available.update(petitions=snap["petitions"] is not None, assigned=snap["assigned"] is not None)
    return available


def _drop_temporary(cursor):
    for table in (CELLS_TMP, ORG_INPUTS_TMP, UNIT_INPUTS_TMP, ASSIGNED_TMP, CANDIDATES_TMP):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _meetings_sql(run: RollupRun, prefix: str | None) -> tuple[str, list]:
    """CTE `mt`: per cell, the meetings' counts, quality, on-time and attendance sums. The
    attendance sums per meeting (`pa`) come from one pass over the period's attendance (a CTE) for
    the whole tree; for a fan-out part on PostgreSQL, from each of the part's meetings' rows through
    the (meeting, member) index (a LATERAL join): a part reads its own rows, not the whole table."""
    start, end = run.period.starts_on, structure_day(run)
    last_due = due_end(run.period, run.as_of)
    month = _sql_dialect()["month"]("m.held_on")
    quality_sql, quality_params = _quality_sql()
    regular, thematic = _kinds(Meeting.REGULAR_KINDS), _kinds(Meeting.THEMATIC_KINDS)
    lateral = prefix is not None and connection.vendor == "postgresql"
    pa_cte = f"""
        pa AS (
            SELECT a.meeting_id, COUNT(*) AS total,
                   SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS present,
                   SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS absent
            FROM cells_attendance a JOIN cells_meeting mm ON mm.id = a.meeting_id
            JOIN {CELLS_TMP} cc ON cc.id = mm.cell_id
            WHERE mm.held_on >= %s AND mm.held_on <= %s AND mm.status = 'held'
            GROUP BY a.meeting_id
        ),"""
    pa_join = "LEFT JOIN pa ON pa.meeting_id = m.id"
    if lateral:
        pa_cte, pa_join = (
            "",
            """LEFT JOIN LATERAL (
                SELECT COUNT(*) AS total, SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS present,
                       SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS absent
                FROM cells_attendance a WHERE a.meeting_id = m.id) pa ON TRUE""",
        )
    sql = f"""{pa_cte}
        mt AS (
            SELECT m.cell_id, COUNT(*) AS meetings_total,
                COUNT(DISTINCT CASE WHEN m.kind IN {regular} AND m.held_on <= %s THEN {month} END) AS regular_months,
                COUNT(DISTINCT CASE WHEN m.kind IN {thematic} AND m.held_on <= %s THEN ({month} + 2) / 3 END)
                    AS thematic_quarters,
                SUM(CASE WHEN m.days_to_record <= %s THEN 1 ELSE 0 END) AS on_time,
                SUM(CASE WHEN m.kind IN {thematic} AND EXISTS (
                    SELECT 1 FROM cells_meetingtopic t WHERE t.meeting_id = m.id
                      AND (t.directive_id IS NOT NULL OR t.item_id IS NOT NULL)) THEN 1 ELSE 0 END) AS on_directives,
                SUM(CASE WHEN EXISTS (
                    SELECT 1 FROM cells_meeting_guests g JOIN {ASSIGNED_TMP} x ON x.cadre_id = g.cadre_id
                    WHERE g.meeting_id = m.id AND x.unit_id = c.unit_id) THEN 1 ELSE 0 END) AS with_assigned,
                SUM(COALESCE(pa.total, 0)) AS expected, SUM(COALESCE(pa.present, 0)) AS present,
                SUM(COALESCE(pa.absent, 0)) AS absent,
                SUM(CASE WHEN {quality_sql} THEN 1 ELSE 0 END) AS quality_ok
            FROM cells_meeting m JOIN {CELLS_TMP} c ON c.id = m.cell_id {pa_join}
            WHERE m.held_on >= %s AND m.held_on <= %s AND m.status = 'held'
            GROUP BY m.cell_id
        )"""
    params = [] if lateral else [start, end]
    params += [last_due, last_due, run.criteria.record_within_days, *quality_params, start, end]
    return sql, params


def _due_sql(run: RollupRun) -> tuple[str, list]:
    """Months due per cell `c`: from the month of the period's start (or of the cell's creation,
    if later) to the last month fully over (`due_end`), none if that is before."""
    start, last_due = run.period.starts_on, due_end(run.period, run.as_of)
    index = _sql_dialect()["month_index"]("c.valid_from")
    last = last_due.year * 12 + last_due.month
    first = f"CASE WHEN c.valid_from IS NOT NULL AND c.valid_from > %s THEN {index} ELSE %s END"
    sql = f"CASE WHEN %s - ({first}) + 1 > 0 THEN %s - ({first}) + 1 ELSE 0 END"
    first_params = [start, start.year * 12 + start.month]
    return sql, [last, *first_params, last, *first_params]


def _least(a: str, b: str) -> str:
    return f"CASE WHEN {a} < {b} THEN {a} ELSE {b} END"


def _figures_sql(run: RollupRun, available: dict[str, bool]) -> tuple[str, list]:
    """SELECT of every cell's figures (OrgResult's columns) from `mt`, `st`, `mb` and the inputs."""
    every = run.criteria.thematic_every_months or 3
    due_sql, due_params = _due_sql(run)
    inputs_sql = ", ".join(
        f"CASE WHEN %s THEN COALESCE(io.{column}, 0) END AS {column}" for column, _, _ in ORG_INPUTS
    )
    inputs_params = [available[source] for _, source, _ in ORG_INPUTS]
    sql = f"""
        SELECT d.id, d.path, d.secretary, d.deputy, COALESCE(mb.n, 0) AS members, d.due AS meetings_due,
            {_least("COALESCE(mt.regular_months, 0)", "d.due")} AS meetings_held,
            d.due / {every:d} AS thematic_due,
            {_least("COALESCE(mt.thematic_quarters, 0)", f"d.due / {every:d}")} AS thematic_held,
            COALESCE(mt.on_directives, 0) AS thematic_on_directives,
            COALESCE(mt.meetings_total, 0) AS meetings_total,
            COALESCE(mt.on_time, 0) AS meetings_on_time,
            COALESCE(mt.quality_ok, 0) AS meetings_quality_ok,
            COALESCE(mt.expected, 0) AS attendance_expected,
            COALESCE(mt.present, 0) AS attendance_present,
            COALESCE(mt.absent, 0) AS attendance_absent,
            COALESCE(st.n, 0) AS excused_streaks,
            CASE WHEN mt.meetings_total > 0 AND mt.on_time = mt.meetings_total THEN 1 ELSE 0 END
                AS cells_reported_on_time,
            CASE WHEN %s AND EXISTS (SELECT 1 FROM {ASSIGNED_TMP} x WHERE x.unit_id = d.unit_id)
                THEN COALESCE(mt.with_assigned, 0) END AS meetings_with_assigned,
            {inputs_sql},
            CASE WHEN %s THEN COALESCE(iu.raised, 0) END AS petitions_raised,
            CASE WHEN %s THEN COALESCE(iu.answered_in_time, 0) END AS petitions_answered_in_time
        FROM (SELECT c.*, {due_sql} AS due FROM {CELLS_TMP} c) d
        LEFT JOIN mt ON mt.cell_id = d.id LEFT JOIN st ON st.cell_id = d.id LEFT JOIN mb ON mb.cell_id = d.id
        LEFT JOIN {ORG_INPUTS_TMP} io ON io.org_id = d.id LEFT JOIN {UNIT_INPUTS_TMP} iu ON iu.unit_id = d.unit_id
    """
    params = [available["assigned"], *inputs_params, available["petitions"], available["petitions"]]
    return sql, params + due_params  # the select list's placeholders come before the FROM's


def _score_ctes(figures: str) -> str:
    """CTEs `f` (the rows of `figures`), `s` (adding `x`: score_cell's unrounded score, the same
    double-precision operations in the same order) and `r` (adding `tenths`: x rounded to one
    decimal as Python's round() does, on the exact binary value, ties to even). Materialised on
    PostgreSQL: inlined, each use of a column would repeat the whole expression below it."""
    dialect = _sql_dialect()
    real, materialized = dialect["float"], dialect["materialized"]
    ratios = {
        name: f"CASE WHEN f.{part} IS NULL OR f.{whole} IS NULL OR f.{whole} <= 0 THEN NULL"
        f" WHEN f.{part} >= f.{whole} THEN 1.0 ELSE CAST(f.{part} AS {real}) / f.{whole} END"
        for name, part, whole in RATIOS
    }
    weight = " + ".join(
        f"CASE WHEN {sql} IS NULL THEN 0 ELSE {WEIGHTS[name]} END" for name, sql in ratios.items()
    )
    points = " + ".join(f"COALESCE({WEIGHTS[name]} * ({sql}), 0)" for name, sql in ratios.items())
    unit = f"CAST({TWO_52} AS {real})"
    rest = f"(s.q - s.q / {TWO_52} * {TWO_52})"
    # x * 2^52 is exact (a power of two) and an integer for x >= 1: its remainder decides the rounding.
    return f"""
        f AS {materialized} ({figures}),
        s AS {materialized} (
            SELECT f.*, CASE WHEN ({weight}) > 0 THEN 100 * (0 + {points}) / ({weight}) END AS x FROM f
        ),
        r AS {materialized} (
            SELECT s.*, CASE WHEN s.q IS NULL THEN NULL ELSE s.q / {TWO_52} + CASE
                WHEN 2 * {rest} > {TWO_52} THEN 1 WHEN 2 * {rest} = {TWO_52} THEN (s.q / {TWO_52}) %% 2
                ELSE 0 END END AS tenths
            FROM (SELECT s.*, CAST(s.x * {unit} AS bigint) * 10 AS q FROM s) s
        )"""


def _grade_sql(version: RuleVersion | None) -> tuple[str, list]:
    """SQL of the suggested grade of a scored row `g` (score_cell, set-based)."""
    if version is None:
        return "''", []
    if not version.uses_points:
        share = _min_done_share(version)
        if share is None:
            return "''", []
        sql = "CASE WHEN g.x IS NOT NULL AND g.meetings_due > 0 AND g.meetings_held * 100 < %s * g.meetings_due THEN %s ELSE '' END"
        return sql, [share, Grade.FAIL]
    bands = [GradingGrade.EXCELLENT, GradingGrade.GOOD, GradingGrade.COMPLETED]
    sql = "CASE WHEN g.x IS NULL THEN ''"
    params = []
    for band in bands:
        sql += " WHEN g.tenths >= %s THEN "
        params.append(float(version.min_for(band) * 10))
        if band == GradingGrade.EXCELLENT:
            # "Excellent" also requires every earlier shortcoming on track to be remedied.
            sql += "CASE WHEN g.remediation_total > 0 AND g.remediation_on_track < g.remediation_total THEN %s ELSE %s END"
            params += [Grade.GOOD, Grade.EXCELLENT]
        else:
            sql += "%s"
            params.append(FROM_GRADING[band])
    sql += " ELSE %s END"
    return sql, params + [Grade.FAIL]


CELL_COLUMNS = [
    "members", "meetings_due", "meetings_held", "thematic_due", "thematic_held", "thematic_on_directives",
    "meetings_total", "meetings_on_time", "meetings_quality_ok", "attendance_expected", "attendance_present",
    "attendance_absent", "excused_streaks", "cells_reported_on_time", "meetings_with_assigned",
    *[column for column, _, _ in ORG_INPUTS], "petitions_raised", "petitions_answered_in_time",
]  # fmt: skip


def _insert_cells(cursor, run: RollupRun, prefix: str | None, available: dict[str, bool]) -> int:
    """One INSERT ... SELECT of the part's cell rows: figures, score, grade, weak flag."""
    meetings_sql, meetings_params = _meetings_sql(run, prefix)
    streaks_sql, streaks_params = _streaks_sql(run, prefix)
    figures_sql, figures_params = _figures_sql(run, available)
    grade_sql, grade_params = _grade_sql(grading_version(run.period))
    columns = ", ".join(CELL_COLUMNS)
    names = "CASE WHEN COALESCE(g.secretary, '') <> '' AND COALESCE(g.deputy, '') <> ''"
    names += " THEN g.secretary || ', ' || g.deputy ELSE COALESCE(NULLIF(g.secretary, ''), NULLIF(g.deputy, ''), '') END"
    fail = "g.grade = %s"
    sql = f"""
        INSERT INTO {OrgResult._meta.db_table} (run_id, period_id, org_id, is_cell, path, cell_count, {columns},
            score, suggested_grade, excellent_count, good_count, pass_count, fail_count, weak_count,
            is_weak, excellent_over_cap, responsible)
        WITH {meetings_sql},
        st AS ({streaks_sql}),
        mb AS (
            SELECT p.party_org_id AS cell_id, COUNT(*) AS n FROM units_cadre p
            JOIN {CELLS_TMP} c ON c.id = p.party_org_id GROUP BY p.party_org_id
        ),{_score_ctes(figures_sql)},
        g AS (SELECT g.*, {grade_sql} AS grade FROM r g)
        SELECT %s, %s, g.id, %s, g.path, 1, {", ".join(f"g.{c}" for c in CELL_COLUMNS)},
            g.tenths / 10.0, g.grade,
            CASE WHEN g.grade = %s THEN 1 ELSE 0 END, CASE WHEN g.grade = %s THEN 1 ELSE 0 END,
            CASE WHEN g.grade = %s THEN 1 ELSE 0 END, CASE WHEN {fail} THEN 1 ELSE 0 END,
            CASE WHEN {fail} THEN 1 ELSE 0 END, {fail}, %s, CASE WHEN {fail} THEN {names} ELSE '' END
        FROM g
    """
    # Yếu kém (HD 27-HD/BTCTW): a cell failing its tasks; its secretary and deputy answer for it.
    params = [*meetings_params, *streaks_params, *figures_params, *grade_params, run.pk, run.period_id, True]
    params += [Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL, Grade.FAIL, Grade.FAIL, False, Grade.FAIL]
    cursor.execute(sql, params)
    return cursor.rowcount


def _tune(cursor, on: bool):
    """PostgreSQL settings for this connection while staging: JIT compiling the wide expressions
    costs seconds, more than the statement saves; the per-meeting sums (one group per meeting) hash
    in memory instead of sorting on disk."""
    if connection.vendor != "postgresql":
        return
    if on:
        cursor.execute("SET jit = off")
        cursor.execute("SET work_mem = '256MB'")
    else:
        cursor.execute("RESET jit")
        cursor.execute("RESET work_mem")


def stage_cells(run: RollupRun, org: PartyOrg | None = None, *, progress=None, snapshot=None) -> int:
    """Compute and insert the cell rows of `run` under `org` (all cells when None), set-based;
    returns how many cells. `snapshot`: the other apps' figures a fan-out's parts share. The
    temporary tables are filled before the writing transaction, so the progress shows meanwhile."""
    progress = progress or (lambda pct, step: None)
    prefix = part_prefix(run, org)
    with connection.cursor() as cursor:
        _tune(cursor, True)
        try:
            _load_cells(cursor, run, prefix)
            _load_candidates(cursor, run, prefix)
            progress(15, "inputs")
            if snapshot is None:
                cursor.execute(f"SELECT id, unit_id FROM {CELLS_TMP}")
                snapshot = inputs.snapshot(
                    start=run.period.starts_on, end=structure_day(run), cell_units=dict(cursor.fetchall())
                )
            available = _load_inputs(cursor, snapshot)
            progress(30, "cells")
            with transaction.atomic():
                if org is not None:  # a retried partition replaces its own rows only
                    OrgResult.objects.filter(run=run, is_cell=True, path__startswith=prefix).delete()
                count = _insert_cells(cursor, run, prefix, available)
        finally:
            _drop_temporary(cursor)
            _tune(cursor, False)
    progress(80, "cells")
    return count


def aggregate(run: RollupRun):
    """One row per non-cell organisation valid on the structure day with cells under it: sums over
    `cell.path LIKE org.path%`, both paths as on that day. The prefix is matched as an equality,
    `org.path = SUBSTR(cell.path, 1, n)` for each of the few lengths n of the organisations' paths:
    a hash join, where LIKE against a column compared every cell with every organisation."""
    criteria = run.criteria
    cap = grading_engine.cap_for(run.period.ends_on)  # the cap in force (grading.Cap), not a constant
    sums = ", ".join(f"SUM(r.{name})" for name in SUMMED)
    columns = ", ".join(SUMMED)
    table = OrgResult._meta.db_table
    cell_kinds = list(PartyOrg.CELL_KINDS)
    # The few non-cell organisations are materialised first: with the fresh run's rows not yet in
    # PostgreSQL's statistics, the planner otherwise rescanned every organisation per cell (48 s
    # instead of 0.4 s at 26,000 cells).
    materialized = "MATERIALIZED" if connection.vendor == "postgresql" else ""
    day = structure_day(run)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH o AS {materialized} (
                SELECT p.id, {structure.path_sql("p")} AS path FROM units_partyorg p
                WHERE p.kind NOT IN (%s, %s) AND (p.valid_from IS NULL OR p.valid_from <= %s)
                  AND (p.valid_to IS NULL OR p.valid_to >= %s)
            )
            INSERT INTO {table} (run_id, period_id, org_id, is_cell, path, {columns},
                excellent_count, good_count, pass_count, fail_count, weak_count,
                score, suggested_grade, is_weak, excellent_over_cap, responsible)
            SELECT %s, %s, o.id, %s, o.path, {sums},
                SUM(r.excellent_count), SUM(r.good_count), SUM(r.pass_count), SUM(r.fail_count),
                SUM(r.weak_count), ROUND(AVG(r.score), 1), '', %s, %s, ''
            FROM {table} r JOIN (SELECT DISTINCT LENGTH(path) AS len FROM o) l ON LENGTH(r.path) > l.len
            JOIN o ON o.path = SUBSTR(r.path, 1, l.len)
            WHERE r.run_id = %s AND r.is_cell = %s
            GROUP BY o.id, o.path
            """,
            [day, *cell_kinds, day, day, run.pk, run.period_id, False, False, False, run.pk, True],
        )
        # A grassroots organisation is weak when more than the set share of its cells are weak;
        # "excellent" above the cap (a share of "good") is flagged for the committee to decide.
        cursor.execute(
            f"""
            UPDATE {table} SET
                is_weak = CASE WHEN weak_count * %s > cell_count * %s THEN %s ELSE %s END,
                excellent_over_cap = CASE WHEN %s AND excellent_count * 100 > good_count * %s THEN %s ELSE %s END
            WHERE run_id = %s AND is_cell = %s
              AND org_id IN (SELECT id FROM units_partyorg WHERE kind = %s)
            """,
            [
                criteria.weak_orgs_denominator,
                criteria.weak_orgs_numerator,
                True,
                False,
                cap is not None,
                cap.percent if cap else 100,
                True,
                False,
                run.pk,
                False,
                PartyOrg.Kind.GRASSROOTS_COMMITTEE,
            ],
        )
    weak = list(
        OrgResult.objects.filter(run=run, is_cell=False, is_weak=True).select_related(
            "org__secretary", "org__deputy_secretary"
        )
    )
    for result in weak:
        result.responsible = ", ".join(
            c.full_name for c in (result.org.secretary, result.org.deputy_secretary) if c is not None
        )
    OrgResult.objects.bulk_update(weak, ["responsible"], batch_size=1000)


def publish_run(run: RollupRun):
    """Make `run` the period's result and drop every other run's rows, in one transaction; refused
    (services.PeriodPublished) if a committee published the period while the run was computing."""
    Period.objects.select_for_update().filter(pk=run.period_id).first()  # publishing waits for us
    services.refuse_if_published(run.period)
    Period.objects.filter(pk=run.period_id).update(current_run=run)
    OrgResult.objects.filter(period_id=run.period_id).exclude(run=run).delete()
    RollupRun.objects.filter(pk=run.pk).update(
        status=RollupRun.Status.DONE, progress=100, step="done", finished_at=timezone.now()
    )


def finish(run: RollupRun, *, progress=None):
    """Aggregate the staged cell rows and publish the run, atomically."""
    (progress or (lambda pct, step: None))(85, "aggregating")
    with transaction.atomic():
        aggregate(run)
        publish_run(run)


def compute(run: RollupRun):
    """The whole rollup in this process (the default; the chord splits `stage_cells` per district)."""

    progress = services.rollup_progress_of(run.pk)
    OrgResult.objects.filter(run=run).delete()  # leftovers of an earlier attempt of this run
    stage_cells(run, None, progress=progress)
    finish(run, progress=progress)


def partitions(run: RollupRun) -> list[int]:
    """The organisations the chord fans out over: every child of a root on the run's structure day
    (districts, and cells directly under the province), so each cell lies under exactly one."""
    day = structure_day(run)
    roots = structure.children_on(None, day, prefix="").values_list("path_then", flat=True)
    return [
        pk
        for root in roots
        for pk in structure.children_on(None, day, prefix=root).values_list("pk", flat=True)
    ]


def prepare_fan_out(run: RollupRun) -> list[int]:
    """The parts of a fanned-out run (`partitions`), recorded on the run, and the shared snapshot
    of the other apps' figures taken; returns the parts' organisation ids."""
    parts = partitions(run)
    services.rollup_fan_out(run.pk, len(parts))
    take_snapshot(run)
    return parts


def snapshot_key(run_id: int) -> str:
    return f"cells:rollup:{run_id}:inputs"


def take_snapshot(run: RollupRun):
    """The other apps' inputs for a fanned-out run, computed once and shared through the cache."""
    from django.core.cache import cache

    period = run.period
    cells = PartyOrg.objects.valid_on(structure_day(run)).filter(kind__in=PartyOrg.CELL_KINDS)
    snap = inputs.snapshot(
        start=period.starts_on,
        end=min(run.as_of, period.ends_on),
        cell_units=dict(cells.values_list("pk", "unit_id")),
    )
    cache.set(snapshot_key(run.pk), snap, timeout=4 * 3600)
    return snap


def cached_snapshot(run_id: int):
    from django.core.cache import cache

    return cache.get(snapshot_key(run_id))


def mark_part_done(run_id: int):
    services.rollup_part_done(run_id)
