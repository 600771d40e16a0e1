import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from cells import inputs, periods, rollup, services, tasks
from cells.models import Grade, OrgResult, RollupRun

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def run_now(code="2026-H1", **kwargs):
    run = services.rollup_start(period=periods.ensure(code), enqueue=False, today=TODAY, **kwargs)
    assert tasks.rollup_period(code, run.pk)["status"] == "done"
    run.refresh_from_db()
    return run


def results(code="2026-H1"):
    period = periods.ensure(code)
    return {r.org.code: r for r in OrgResult.objects.filter(run=period.current_run).select_related("org")}


def test_it_computes_a_cells_figures_exactly(half_year, orgs):
    run_now()
    a = results()["CBA1-1"]
    assert (a.members, a.meetings_due, a.meetings_held) == (4, 6, 5)
    assert (a.thematic_due, a.thematic_held, a.thematic_on_directives) == (2, 2, 2)
    assert (a.meetings_total, a.meetings_quality_ok) == (5, 1)
    assert (a.attendance_expected, a.attendance_present, a.attendance_absent) == (20, 15, 1)
    assert a.attendance_pct == 75.0
    assert a.excused_streaks == 1
    assert (a.meetings_on_time, a.cells_reported_on_time) == (5, 1)
    # The grade follows from these figures and those the other apps give (see the scoring tests).
    row = {f: getattr(a, f) for f in rollup.SUMMED}
    assert float(a.score) == rollup.score_cell(row, run_criteria()).score
    assert not a.is_weak and a.responsible == ""


def run_criteria():
    """The grading rule version the rollup grades 2026-H1 by (QĐ 366: 90 / 70 / 50)."""
    from grading.models import RuleVersion

    return RuleVersion.objects.in_force(datetime.date(2026, 6, 30))


def figures(**overrides):
    row = dict.fromkeys(rollup.SUMMED, None)
    row.update(
        meetings_due=6,
        meetings_held=5,
        thematic_due=2,
        thematic_held=2,
        attendance_expected=20,
        attendance_present=15,
        meetings_total=5,
        meetings_quality_ok=1,
    )
    row.update(overrides)
    return row


def test_it_scores_on_the_available_figures_only(db):
    criteria = run_criteria()
    # 100 x (30 x 5/6 + 15 x 2/2 + 15 x 15/20 + 10 x 1/5) / 70: unavailable figures are left out.
    assert rollup.score_cell(figures(), criteria) == rollup.Scored(76.1, Grade.GOOD)
    # A pledge due and not published counts (10 points at 0): 53.25 / 80.
    assert rollup.score_cell(figures(pledges_due=1, pledges_published=0), criteria) == rollup.Scored(
        66.6, Grade.PASS
    )
    # Nothing raised is nothing to measure, not a failure.
    assert (
        rollup.score_cell(figures(petitions_raised=0, petitions_answered_in_time=0), criteria).score == 76.1
    )
    perfect = figures(meetings_held=6, attendance_present=20, meetings_quality_ok=5)
    assert rollup.score_cell(perfect, criteria) == rollup.Scored(100.0, Grade.EXCELLENT)
    # "Excellent" needs every earlier shortcoming on track to be remedied.
    lagging = dict(perfect, remediation_total=2, remediation_on_track=1)
    assert rollup.score_cell(lagging, criteria).grade == Grade.GOOD
    assert rollup.score_cell(figures(meetings_held=1, thematic_held=0), criteria).grade == Grade.FAIL
    assert rollup.score_cell(dict.fromkeys(rollup.SUMMED, None), criteria) == rollup.Scored(None, "")


def test_it_flags_a_failing_cell_as_weak_naming_its_secretary(half_year, orgs):
    run_now()
    b = results()["CBB1-1"]
    assert (b.meetings_due, b.meetings_held, b.thematic_held, b.attendance_pct) == (6, 1, 0, 100.0)
    assert b.suggested_grade == Grade.FAIL
    assert b.is_weak
    assert b.responsible == half_year["b"][0].full_name


