"""Published history across the 2025 reform: districts abolished and communes merged on 01/07/2025.

    before:  Tỉnh P ── Huyện A ── Xã A1 ── Ấp A1-1        after:  Tỉnh P ── Xã AH (A1 + A2) ── Ấp A1-1
                    │          └─ Xã A2 ── Ấp A2-1                      │                     └─ Ấp A2-1
                    └─ Huyện B ── Xã B1 ── Ấp B1-1                      └─ Xã B1 ── Ấp B1-1

Each cell meets every month from 07/2024 to 12/2025. 2024-H2, 2025-H1 and 2025-H2 are computed on the
old tree; Đảng bộ huyện A publishes 2025-H1 (its two cells' results); then the reform is applied with
`units.reorg` and every period is computed again.
"""

import datetime
import hashlib

import pytest
from django.urls import reverse

from cells import periods, selectors, services, tasks
from cells.models import Attendance, Meeting, OrgResult, PastPath, Period
from tests.accounts.factories import PASSWORD
from tests.cells.conftest import CELLS
from tests.dashboards.conftest import primary_only  # noqa: F401 (the dashboards read the primary here)
from units import reorg
from units.models import PartyOrg, Reorganisation, Unit

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 26)
REFORM = D(2025, 7, 1)


def compute(code):
    run = services.rollup_start(period=periods.ensure(code), enqueue=False, today=TODAY)
    assert tasks.rollup_period(code, run.pk)["status"] == "done"
    return run


def result_hash(code) -> str:
    """A hash of every stored OrgResult row of the period, every column."""
    rows = OrgResult.objects.filter(period__code=code).order_by("pk").values_list()
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def figures(code) -> dict:
    """Per organisation id: every figure of the period's current rows (not the run or row ids)."""
    skip = {"id", "run"}
    names = [f.attname for f in OrgResult._meta.concrete_fields if f.name not in skip]
    return {
        row[names.index("org_id")]: row
        for row in OrgResult.objects.filter(
            period__code=code, run=periods.ensure(code).current_run
        ).values_list(*names)
    }


def locked_cells(day) -> set[str]:
    return {
        code
        for code in CELLS
        if services.period_lock(PartyOrg.objects.get(code=f"CB{code}"), day) is not None
    }


def stored():
    """Every meeting and attendance mark."""
    return (
        list(
            Meeting.objects.order_by("pk").values_list("pk", "cell_id", "held_on", "kind", "duration_minutes")
        ),
        list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "member_id", "status")),
    )


def publish(org, code, user):
    announcement = services.announcement_save(org=org, period=periods.ensure(code), acting_user=user)
    services.announcement_publish(announcement=announcement, acting_user=user)


def apply_reform(tree, office, day=REFORM):
    """Xã A1 and Xã A2 merge into Xã An Hòa Phú under the province; then the district level goes."""
    reorg.unit_merge(
        sources=[tree["A1"], tree["A2"]],
        code="AH",
        name="Xã An Hòa Phú",
        kind=Unit.Kind.COMMUNE,
        parent=tree["P"],
        effective_on=day,
        acting_user=office,
    )
    reorg.unit_abolish_level(root=tree["P"], level=2, effective_on=day, acting_user=office)


