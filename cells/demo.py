"""Demo: two years of monthly cell meetings with attendance for every cell, each period's results
computed and announced. 2024-H2 and 2025-H1 on the old tree, announced by the district committees
(`load_before_reform`); 2025-H2 and 2026-H1 on Tỉnh Vĩnh Long's tree, announced by the commune
committees directly under the provincial committee (`load`). Published announcements lock their
period, as on the page.

Deterministic (seeded generator), idempotent (a period that already has meetings is left as it is;
results and announcements are only added when missing), bulk writes only.
"""

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from directives.models import Directive
from units.models import Cadre, PartyOrg

from . import inputs, periods, services, tasks
from .models import Announcement, Attendance, Meeting, MeetingTopic

BEFORE_REFORM = ("2024-H2", "2025-H1")
AFTER_REFORM = ("2025-H2", "2026-H1")
# Most cells meet every month; a few miss a month, some meetings run short, some members are often
# excused: enough for the calendar and the weak-cell flags to show something.
P_MISS_MONTH = 0.04
P_THEMATIC_COMBINED = 0.85
# About 2 % of cells struggle (miss half their meetings, poor attendance): the weak-cell flags.
P_STRUGGLING = 0.02
P_STRUGGLING_MISS = 0.55
DURATIONS = [60, 75, 90, 95, 100, 120, 150]
DURATION_WEIGHTS = [3, 4, 30, 20, 15, 20, 8]
STATUSES = [Attendance.Status.PRESENT, Attendance.Status.EXCUSED, Attendance.Status.ABSENT]
TOPICS = {
    "12-NQ/TW": "Một số vấn đề cấp bách về xây dựng Đảng",
    "04-NQ/TW": "Ngăn chặn, đẩy lùi suy thoái, “tự diễn biến”, “tự chuyển hóa”",
    "05-CT/TW": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "08-QĐi/TW": "Trách nhiệm nêu gương của cán bộ, đảng viên",
}
HALVES = {1: "sáu tháng đầu năm", 7: "sáu tháng cuối năm"}
CHUNK = 200  # cells per bulk batch: bounded memory at --scale 20
# The meeting rules as issued (cells/criteria.py): from CT 50 regular meetings on the 3rd, from HD 42
# documents posted on Sổ tay đảng viên điện tử the day before. Most cells keep them; struggling ones less.
ON_THE_3RD_FROM, DOCUMENTS_AHEAD_FROM = date(2025, 7, 23), date(2025, 10, 28)


def _meetings_for(cell_id, rng, period, struggling):
    out = []
    for first in periods.months(period.starts_on, period.ends_on):
        if rng.random() < (P_STRUGGLING_MISS if struggling else P_MISS_MONTH):
            continue
        year, month = first.year, first.month
        day = date(year, month, rng.randint(5, 25))
        if first >= ON_THE_3RD_FROM.replace(day=1) and rng.random() < (0.4 if struggling else 0.9):
            day = date(year, month, 3)
        quarter_end = month % 3 == 0
        kind = (
            Meeting.Kind.COMBINED
            if quarter_end and rng.random() < P_THEMATIC_COMBINED
            else Meeting.Kind.REGULAR
        )
        out.append((day, kind))
        if quarter_end and kind == Meeting.Kind.REGULAR and rng.random() < 0.5:
            out.append((date(year, month, min(day.day + 2, 28)), Meeting.Kind.THEMATIC))
    return [
        Meeting(
            cell_id=cell_id,
            held_on=day,
            kind=kind,
            duration_minutes=rng.choices(DURATIONS, DURATION_WEIGHTS)[0]
            + (30 if kind == Meeting.Kind.COMBINED else 0),
            days_to_record=rng.choice([0, 0, 1, 1, 2, 3, 5, 9]),
            minutes="Chi bộ thống nhất nghị quyết tháng sau.",
            documents_posted_on=day - timedelta(days=1)
            if day >= DOCUMENTS_AHEAD_FROM and rng.random() < (0.5 if struggling else 0.92)
            else None,
        )
        for day, kind in out
    ]


def _insert_attendance(rows):
    """300,000 rows without a model instance each: COPY on PostgreSQL, executemany elsewhere."""
    table = Attendance._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {table} (meeting_id, member_id, status, reason) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row((*row, ""))
        else:
            cursor.executemany(
                f"INSERT INTO {table} (meeting_id, member_id, status, reason) VALUES (%s, %s, %s, '')", rows
            )


