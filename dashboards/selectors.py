"""The leaders' dashboard: every read behind one page (and its Excel and PDF exports).

A dashboard is one party organisation (province, district, grassroots committee...) and one
six-monthly period. Its figures come from stored rollups (`cells.OrgResult`, one row per
organisation and period) and from a few path-prefix GROUP BY queries (assignment coverage,
petitions, secretaries' pledges), so the number of queries does not grow with the tree: about a
dozen per page, whatever the size. Scope is applied by the caller (`units.scope.org_for`) and again
here for the breadcrumb and the lists (`units.scope.org_q`).

A figure whose source is missing for the period is None ("chưa có dữ liệu"), never zero.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connections, router, transaction
from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, StrIndex, Substr
from django.utils import timezone

from assignments.models import Petition
from assignments.selectors import coverage_by_child
from cells.models import Announcement, Grade, GradeOverride, OrgResult, Period
from cells.rollup import SUMMED
from cells.structure import children_on
from pledges.models import Pledge
from pledges.selectors import orgs_valid_in
from units.models import PartyOrg, Unit
from units.reorg import org_predecessor_ids
from units.scope import can_see_org, can_see_unit, fetch, org_q

# Figures that add up across organisations (a merged commune's predecessors).
SUMMED_FIGURES = [*SUMMED, "weak_count", "excellent_count", "good_count", "pass_count", "fail_count"]

# How many periods the trend lines go back (the current one included).
TREND_PERIODS = 6

# How many weak organisations the page lists (the worst first by path order); the rest are counted
# and are all in the Excel file. The province of the demo had 1,292: a 56,000 px page.
WEAK_SHOWN = 25

GRADES = [Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL]
GRADE_FIELDS = {
    Grade.EXCELLENT: "excellent_count",
    Grade.GOOD: "good_count",
    Grade.PASS: "pass_count",
    Grade.FAIL: "fail_count",
}


def pct(part, whole):
    if part is None or whole is None or not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass
class Grades:
    """Cells per grade (the committee's decision where it replaced the suggested grade) and weak."""

    excellent: int = 0
    good: int = 0
    passed: int = 0
    fail: int = 0
    weak: int = 0

    @classmethod
    def of(cls, result: OrgResult | None):
        if result is None:
            return None
        return cls(
            result.excellent_count, result.good_count, result.pass_count, result.fail_count, result.weak_count
        )

    def move(self, old: str, new: str):
        """A cell whose suggested grade `old` the committee replaced by `new`."""
        attr = {Grade.EXCELLENT: "excellent", Grade.GOOD: "good", Grade.PASS: "passed", Grade.FAIL: "fail"}
        if old in attr:
            setattr(self, attr[old], getattr(self, attr[old]) - 1)
        if new in attr:
            setattr(self, attr[new], getattr(self, attr[new]) + 1)
        # A cell is weak when it did not complete its tasks (cells.rollup): follow the decision.
        self.weak += int(new == Grade.FAIL) - int(old == Grade.FAIL)

    @property
    def total(self) -> int:
        return self.excellent + self.good + self.passed + self.fail

    def as_list(self) -> list[int]:
        return [self.excellent, self.good, self.passed, self.fail]


@dataclass
class Petitions:
    raised: int = 0
    answered: int = 0
    answered_in_time: int = 0
    open: int = 0
    overdue: int = 0
    avg_days: float | None = None

    @property
    def in_time_pct(self):
        return pct(self.answered_in_time, self.raised)


@dataclass
class Child:
    org: PartyOrg
    result: OrgResult | None
    grades: Grades | None
    coverage_total: int | None = None
    coverage_covered: int | None = None
    petitions: Petitions | None = None

    @property
    def coverage_pct(self):
        return pct(self.coverage_covered, self.coverage_total)

    @property
    def commitments_pct(self):
        r = self.result
        return pct(r.commitments_completed, r.commitments_total) if r else None


@dataclass
class TrendPoint:
    period: Period
    result: OrgResult | None

    def figure(self, name):
        r = self.result
        if r is None:
            return None
        return {
            "meetings": r.meetings_pct,
            "attendance": r.attendance_pct,
            "pledges": r.pledges_pct,
            "commitments": pct(r.commitments_completed, r.commitments_total),
            "petitions": r.petitions_pct,
            "weak": r.weak_count,
        }[name]


@dataclass
class Dashboard:
    org: PartyOrg
    unit: Unit | None
    period: Period | None
    periods: list[Period]
    as_of: date | None
    breadcrumb: list[PartyOrg] = field(default_factory=list)
    own: OrgResult | None = None
    grades: Grades | None = None
    children: list[Child] = field(default_factory=list)
    weak: list[OrgResult] = field(default_factory=list)
    coverage: list[dict] | None = None
    pledges_by_level: list[dict] | None = None
    petitions: Petitions | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    # True while the results are not final: computed before the period ended, or not (wholly)
    # published by the committees that announce them. None when nothing is computed.
    provisional: bool | None = None
    published_cells: int | None = None

    @property
    def computed(self) -> bool:
        return self.own is not None

    @property
    def weak_shown(self) -> list:
        return self.weak[:WEAK_SHOWN]

    @property
    def weak_hidden(self) -> int:
        return max(0, len(self.weak) - WEAK_SHOWN)

    @property
    def commitments_pct(self):
        return pct(self.own.commitments_completed, self.own.commitments_total) if self.own else None


@contextmanager
def read_transaction():
    """The dashboard's reads in one transaction on the database they are routed to; on PostgreSQL with
    JIT compilation off for it: the planner's cost for the coverage GROUP BY at `--scale 20` triggers
    JIT, whose compile time (≈ 400 ms, EXPLAIN ANALYZE) exceeded the query's own run time (≈ 220 ms)."""
    alias = router.db_for_read(PartyOrg)
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    # One snapshot for every read: a rollup published between two of them (the
                    # period's current run, then its rows) would otherwise show no results.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET LOCAL jit = off")
        yield


def computed_periods(limit: int = TREND_PERIODS, *, before: Period | None = None) -> list[Period]:
    """The latest periods with published results (newest first), up to `before` if given."""
    qs = Period.objects.filter(current_run__isnull=False).select_related("current_run")
    if before is not None:
        qs = qs.filter(starts_on__lte=before.starts_on)
    return list(qs.order_by("-starts_on")[:limit])


def pick_period(code: str | None, periods: list[Period]) -> Period | None:
    """The period asked for (any known period, computed or not), else the latest computed one."""
    if code:
        for period in periods:
            if period.code == code:
                return period
        return Period.objects.filter(code=code).select_related("current_run").first()
    return periods[0] if periods else None


def _child_segment(path_field: str, prefix: str):
    """SQL: the id in `path_field` that follows `prefix` (the child of the node with that path)."""
    rest = Substr(path_field, len(prefix) + 1)
    return Cast(Substr(rest, 1, StrIndex(rest, Value(".")) - 1), IntegerField())


def _petition_aggregates(as_of: date) -> dict:
    answered = Q(answered_on__isnull=False, answered_on__lte=as_of)
    in_time = answered & (Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))
    # Open: not answered by then and not closed otherwise (RESOLVED without an answer date).
    still_open = ~answered & Q(status__in=Petition.OPEN)
    return {
        "raised": Count("pk"),
        "answered": Count("pk", filter=answered),
        "answered_in_time": Count("pk", filter=in_time),
        "open": Count("pk", filter=still_open),
        "overdue": Count("pk", filter=still_open & Q(due_on__lt=as_of)),
        "avg": Avg(F("answered_on") - F("raised_on"), filter=answered),
    }