def test_the_reform_keeps_every_published_result_and_lock_and_runs_later_periods_on_the_new_tree(
    world, tree, orgs, leader_a, secretary_a1, office, client
):
    for code in ("2024-H2", "2025-H1", "2025-H2"):
        compute(code)
    publish(orgs["A"], "2025-H1", leader_a)
    published_hash = result_hash("2025-H1")
    past_figures = figures("2024-H2")
    assert locked_cells(D(2025, 3, 12)) == {"A1-1", "A2-1"}

    apply_reform(tree, office)

    # The new tree: the cells are the same rows, under the merged commune's committee, under the province.
    a11 = PartyOrg.objects.get(code="CBA1-1")
    merged = PartyOrg.objects.valid_on(REFORM).get(unit__code="AH")
    assert a11.parent == merged and merged.parent == orgs["P"]
    assert PartyOrg.objects.get(pk=orgs["A"].pk).valid_to == D(2025, 6, 30)
    assert PastPath.objects.get(org=a11).path == orgs["A1-1"].path  # the path it had up to 30/06/2025

    # Every rollup again: the published period is refused, the others are recomputed.
    refused = {}
    for period in Period.objects.order_by("starts_on"):
        before = period.current_run_id
        try:
            run = compute(period.code)
        except services.PeriodPublished as exc:
            refused[period.code] = " ".join(exc.messages)
        else:
            assert run.pk != before
    assert refused == {
        "2025-H1": "Kết quả kỳ 2025-H1 đã được Đảng bộ huyện A công bố: không thể tính lại, trừ khi cấp ủy "
        "đó mở lại kỳ và ghi rõ lý do."
    }
    assert result_hash("2025-H1") == published_hash
    # An unpublished period before the reform is recomputed on its own (old) tree: the same figures.
    assert figures("2024-H2") == past_figures

    # Every cell that was locked still is: its 2025-H1 meetings cannot be recorded or corrected.
    assert locked_cells(D(2025, 3, 12)) == {"A1-1", "A2-1"}
    assert locked_cells(D(2025, 9, 12)) == set()
    before = stored()
    people = world["A1-1"]
    args = dict(
        cell=a11,
        kind="regular",
        duration_minutes=90,
        attendance={p.pk: ("present", "") for p in people},
        acting_user=secretary_a1,
    )
    with pytest.raises(services.ValidationError, match="Kết quả kỳ 2025-H1 đã được Đảng bộ huyện A công bố"):
        services.meeting_record(held_on=D(2025, 4, 20), **args)
    march = Meeting.objects.get(cell=a11, held_on=D(2025, 3, 12))
    with pytest.raises(services.ValidationError, match="Đảng bộ huyện A"):
        services.meeting_record(held_on=march.held_on, meeting=march, **{**args, "duration_minutes": 30})
    assert stored() == before

    # 2025-H2 ran on the new tree: cells under the merged commune's committee, summed to the province.
    h2 = {
        r.org.code: r
        for r in OrgResult.objects.filter(run=periods.ensure("2025-H2").current_run).select_related("org")
    }
    assert set(h2) == {"DBP", merged.code, "DBB1", "CBA1-1", "CBA2-1", "CBB1-1"}
    assert (h2[merged.code].cell_count, h2["DBP"].cell_count) == (2, 3)
    assert h2["CBA1-1"].path.startswith(merged.path) and h2["DBB1"].org.valid_from == REFORM
    assert (h2[merged.code].meetings_held, h2["DBP"].meetings_held) == (12, 18)

    # Reading 2025-H1: the district's committees of that time, with their published results.
    h1 = periods.ensure("2025-H1")
    children = selectors.child_results(office, h1, orgs["A"])
    assert [(c.code, r.cell_count, r.meetings_held) for c, r in children] == [
        ("DBA1", 1, 6),
        ("DBA2", 1, 5),
    ]
    assert [r.org.code for r in selectors.cell_results_under(h1, orgs["A"])] == ["CBA1-1", "CBA2-1"]
    province = [c.code for c, _r in selectors.child_results(office, h1, orgs["P"])]
    assert province == ["DBA", "DBB"]

    # The page says so too: the office starting 2025-H1 again gets the message and no run.
    client.login(username=office.username, password=PASSWORD)
    runs = h1.runs.count()
    response = client.post(reverse("cells:start", args=["2025-H1"]), follow=True)
    assert "không thể tính lại" in response.content.decode()
    assert h1.runs.count() == runs


def test_a_reform_dated_inside_a_published_period_is_refused_and_writes_nothing(
    world, tree, orgs, leader_a, office
):
    compute("2025-H1")
    publish(orgs["A"], "2025-H1", leader_a)
    before = (
        list(PartyOrg.objects.order_by("pk").values_list("pk", "path", "parent_id", "valid_to")),
        Reorganisation.objects.count(),
    )
    with pytest.raises(reorg.ReorgRefused) as info:
        reorg.unit_abolish_level(root=tree["P"], level=2, effective_on=D(2025, 5, 1), acting_user=office)
    assert "Ngày 01/05/2025 thuộc kỳ 2025-H1, kỳ mà Đảng bộ huyện A đã công bố kết quả" in " ".join(
        info.value.messages
    )
    assert (
        list(PartyOrg.objects.order_by("pk").values_list("pk", "path", "parent_id", "valid_to")),
        Reorganisation.objects.count(),
    ) == before
    assert not PastPath.objects.exists()