@transaction.atomic
def _generate(period, log):
    rng = random.Random(f"{period.code}-2026")
    cells = list(
        PartyOrg.objects.valid_on(period.ends_on)
        .filter(kind__in=PartyOrg.CELL_KINDS)
        .order_by("pk")
        .values_list("pk", "unit_id")
    )
    members = {}
    for org_id, cadre_id in (
        Cadre.objects.filter(party_org__kind__in=PartyOrg.CELL_KINDS)
        .values_list("party_org_id", "pk")
        .order_by("party_org_id", "pk")
    ):
        members.setdefault(org_id, []).append(cadre_id)
    snap = inputs.snapshot(start=period.starts_on, end=period.ends_on, cell_units=dict(cells))
    assigned = inputs.assigned_cadres(snap, dict(cells)) or {}
    directives = {d.symbol: d.pk for d in Directive.objects.filter(symbol__in=TOPICS)}
    guests_through = Meeting.guests.through
    counts = {"meetings": 0, "attendance": 0}
    for start in range(0, len(cells), CHUNK):
        chunk = cells[start : start + CHUNK]
        meetings, struggling = [], set()
        for cell_id, _unit in chunk:
            if rng.random() < P_STRUGGLING:
                struggling.add(cell_id)
            meetings += _meetings_for(cell_id, rng, period, cell_id in struggling)
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        attendance, topics, guests = [], [], []
        for m in meetings:
            people = members.get(m.cell_id, [])
            weights = [60, 15, 25] if m.cell_id in struggling else [93, 5, 2]
            for member_id, status in zip(people, rng.choices(STATUSES, weights, k=len(people)), strict=True):
                # A member who often works away from home is excused more.
                if member_id % 23 == 0 and status == Attendance.Status.PRESENT and rng.random() < 0.4:
                    status = Attendance.Status.EXCUSED
                attendance.append((m.pk, member_id, status))
            if m.kind != Meeting.Kind.REGULAR and directives:
                symbol = rng.choice(sorted(directives))
                topics.append(
                    MeetingTopic(meeting_id=m.pk, directive_id=directives[symbol], title=TOPICS[symbol])
                )
            cadres = sorted(assigned.get(m.cell_id, ()))
            if cadres and rng.random() < 0.7:
                guests.append(guests_through(meeting_id=m.pk, cadre_id=rng.choice(cadres)))
        _insert_attendance(attendance)
        MeetingTopic.objects.bulk_create(topics, batch_size=2000)
        guests_through.objects.bulk_create(guests, batch_size=2000)
        counts["meetings"] += len(meetings)
        counts["attendance"] += len(attendance)
    return counts


def _announce(period, log):
    """Each committee directly under a provincial committee on the period's last day announces its
    cells' results (the district committees before the reform, the commune committees after), ten
    days after the period ends: published, so the period is locked for its cells."""
    committees = list(
        PartyOrg.objects.valid_on(period.ends_on)
        .filter(parent__kind=PartyOrg.Kind.PROVINCIAL)
        .exclude(kind__in=PartyOrg.CELL_KINDS)
        .select_related("secretary", "unit")
        .order_by("code")
    )
    existing = set(Announcement.objects.filter(period=period).values_list("org_id", flat=True))
    issued = date(period.ends_on.year + (period.ends_on.month == 12), period.ends_on.month % 12 + 1, 10)
    published_at = datetime(issued.year, issued.month, issued.day, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    half = f"{HALVES[period.starts_on.month]} {period.starts_on.year}"
    rows = []
    for n, org in enumerate(committees, start=1):
        if org.pk in existing:
            continue
        district = org.kind == PartyOrg.Kind.DISTRICT
        rows.append(
            Announcement(
                org=org,
                period=period,
                status=Announcement.Status.PUBLISHED,
                number=f"{40 + n}-TB/{'HU' if district else 'ĐU'}",
                place=(org.unit.name if org.unit else org.name).split(" ", 1)[-1],
                issued_on=issued,
                title=services.default_title(org, period),
                body=(
                    "Thực hiện Quy định về chế độ sinh hoạt chi bộ, Ban Thường vụ thông báo kết quả "
                    f"thực hiện {half} của các chi bộ trực thuộc như sau.\n"
                    "Các chi bộ xếp loại yếu kém xây dựng kế hoạch khắc phục, báo cáo trước ngày "
                    f"{issued.day + 21}/{issued.month}/{issued.year}."
                ),
                recipients=(
                    f"Ban Thường vụ Tỉnh ủy (báo cáo)\nCác {'đảng bộ, ' if district else ''}chi bộ "
                    "trực thuộc\nLưu Văn phòng"
                ),
                signer_title="Phó Bí thư Thường trực",
                signer_name=org.secretary.full_name if org.secretary else "",
                published_at=published_at,
            )
        )
    for row in rows:
        row.normalise_text()
    Announcement.objects.bulk_create(rows)
    return len(rows)


def load_period(code: str, *, log=print):
    """One period: meetings for every cell valid on its last day (unless it has meetings already),
    the results computed (unless computed), the announcements published (those missing)."""
    started = time.monotonic()
    period = periods.ensure(code)
    if Meeting.objects.filter(held_on__gte=period.starts_on, held_on__lte=period.ends_on).exists():
        counts = {"meetings": 0, "attendance": 0}
    else:
        counts = _generate(period, log)
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load: stale ones sent the planner into nested loops
            # (minutes instead of a second at --scale 20).
            with connection.cursor() as cursor:
                for model in (Meeting, Attendance, MeetingTopic):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
    period.refresh_from_db()
    computed = ""
    if period.current_run_id is None:
        run = services.rollup_start(period=period, enqueue=False)
        rollup_started = time.monotonic()
        tasks.rollup_period(code, run.pk)
        computed = f", results computed in {time.monotonic() - rollup_started:.1f} s"
    announced = _announce(period, log)
    log(
        f"Cell meetings {code}: {counts['meetings']} meetings and {counts['attendance']} attendance rows added"
        f"{computed}, {announced} announcements published ({time.monotonic() - started:.1f} s)."
    )


def load_before_reform(*, scale: int = 1, log=print):
    for code in BEFORE_REFORM:
        load_period(code, log=log)


def load(*, scale: int = 1, log=print):
    for code in AFTER_REFORM:
        load_period(code, log=log)