def _petitions_from(row: dict) -> Petitions:
    avg = row.pop("avg", None)
    days = None
    if avg is not None:
        days = (
            round(avg.total_seconds() / 86400, 1)
            if hasattr(avg, "total_seconds")
            else round(avg / 86400e6, 1)
        )
    return Petitions(
        **{k: row[k] for k in ("raised", "answered", "answered_in_time", "open", "overdue")}, avg_days=days
    )


def petitions_under(unit: Unit, period: Period, as_of: date):
    """Petitions raised in the period anywhere under `unit`: the total, and per direct child unit
    (two GROUP BY queries over the unit path prefix). As of the period's end (or today)."""
    base = Petition.objects.filter(
        unit__path__startswith=unit.path, raised_on__gte=period.starts_on, raised_on__lte=period.ends_on
    )
    total = _petitions_from(base.aggregate(**_petition_aggregates(as_of)))
    per_child = {}
    rows = (
        base.exclude(unit_id=unit.pk)
        .annotate(child_id=_child_segment("unit__path", unit.path))
        .values("child_id")
        .annotate(**_petition_aggregates(as_of))
        .order_by("child_id")
    )
    for row in rows:
        child_id = row.pop("child_id")
        per_child[child_id] = _petitions_from(row)
    return total, per_child


