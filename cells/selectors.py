"""Reads of the cells app: scope applied, relations loaded, bounded query counts."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from common.text import search_words
from units.models import Cadre, PartyOrg
from units.scope import org_for, org_q

from . import periods, structure
from .criteria import meeting_shortfalls, version_for
from .models import (
    Attendance,
    GradeOverride,
    Meeting,
    MeetingTask,
    MeetingTopic,
    OrgResult,
    Period,
    QualityCriteria,
)


def cells_in_scope(user, *, query: str = "", day: date | None = None):
    qs = (
        PartyOrg.objects.valid_on(day)
        .filter(org_q(user), kind__in=PartyOrg.CELL_KINDS)
        .select_related("parent", "secretary")
        .order_by("path")
    )
    for word in search_words(query):
        qs = qs.filter(search_text__contains=word)
    return qs


def with_member_counts(cells):
    """Set `member_count` on a page of cells with one GROUP BY (cheaper than annotating the count query)."""
    cells = list(cells)
    counts = dict(
        Cadre.objects.filter(party_org__in=cells)
        .values("party_org_id")
        .annotate(n=Count("pk"))
        .values_list("party_org_id", "n")
    )
    for cell in cells:
        cell.member_count = counts.get(cell.pk, 0)
    return cells


def cell_members(cell):
    return Cadre.objects.filter(party_org=cell).order_by("full_name", "code")


def meetings_of(cell, *, start: date, end: date):
    """A cell's meetings in [start, end] with topics and attendance counts (3 queries)."""
    return (
        Meeting.objects.filter(cell=cell, held_on__gte=start, held_on__lte=end, status=Meeting.Status.HELD)
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
            excused=Count("attendance", filter=Q(attendance__status=Attendance.Status.EXCUSED)),
            absent=Count("attendance", filter=Q(attendance__status=Attendance.Status.ABSENT)),
            total=Count("attendance"),
        )
        .prefetch_related(
            Prefetch("topics", queryset=MeetingTopic.objects.select_related("directive", "item")),
            Prefetch("guests", queryset=Cadre.objects.only("pk", "full_name", "position")),
        )
        .order_by("held_on", "kind")
    )


@dataclass
class MeetingFlags:
    meeting: Meeting
    shortfalls: list[str] = field(default_factory=list)
    streak_members: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.shortfalls and not self.streak_members


@dataclass
class MonthRow:
    month: date
    meetings: list[MeetingFlags]
    missed: bool
    due: bool


@dataclass
class Calendar:
    period: Period
    months: list[MonthRow]
    quarters: list[tuple[str, bool, bool]]  # (label, thematic held, due)

    @property
    def missed_months(self) -> int:
        return sum(1 for m in self.months if m.missed)

    @property
    def missed_thematic(self) -> int:
        return sum(1 for _label, held, due in self.quarters if due and not held)

    @property
    def short_meetings(self) -> int:
        return sum(1 for m in self.months for f in m.meetings if not f.ok)


def _excused_streaks(cell, start: date, end: date, versions) -> dict[int, list[str]]:
    """meeting id -> the members whose absence with reason at that meeting made one too many in a
    row (the limit of the criteria in force on `end`), over the cell's meetings from `start` to `end`
    in meeting order. One query."""
    limit = version_for(versions, end)
    if not limit:
        return {}
    rows = (
        Attendance.objects.filter(
            meeting__cell=cell,
            meeting__status=Meeting.Status.HELD,
            meeting__held_on__gte=start,
            meeting__held_on__lte=end,
        )
        .order_by("meeting__held_on", "meeting_id")
        .values_list("meeting_id", "member_id", "member__full_name", "status")
    )
    runs = defaultdict(int)
    streaks = defaultdict(list)
    for meeting_id, member_id, name, status in rows:
        runs[member_id] = runs[member_id] + 1 if status == Attendance.Status.EXCUSED else 0
        if runs[member_id] == limit.max_excused_in_a_row + 1:
            streaks[meeting_id].append(name)
    return streaks


def calendar(cell, period: Period, *, today: date | None = None) -> Calendar:
    """A cell's months in `period`: missed monthly meetings, quarters without a thematic meeting, and
    each meeting's shortfalls against the criteria version in force on its date. One cell, so the
    "absent with reason more than N times in a row" check reads that cell's year in Python."""
    today = today or timezone.localdate()
    versions = list(QualityCriteria.objects.order_by("-effective_from"))
    meetings = list(meetings_of(cell, start=period.starts_on, end=period.ends_on))
    streaks = _excused_streaks(cell, date(period.starts_on.year, 1, 1), period.ends_on, versions)
    by_month = defaultdict(list)
    for m in meetings:
        criteria = version_for(versions, m.held_on)
        flags = MeetingFlags(m, streak_members=streaks.get(m.pk, []))
        if criteria:
            flags.shortfalls = meeting_shortfalls(
                criteria, m, present=m.present, total=m.total, absent=m.absent
            )
        by_month[(m.held_on.year, m.held_on.month)].append(flags)

    rows = []
    for first in periods.months(period.starts_on, period.ends_on):
        items = by_month.get((first.year, first.month), [])
        due = periods.month_end(first) <= today and not (
            cell.valid_from and periods.month_end(first) < cell.valid_from
        )
        has_regular = any(f.meeting.kind in Meeting.REGULAR_KINDS for f in items)
        rows.append(MonthRow(first, items, missed=due and not has_regular, due=due))
    quarters = []
    months = periods.months(period.starts_on, period.ends_on)
    for q in range(0, len(months), 3):
        chunk = months[q : q + 3]
        held = any(
            f.meeting.is_thematic for first in chunk for f in by_month.get((first.year, first.month), [])
        )
        due = periods.month_end(chunk[-1]) <= today
        label = f"{chunk[0]:%m}–{chunk[-1]:%m/%Y}"
        quarters.append((label, held, due))
    return Calendar(period, rows, quarters)


