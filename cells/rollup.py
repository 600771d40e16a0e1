"""The six-monthly rollup: per-cell figures, a suggested grade, and sums up the party tree.

1. `stage_cells(run, org)` computes every cell's figures under `org` (the whole tree when None)
   with a handful of GROUP BY queries, grades each cell in Python (one row per cell, no tree
   walk) and bulk-inserts the cell rows under `run`. The chord fan-out runs it once per district.
2. `aggregate(run)` sums the cell rows into one row per ancestor organisation with a single
   INSERT ... SELECT joining results to organisations on `cell.path LIKE org.path || '%'`, then
   flags weak grassroots organisations and the "excellent" cap with set-based UPDATEs.
3. `publish_run(run)` switches `period.current_run` to this run and deletes older runs' rows in one
   transaction: readers see the previous complete result until that commit.

Works on SQLite and PostgreSQL (portable SQL: CASE, LAG window, `||`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth, ExtractQuarter
from django.utils import timezone

from grading import engine as grading_engine
from grading.models import Condition, RuleVersion
from grading.models import Grade as GradingGrade
from units.models import Cadre, PartyOrg

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


def _set_progress(run_id: int, progress: int, step: str):
    RollupRun.objects.filter(pk=run_id).update(progress=min(progress, 100), step=step)


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
    (attendance above the threshold, nobody absent without reason, long enough)."""
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
    join_sql, join_params = _prefix_join(prefix, end)
    inner_sql, inner_params = _prefix_join(prefix, end, "mm", "cc")
    # Attendance is summed per meeting first (one pass, no join), then joined to the period's
    # meetings, where each meeting is checked against the criteria in force on its date.
    sql = f"""
        SELECT m.cell_id, SUM(COALESCE(pa.total, 0)), SUM(COALESCE(pa.present, 0)), SUM(COALESCE(pa.absent, 0)),
               SUM(CASE WHEN pa.total > 0 AND pa.present * 100.0 > pa.total * ({pct_sql}) AND pa.absent = 0
                         AND m.duration_minutes >= CASE WHEN m.kind = 'combined' THEN {minc_sql} ELSE {min_sql} END
                         AND (m.kind = 'thematic' OR ({day_sql}) = 0 OR {day_of_month} = ({day_sql}))
                         AND (({ahead_sql}) = 0 OR (m.documents_posted_on IS NOT NULL
                              AND {days_ahead} >= ({ahead_sql})))
                        THEN 1 ELSE 0 END)
        FROM cells_meeting m{join_sql}
        LEFT JOIN (
            SELECT a.meeting_id, COUNT(*) AS total,
                   SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS present,
                   SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS absent
            FROM cells_attendance a
            WHERE a.meeting_id IN (
                SELECT mm.id FROM cells_meeting mm{inner_sql} WHERE mm.held_on >= %s AND mm.held_on <= %s
                  AND mm.status = 'held'
            )
            GROUP BY a.meeting_id
        ) pa ON pa.meeting_id = m.id
        WHERE m.held_on >= %s AND m.held_on <= %s AND m.status = 'held'
        GROUP BY m.cell_id
    """
    params = pct_params + minc_params + min_params + day_params + day_params + ahead_params + ahead_params
    params += join_params + inner_params + [start, end, start, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: {
                "attendance_expected": int(row[1] or 0),
                "attendance_present": int(row[2] or 0),
                "attendance_absent": int(row[3] or 0),
                "meetings_quality_ok": int(row[4] or 0),
            }
            for row in cursor.fetchall()
        }