def pledges_by_level(org: PartyOrg, year: int) -> list[dict]:
    """Secretaries of the organisations under `org` (itself included) and how many published their
    pledge for `year`, per level of the organisation they lead. One GROUP BY level."""
    published = Pledge.objects.filter(
        year=year, cadre=OuterRef("secretary_id"), published_version__isnull=False
    )
    rows = (
        orgs_valid_in(year)
        .filter(path__startswith=org.path, secretary__isnull=False)
        .annotate(published=Exists(published))
        .values("level")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(published=True)))
        .order_by("level")
    )
    names = {1: "province", 2: "district", 3: "grassroots", 4: "cell"}
    return [
        {
            "level": r["level"],
            "key": names.get(r["level"], ""),
            "total": r["total"],
            "done": r["done"],
            "pct": pct(r["done"], r["total"]),
        }
        for r in rows
    ]


def _predecessors_summed(org: PartyOrg, periods: list[Period]) -> dict[int, OrgResult]:
    """Per period, the figures of the organisations `org` was formed from (through reorganisations),
    summed into one unsaved OrgResult: the trend of a merged commune reads across the merge.
    One query per reorganisation generation (usually one, finding none), plus one for the sums."""
    predecessors = org_predecessor_ids([org.pk])[org.pk]
    if not predecessors:
        return {}
    rows = (
        OrgResult.objects.filter(org_id__in=predecessors, run_id__in=[p.current_run_id for p in periods])
        .values("period_id")
        .annotate(**{name: Sum(name) for name in SUMMED_FIGURES})
    )
    return {row.pop("period_id"): OrgResult(org=org, **row) for row in rows}


def dashboard(user, org: PartyOrg, *, period_code: str | None = None, today: date | None = None) -> Dashboard:
    """Everything one dashboard page shows for `org` (already checked in scope) and a period."""
    today = today or timezone.localdate()
    periods = computed_periods()
    period = pick_period(period_code, periods)
    unit = org.unit if org.unit_id and can_see_unit(user, org.unit) else None
    as_of = min(period.ends_on, today) if period else None
    board = Dashboard(org=org, unit=unit, period=period, periods=periods, as_of=as_of)
    board.breadcrumb = _breadcrumb(user, org)
    # The organisations directly under this one on the period's last day (that day's tree), in scope.
    child_orgs = list(
        children_on(org, period.ends_on if period else today).filter(org_q(user)).select_related("unit")
    )
    results = _trend_and_results(board, child_orgs)
    board.grades = Grades.of(board.own)
    board.children = [Child(c, results.get(c.pk), Grades.of(results.get(c.pk))) for c in child_orgs]
    if board.own is not None:
        _weak_and_decisions(board, period)
        _publication_state(board, period)
    if unit is not None and period is not None:
        _coverage_and_petitions(board, unit, period)
    if period is not None:
        board.pledges_by_level = pledges_by_level(org, period.starts_on.year)
    return board


def _breadcrumb(user, org: PartyOrg) -> list[PartyOrg]:
    ancestor_ids = org.ancestor_ids()
    if not ancestor_ids:
        return []
    return list(
        PartyOrg.objects.filter(org_q(user), pk__in=ancestor_ids)
        .only("pk", "code", "name", "path")
        .order_by("path")
    )


def _trend_and_results(board: Dashboard, child_orgs: list[PartyOrg]) -> dict[int, OrgResult]:
    """Sets the organisation's own result and its trend on `board`; returns its children's results
    for the period by organisation id. One query (two for a period older than the selector lists)."""
    org, period, periods = board.org, board.period, board.periods
    if period is None:
        return {}
    if not period.current_run_id:
        board.trend = [TrendPoint(period, None)]
        return {}
    if period in periods:
        trend_periods = [p for p in periods if p.starts_on <= period.starts_on][:TREND_PERIODS]
    else:  # an older period than the selector lists: its own preceding periods (one more query)
        trend_periods = computed_periods(before=period)
    rows = OrgResult.objects.filter(run_id__in=[p.current_run_id for p in trend_periods]).filter(
        Q(org=org) | Q(run_id=period.current_run_id, org__in=[c.pk for c in child_orgs])
    )
    own_by_period, results = {}, {}
    for row in rows:
        if row.org_id == org.pk:
            own_by_period[row.period_id] = row
        else:
            results[row.org_id] = row
    board.own = own_by_period.get(period.pk)
    missing = [p for p in trend_periods if p.pk not in own_by_period]
    if missing:
        # Before a merge this organisation did not exist: its trend reads its predecessors' sums.
        own_by_period.update(_predecessors_summed(org, missing))
    board.trend = [TrendPoint(p, own_by_period.get(p.pk)) for p in reversed(trend_periods)]
    return results


def _publication_state(board: Dashboard, period: Period):
    """Final once the period is over and every cell's results are published; "tạm tính" before."""
    run = period.current_run
    board.published_cells = 0 if run is None or run.provisional else published_cells(board.own, period)
    board.provisional = bool(run is None or run.provisional or board.published_cells < board.own.cell_count)