def test_it_sums_every_level_of_the_party_tree(half_year, orgs):
    run_now()
    rows = results()
    assert set(rows) == {"CBA1-1", "CBB1-1", "DBA1", "DBB1", "DBA", "DBB", "DBP"}
    province = rows["DBP"]
    assert (province.cell_count, province.members, province.meetings_due, province.meetings_held) == (
        2,
        6,
        12,
        6,
    )
    assert (province.attendance_expected, province.attendance_present) == (22, 17)
    assert (province.good_count + province.pass_count, province.fail_count, province.weak_count) == (1, 1, 1)
    assert rows["DBA"].members == rows["DBA1"].members == 4
    # A đảng bộ with more than 1/3 of its cells weak is weak itself; one with none is not.
    assert rows["DBB1"].is_weak and not rows["DBA1"].is_weak


def test_it_reports_figures_of_absent_apps_as_unavailable_not_zero(half_year, orgs):
    run_now()
    a = results()["CBA1-1"]
    for source, field in (("pledges", "pledges_published"), ("petitions", "petitions_raised")):
        if not inputs.available()[source]:
            assert getattr(a, field) is None
        else:
            assert getattr(a, field) == 0


def test_it_is_idempotent_a_rerun_replaces_the_period(half_year, orgs):
    first = run_now()
    before = {code: (r.members, r.attendance_present, r.score) for code, r in results().items()}
    second = run_now()
    assert second.pk != first.pk
    after = {code: (r.members, r.attendance_present, r.score) for code, r in results().items()}
    assert after == before
    assert OrgResult.objects.filter(period__code="2026-H1").count() == len(after)


def test_a_run_that_dies_part_way_leaves_the_previous_result(half_year, orgs):
    first = run_now()
    period = periods.ensure("2026-H1")
    crashed = services.rollup_start(period=period, enqueue=False, today=TODAY)
    assert services.rollup_claim(crashed.pk)
    rollup.stage_cells(crashed)  # the worker dies here, before aggregating and switching
    period.refresh_from_db()
    assert period.current_run_id == first.pk
    assert results()["DBP"].members == 6
    services.rollup_fail(crashed.pk, "worker lost")
    third = run_now()
    assert OrgResult.objects.filter(period=period).exclude(run=third).count() == 0


def test_the_lock_refuses_a_second_run_of_the_same_period(half_year, orgs):
    period = periods.ensure("2026-H1")
    run = services.rollup_start(period=period, enqueue=False, today=TODAY)
    with pytest.raises(services.RollupAlreadyRunning) as refused:
        services.rollup_start(period=period, enqueue=False, today=TODAY)
    assert refused.value.run == run
    # Another period is not held by this lock.
    services.rollup_start(period=periods.ensure("2025-H2"), enqueue=False, today=TODAY)
    # A task started by the schedule while the run waits does nothing.
    assert tasks.rollup_period("2026-H1")["status"] == "locked"
    assert tasks.rollup_period("2026-H1", run.pk)["status"] == "done"
    # The same task delivered twice computes once.
    assert tasks.rollup_period("2026-H1", run.pk)["status"] == "skipped"


def test_a_period_not_yet_over_is_computed_as_provisional(half_year, orgs):
    run = run_now("2026-H2")
    assert run.provisional and run.as_of == TODAY
    # July to October are over on 26/11; November is not due yet.
    assert results("2026-H2")["CBA1-1"].meetings_due == 4


def test_a_period_not_yet_begun_is_refused(orgs):
    with pytest.raises(Exception, match="chưa bắt đầu"):
        services.rollup_start(period=periods.ensure("2027-H1"), enqueue=False, today=TODAY)


@pytest.mark.skipif(
    not settings.CELERY_TASK_ALWAYS_EAGER,
    reason="eager chord; on Redis test_worker.py runs the chord for real",
)
def test_the_fanned_out_rollup_gives_the_same_figures(half_year, orgs, django_capture_on_commit_callbacks):
    run_now()
    single = {code: (r.members, r.attendance_present, r.score, r.weak_count) for code, r in results().items()}
    with django_capture_on_commit_callbacks(execute=True):
        run = services.rollup_start(period=periods.ensure("2026-H1"), fan_out=True, today=TODAY)
    run.refresh_from_db()
    assert run.status == RollupRun.Status.DONE and run.parts_total == 2
    fanned = {code: (r.members, r.attendance_present, r.score, r.weak_count) for code, r in results().items()}
    assert fanned == single