def excused_streaks_by_cell(start: date, end: date, max_in_a_row: int, prefix: str | None) -> dict[int, int]:
    """Per cell: members absent with reason more than `max_in_a_row` times in a row within the year,
    where the streak reaches that length inside the period (a LAG window per member)."""
    n = max_in_a_row
    lags = ", ".join(
        f"LAG(a.status, {k}) OVER (PARTITION BY a.member_id ORDER BY m.held_on, m.id) AS s{k}"
        for k in range(1, n + 1)
    )
    conds = " AND ".join(["t.status = 'excused'"] + [f"t.s{k} = 'excused'" for k in range(1, n + 1)])
    join_sql, join_params = _prefix_join(prefix, end)
    sql = f"""
        SELECT t.cell_id, COUNT(DISTINCT t.member_id) FROM (
            SELECT m.cell_id, a.member_id, m.held_on, a.status{", " + lags if n else ""}
            FROM cells_attendance a JOIN cells_meeting m ON m.id = a.meeting_id{join_sql}
            WHERE m.held_on >= %s AND m.held_on <= %s
              AND a.member_id IN (
                  SELECT a2.member_id FROM cells_attendance a2 JOIN cells_meeting m2 ON m2.id = a2.meeting_id
                  WHERE a2.status = 'excused' AND m2.held_on >= %s AND m2.held_on <= %s
                  GROUP BY a2.member_id HAVING COUNT(*) > %s
              )
        ) t
        WHERE t.held_on >= %s AND {conds}
        GROUP BY t.cell_id
    """
    with connection.cursor() as cursor:
        year_start = date(start.year, 1, 1)
        # Only members excused more than n times in the year can have a streak: the window runs on them.
        # Candidates are taken province-wide (a small set, one pass), even for a fan-out part.
        cursor.execute(sql, join_params + [year_start, end, year_start, end, n, start])
        return dict(cursor.fetchall())


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
    if grade == Grade.EXCELLENT and row["remediation_total"] and row["remediation_on_track"] < row["remediation_total"]:
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