def _coverage_and_petitions(board: Dashboard, unit: Unit, period: Period):
    """Assignment coverage per level and per child, and the petitions, under the visible `unit`.
    One GROUP BY (child, level) gives both the per-level coverage and each child's."""
    by_child, by_level = {}, {}
    for r in coverage_by_child(unit, on=board.as_of):
        total, covered = by_child.get(r["child_id"], (0, 0))
        by_child[r["child_id"]] = (total + r["total"], covered + r["covered"])
        total, covered = by_level.get(r["level"], (0, 0))
        by_level[r["level"]] = (total + r["total"], covered + r["covered"])
    board.coverage = [
        {
            "level": level,
            "name": Unit.LEVEL_NAMES.get(level, level),
            "total": total,
            "covered": covered,
            "uncovered": total - covered,
            "pct": pct(covered, total),
        }
        for level, (total, covered) in sorted(by_level.items())
    ]
    board.petitions, petitions_by_child = petitions_under(unit, period, board.as_of)
    for child in board.children:
        if child.org.unit_id and child.org.unit.parent_id == unit.pk:
            child.coverage_total, child.coverage_covered = by_child.get(child.org.unit_id, (0, 0))
            child.petitions = petitions_by_child.get(child.org.unit_id, Petitions())


def published_cells(own: OrgResult, period: Period) -> int:
    """How many of the cells under `own` (an organisation's result in the period's current run) have
    their results published: all of them when a published announcement's committee is this
    organisation or above it (its path, on the period's tree, prefixes this one's), else the cells
    of the published committees under it. One query (the published committees' rows)."""
    published = (
        OrgResult.objects.filter(
            run_id=period.current_run_id,
            org_id__in=Announcement.objects.filter(
                period=period, status=Announcement.Status.PUBLISHED
            ).values("org_id"),
        )
        .order_by("path")
        .values_list("path", "cell_count")
    )
    covered, counted = 0, []
    for path, cells in published:
        if own.path.startswith(path):
            return own.cell_count
        if path.startswith(own.path) and not any(path.startswith(c) for c in counted):
            counted.append(path)
            covered += cells or 0
    return min(covered, own.cell_count)


def _weak_and_decisions(board: Dashboard, period: Period):
    """One query for the weak organisations under `board.org` and the cells whose grade the superior
    committee decided (`GradeOverride`). A decision replaces the suggested grade in the counts of the
    organisation and of the child it lies under; a cell decided "fail" is weak, a weak cell decided
    higher is not. Weak rows without named leaders get the organisation's secretary and deputy."""
    org = board.org
    prefix = board.own.path  # the organisation's path on the period's tree, stored with its result
    # At most one decision per organisation and period (cells_override_unique_org_period).
    decided = (
        GradeOverride.objects.filter(period=period, org_id=OuterRef("org_id")).order_by().values("grade")[:1]
    )
    rows = (
        OrgResult.objects.filter(run_id=period.current_run_id, path__startswith=prefix)
        .exclude(org=org)
        .filter(
            Q(is_weak=True)
            | Q(is_cell=True, org_id__in=GradeOverride.objects.filter(period=period).values("org_id"))
        )
        .annotate(decided=Subquery(decided))
        .select_related("org", "org__unit", "org__parent", "org__secretary", "org__deputy_secretary")
        .order_by("path")
    )
    by_child = {c.org.pk: c for c in board.children}
    board.weak = []
    for row in rows:
        if row.is_cell and row.decided:
            if row.decided != row.suggested_grade:
                board.grades.move(row.suggested_grade, row.decided)
                rest = row.path[len(prefix) :]
                child = by_child.get(int(rest.split(".", 1)[0])) if rest else None
                if child is not None and child.grades is not None:
                    child.grades.move(row.suggested_grade, row.decided)
            weak = row.decided == Grade.FAIL
        else:
            weak = row.is_weak
        if not weak:
            continue
        if not row.responsible:
            leaders = (row.org.secretary, row.org.deputy_secretary)
            row.responsible = ", ".join(c.full_name for c in leaders if c is not None)
        board.weak.append(row)


def _on_org_in_scope(user, note) -> bool:
    return can_see_org(user, note.org)


def note_for(user, pk, *, deleted=False):
    """The access helper for dashboard notes and answers (dashboards.Interpretation), by id: 404
    unknown (or deleted, unless `deleted`), 403 on an organisation outside the scope."""
    from .models import Interpretation

    found = Interpretation.objects.select_related("org", "org__unit", "period", "author", "parent")
    if not deleted:
        found = found.filter(deleted_at__isnull=True)
    return fetch(found, _on_org_in_scope, user, pk=pk)