def current_results(period: Period):
    """The rows of the period's current run (empty before any run)."""
    return OrgResult.objects.filter(run_id=period.current_run_id).select_related("org")


def child_results(user, period: Period, org: PartyOrg):
    """The organisations directly under `org` on the period's last day (the tree of that day) in the
    user's scope, with their results if computed."""
    children = structure.children_on(org, period.ends_on).filter(org_q(user))
    results = {r.org_id: r for r in current_results(period).filter(org__in=children)}
    return [(child, results.get(child.pk)) for child in children]


def cell_results_under(period: Period, org: PartyOrg):
    """Every cell's result under `org` (on the period's tree: the paths stored with the results) with
    the committee's override, ordered by the tree (3 queries)."""
    cells = OrgResult.objects.filter(
        run_id=period.current_run_id,
        is_cell=True,
        path__startswith=structure.org_path_on(org, period.ends_on),
    )
    rows = list(cells.select_related("org__parent", "org__secretary").order_by("path"))
    overrides = {
        o.org_id: o for o in GradeOverride.objects.filter(period=period, org_id__in=cells.values("org_id"))
    }
    for row in rows:
        row.override = overrides.get(row.org_id)
        row.final_grade = row.override.grade if row.override else row.suggested_grade
    return rows


def meeting_verdict(meeting: Meeting):
    """The quality verdict of one held meeting, as the cell's calendar gives it: `(flags, criteria)`,
    judged by the criteria version in force on its date, with the attendance streaks of its year up
    to that day. Attendance is read from the prefetched marks; two queries."""
    versions = list(QualityCriteria.objects.order_by("-effective_from"))
    criteria = version_for(versions, meeting.held_on)
    streaks = _excused_streaks(meeting.cell, date(meeting.held_on.year, 1, 1), meeting.held_on, versions)
    flags = MeetingFlags(meeting, streak_members=streaks.get(meeting.pk, []))
    if criteria:
        marks = [a.status for a in meeting.attendance.all()]
        flags.shortfalls = meeting_shortfalls(
            criteria,
            meeting,
            present=marks.count(Attendance.Status.PRESENT),
            total=len(marks),
            absent=marks.count(Attendance.Status.ABSENT),
        )
    return flags, criteria


def agenda_tasks(meeting: Meeting):
    """The tasks of the cell's resolution on `meeting`'s agenda: decided at an earlier held meeting and
    open on its day (still open, or closed on that day or later) — so a task is on every agenda
    until it is closed. One query."""
    from .services import day_start

    return (
        MeetingTask.objects.filter(
            cell_id=meeting.cell_id,
            meeting__status=Meeting.Status.HELD,
            meeting__held_on__lt=meeting.held_on,
        )
        .filter(Q(status=MeetingTask.Status.OPEN) | Q(closed_at__gte=day_start(meeting.held_on)))
        .select_related("owner", "meeting", "closed_by")
        .order_by("deadline", "pk")
    )


def planned_meetings(cell):
    """The cell's planned meetings not yet held, soonest first."""
    return Meeting.objects.filter(cell=cell, status=Meeting.Status.PLANNED).order_by("held_on", "kind")


def open_tasks(cell):
    return (
        MeetingTask.objects.filter(cell=cell, status=MeetingTask.Status.OPEN)
        .select_related("owner", "meeting")
        .order_by("deadline", "pk")
    )


# --- access helpers (units.scope: 404 unknown, 403 outside the scope) ---------------------------


def cell_for(user, code) -> PartyOrg:
    """A party cell by code: `units.scope.org_for`, and 404 for an organisation that is not a cell."""
    org = org_for(user, code)
    if not org.is_cell:
        raise Http404
    return org


def meeting_for(user, code, pk) -> tuple[PartyOrg, Meeting]:
    """A meeting of a cell in scope, with what its page shows (topics, guests, attendance, documents)."""
    cell = cell_for(user, code)
    found = list(
        Meeting.objects.select_related("chair", "recorder", "recorded_by")
        .prefetch_related(
            "topics__directive", "topics__item__directive", "guests", "attendance__member", "documents"
        )
        .filter(pk=pk, cell=cell)
    )
    if not found:
        raise Http404
    meeting = found[0]
    meeting.cell = cell  # fetched with its parent by the access helper
    return cell, meeting


def task_for(user, code, pk) -> tuple[PartyOrg, MeetingTask]:
    """A follow-up task of a cell in scope."""
    cell = cell_for(user, code)
    task = MeetingTask.objects.select_related("meeting", "owner", "cell").filter(pk=pk, cell=cell).first()
    if task is None:
        raise Http404
    return cell, task