def cell_figures(run: RollupRun, org: PartyOrg | None = None, *, progress=None, snapshot=None) -> list[dict]:
    """The figures of every cell valid on the period's last day under `org` (all cells when None),
    as dicts of OrgResult fields, with the paths the cells had on that day (`cells.structure`)."""
    period, as_of = run.period, run.as_of
    criteria = run.criteria
    version = grading_version(period)
    start, end = period.starts_on, structure_day(run)
    last_due = due_end(period, as_of)
    progress = progress or (lambda pct, step: None)
    prefix = part_prefix(run, org)

    cells_qs = structure.orgs_on(end).filter(kind__in=PartyOrg.CELL_KINDS)
    # Planned meetings are not held yet: they count for nothing.
    meetings = Meeting.objects.filter(held_on__gte=start, held_on__lte=end, status=Meeting.Status.HELD)
    members_qs = Cadre.objects.filter(party_org__kind__in=PartyOrg.CELL_KINDS)
    if prefix is not None:
        cells_qs = cells_qs.filter(path_then__startswith=prefix)
        meetings = meetings.filter(cell__in=cells_qs.values("pk"))
        members_qs = members_qs.filter(party_org__in=cells_qs.values("pk"))
    cells = list(
        cells_qs.values(
            "id", "path_then", "unit_id", "valid_from", "secretary__full_name", "deputy_secretary__full_name"
        )
    )
    members = dict(members_qs.values("party_org_id").annotate(n=Count("pk")).values_list("party_org_id", "n"))
    progress(15, "meetings")
    meeting_rows = {
        r["cell_id"]: r
        for r in meetings.values("cell_id").annotate(
            meetings_total=Count("pk"),
            regular_months=Count(
                ExtractMonth("held_on"),
                distinct=True,
                filter=Q(kind__in=Meeting.REGULAR_KINDS, held_on__lte=last_due),
            ),
            thematic_quarters=Count(
                ExtractQuarter("held_on"),
                distinct=True,
                filter=Q(kind__in=Meeting.THEMATIC_KINDS, held_on__lte=last_due),
            ),
            on_time=Count("pk", filter=Q(days_to_record__lte=criteria.record_within_days)),
        )
    }
    on_directives = dict(
        meetings.filter(kind__in=Meeting.THEMATIC_KINDS)
        .filter(Q(topics__directive__isnull=False) | Q(topics__item__isnull=False))
        .values("cell_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("cell_id", "n")
    )
    progress(30, "attendance")
    attendance = attendance_by_cell(start, end, prefix)
    streaks = excused_streaks_by_cell(start, end, criteria.max_excused_in_a_row, prefix)
    progress(50, "inputs")
    cell_ids = {c["id"] for c in cells}
    cell_units = {c["id"]: c["unit_id"] for c in cells}
    snap = snapshot if snapshot is not None else inputs.snapshot(start=start, end=end, cell_units=cell_units)
    pledges = inputs.pledges(snap, cell_ids)
    commitments = inputs.commitments(snap, cell_ids)
    remediation = inputs.remediation(snap, cell_ids)
    petitions = inputs.petitions(snap, cell_units)
    assigned = inputs.assigned_cadres(snap, cell_units)
    with_assigned = {}
    if assigned is not None:
        guests = Meeting.guests.through.objects.filter(meeting__in=meetings).values_list(
            "meeting__cell_id", "meeting_id", "cadre_id"
        )
        seen = set()
        for cell_id, meeting_id, cadre_id in guests:
            if cadre_id in assigned.get(cell_id, ()) and meeting_id not in seen:
                seen.add(meeting_id)
                with_assigned[cell_id] = with_assigned.get(cell_id, 0) + 1
    progress(65, "grading")

    every = criteria.thematic_every_months or 3
    rows = []
    for cell in cells:
        cid = cell["id"]
        first = max(start, cell["valid_from"]) if cell["valid_from"] else start
        due_months = len(
            [m for m in periods.months(first, last_due) if m >= date(first.year, first.month, 1)]
        )
        m = meeting_rows.get(cid, {})
        a = attendance.get(cid, {})
        row = {
            "org_id": cid,
            "path": cell["path_then"],
            "cell_count": 1,
            "members": members.get(cid, 0),
            "meetings_due": due_months,
            "meetings_held": min(m.get("regular_months", 0), due_months),
            "thematic_due": due_months // every,
            "thematic_held": min(m.get("thematic_quarters", 0), due_months // every),
            "thematic_on_directives": on_directives.get(cid, 0),
            "meetings_total": m.get("meetings_total", 0),
            "meetings_on_time": m.get("on_time", 0),
            "meetings_quality_ok": a.get("meetings_quality_ok", 0),
            "attendance_expected": a.get("attendance_expected", 0),
            "attendance_present": a.get("attendance_present", 0),
            "attendance_absent": a.get("attendance_absent", 0),
            "excused_streaks": streaks.get(cid, 0),
            "meetings_with_assigned": (
                None if assigned is None or not assigned.get(cid) else with_assigned.get(cid, 0)
            ),
        }
        row["cells_reported_on_time"] = int(
            row["meetings_total"] > 0 and row["meetings_on_time"] == row["meetings_total"]
        )
        for source, keys, names in (
            (pledges, ("due", "published"), ("pledges_due", "pledges_published")),
            (commitments, ("total", "completed"), ("commitments_total", "commitments_completed")),
            (remediation, ("total", "on_track"), ("remediation_total", "remediation_on_track")),
            (petitions, ("raised", "answered_in_time"), ("petitions_raised", "petitions_answered_in_time")),
        ):
            values = None if source is None else source.get(cid, dict.fromkeys(keys, 0))
            for key, name in zip(keys, names, strict=True):
                row[name] = None if values is None else values[key]
        scored = score_cell(row, version)
        row["score"] = scored.score
        row["suggested_grade"] = scored.grade
        grade = scored.grade
        row["excellent_count"] = int(grade == Grade.EXCELLENT)
        row["good_count"] = int(grade == Grade.GOOD)
        row["pass_count"] = int(grade == Grade.PASS)
        row["fail_count"] = int(grade == Grade.FAIL)
        # Yếu kém (HD 27-HD/BTCTW): a cell failing its tasks; its secretary and deputy answer for it.
        row["is_weak"] = grade == Grade.FAIL
        row["weak_count"] = int(row["is_weak"])
        names = [n for n in (cell["secretary__full_name"], cell["deputy_secretary__full_name"]) if n]
        row["responsible"] = ", ".join(names) if row["is_weak"] else ""
        rows.append(row)
    return rows


def stage_cells(run: RollupRun, org: PartyOrg | None = None, *, progress=None, snapshot=None) -> int:
    """Compute and insert the cell rows of `run` under `org`; returns how many cells."""
    rows = cell_figures(run, org, progress=progress, snapshot=snapshot)
    with transaction.atomic():
        if org is not None:  # a retried partition replaces its own rows only
            OrgResult.objects.filter(run=run, is_cell=True, path__startswith=part_prefix(run, org)).delete()
        OrgResult.objects.bulk_create(
            [OrgResult(run=run, period_id=run.period_id, is_cell=True, **row) for row in rows],
            batch_size=2000,
        )
    return len(rows)


def aggregate(run: RollupRun):
    """One row per non-cell organisation valid on the structure day with cells under it: sums over
    `cell.path LIKE org.path%`, both paths as on that day."""
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
            FROM o JOIN {table} r ON r.run_id = %s AND r.is_cell = %s AND r.path LIKE o.path || '%%'
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

    def progress(pct, step):
        _set_progress(run.pk, pct, step)

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
    RollupRun.objects.filter(pk=run_id).update(parts_done=F("parts_done") + 1)
    run = RollupRun.objects.only("parts_done", "parts_total").get(pk=run_id)
    if run.parts_total:
        _set_progress(run_id, 5 + 80 * run.parts_done // run.parts_total, "cells")