def test_a_reform_dated_before_a_published_later_period_is_refused(world, tree, orgs, leader_a, office):
    """2025-H2 published on the old tree: a reform dated 01/05/2025 would change that period's tree too."""
    compute("2025-H2")
    publish(orgs["A"], "2025-H2", leader_a)
    with pytest.raises(reorg.ReorgRefused) as info:
        apply_reform(tree, office, day=D(2025, 5, 1))
    assert "Đảng bộ huyện A đã công bố kết quả kỳ 2025-H2 (sau ngày 01/05/2025)" in " ".join(
        info.value.messages
    )
    assert locked_cells(D(2025, 9, 12)) == {"A1-1", "A2-1"}


def test_a_reform_elsewhere_in_the_province_is_not_held_up_by_a_district_lock(
    world, tree, orgs, leader_a, office
):
    compute("2025-H1")
    publish(orgs["A"], "2025-H1", leader_a)
    reorg.unit_rename(
        unit=tree["B1"], new_name="Xã Bình Đông Mới", effective_on=D(2025, 5, 1), acting_user=office
    )
    assert PartyOrg.objects.get(code="CBB1-1").parent.name == "Đảng bộ xã Bình Đông Mới"
    assert locked_cells(D(2025, 3, 12)) == {"A1-1", "A2-1"}


def test_the_fanned_out_rollup_of_a_period_before_the_reform_uses_that_periods_tree(
    world, tree, orgs, office, django_capture_on_commit_callbacks, settings
):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("eager chord; on Redis test_worker.py runs the chord for real")
    compute("2024-H2")
    single = figures("2024-H2")
    apply_reform(tree, office)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.rollup_start(period=periods.ensure("2024-H2"), fan_out=True, today=TODAY)
    run.refresh_from_db()
    assert (run.status, run.parts_total) == ("done", 2)  # the two districts of 2024
    assert figures("2024-H2") == single


def test_after_the_reform_the_pages_of_2025_h1_show_that_periods_tree_in_bounded_queries(
    world, tree, orgs, leader_a, office, client, django_assert_max_num_queries
):
    compute("2025-H1")
    publish(orgs["A"], "2025-H1", leader_a)
    apply_reform(tree, office)
    compute("2025-H2")
    client.login(username=office.username, password=PASSWORD)
    with django_assert_max_num_queries(20):
        results = client.get(reverse("cells:results", args=["2025-H1"]) + "?to-chuc=DBA")
    body = results.content.decode()
    assert "Đảng bộ xã An Hòa" in body and "Đảng bộ xã An Phú" in body
    with django_assert_max_num_queries(20):
        announcement = client.get(reverse("cells:announcement", args=["2025-H1", "DBA"]))
    body = announcement.content.decode()
    assert 'data-testid="cell-CBA1-1"' in body and 'data-testid="cell-CBA2-1"' in body
    assert 'data-testid="cell-CBB1-1"' not in body
    with django_assert_max_num_queries(20):
        board = client.get(reverse("dashboards:org", args=["DBA"]) + "?ky=2025-H1")
    assert [c.org.code for c in board.context["board"].children] == ["DBA1", "DBA2"]
    assert all(c.result is not None for c in board.context["board"].children)
    # The old commune's committee: its cell of that time (re-parented since) with its published result.
    old_commune = PartyOrg.objects.get(pk=orgs["A1"].pk)
    with django_assert_max_num_queries(20):
        board = client.get(reverse("dashboards:org", args=[old_commune.code]) + "?ky=2025-H1")
    assert [(c.org.code, c.result.meetings_held) for c in board.context["board"].children] == [("CBA1-1", 6)]
    results = client.get(reverse("cells:results", args=["2025-H1"]) + f"?to-chuc={old_commune.code}")
    assert [child.code for child, _r in results.context["children"]] == ["CBA1-1"]
    # 2025-H2: the province's children are the committees of the new tree.
    merged = PartyOrg.objects.valid_on(REFORM).get(unit__code="AH")
    with django_assert_max_num_queries(20):
        board = client.get(reverse("dashboards:org", args=["DBP"]) + "?ky=2025-H2")
    assert [c.org.code for c in board.context["board"].children] == sorted([merged.code, "DBB1"])