def test_the_schedule_is_in_the_beat_tables_at_the_end_of_june_and_december(db):
    entries = PeriodicTask.objects.filter(task="cells.tasks.rollup_scheduled").select_related("crontab")
    when = sorted((e.crontab.month_of_year, e.crontab.day_of_month, str(e.crontab.timezone)) for e in entries)
    assert when == [("12", "31", "Asia/Ho_Chi_Minh"), ("6", "30", "Asia/Ho_Chi_Minh")]
    assert all(e.enabled for e in entries)


def test_the_set_based_rollup_agrees_with_the_figures_counted_one_by_one(orgs):
    """A seeded half-year over twelve cells (members, kinds, lengths, statuses, a cell opened in
    March, leaders): every cell's figures as counted here from its meetings, and its score and
    grade as `score_cell` gives them from those figures, equal the stored rows."""
    import random

    from cells.models import Meeting
    from tests.cells.factories import meeting, members
    from tests.units.factories import PartyOrgFactory

    rng = random.Random(20261206)
    cells, people = [], {}
    for n in range(12):
        parent = orgs["A1"] if n % 2 else orgs["B1"]
        cell = PartyOrgFactory(
            code=f"R{n}",
            name=f"Chi bộ {n}",
            parent=parent,
            unit=parent.unit,
            valid_from=datetime.date(2026, 3, 15) if n == 5 else None,
        )
        people[cell.pk] = members(cell, rng.randint(2, 7))
        if n % 3 == 0:
            cell.secretary, cell.deputy_secretary = people[cell.pk][0], people[cell.pk][1]
            cell.save()
        cells.append(cell)
        for month in range(1, 7):
            if rng.random() < 0.25:
                continue
            kind = rng.choice(
                [Meeting.Kind.REGULAR, Meeting.Kind.REGULAR, Meeting.Kind.COMBINED, Meeting.Kind.THEMATIC]
            )
            marks = "".join(rng.choice("PPPPPEA") for _ in people[cell.pk])
            meeting(
                cell,
                datetime.date(2026, month, rng.choice([3, 3, 9, 20])),
                marks,
                kind=kind,
                minutes=rng.choice([45, 90, 120, 150]),
                people=people[cell.pk],
                days_to_record=rng.choice([0, 2, 9]),
            )
    run = run_now()
    version = run_criteria()
    rows = {r.org_id: r for r in OrgResult.objects.filter(run=run, is_cell=True)}
    for cell in cells:
        r = rows[cell.pk]
        held = Meeting.objects.filter(
            cell=cell, held_on__range=(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
        )
        due = 4 if cell.valid_from else 6
        regular = {m.held_on.month for m in held if m.kind in Meeting.REGULAR_KINDS}
        quarters = {(m.held_on.month + 2) // 3 for m in held if m.kind in Meeting.THEMATIC_KINDS}
        marks = [a.status for m in held for a in m.attendance.all()]
        assert (r.members, r.meetings_due, r.meetings_held) == (
            len(people[cell.pk]),
            due,
            min(len(regular), due),
        )
        assert (r.thematic_due, r.thematic_held) == (due // 3, min(len(quarters), due // 3))
        assert (r.meetings_total, r.meetings_on_time) == (len(held), sum(m.days_to_record <= 7 for m in held))
        assert (r.attendance_expected, r.attendance_present, r.attendance_absent) == (
            len(marks),
            marks.count("present"),
            marks.count("absent"),
        )
        scored = rollup.score_cell({f: getattr(r, f) for f in rollup.SUMMED}, version)
        assert (r.score, r.suggested_grade) == (
            None if scored.score is None else Decimal(str(scored.score)),
            scored.grade,
        )
        assert r.is_weak == (scored.grade == Grade.FAIL)
        leaders = [c.full_name for c in (cell.secretary, cell.deputy_secretary) if c]
        assert r.responsible == (", ".join(leaders) if r.is_weak else "")
    province = OrgResult.objects.get(run=run, org=orgs["P"])
    assert province.attendance_present == sum(r.attendance_present for r in rows.values())
    assert province.cell_count == len(rows)
