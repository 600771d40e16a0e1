"""A commune formed by a merge reads its trend across the merge: its predecessors' figures summed."""

import datetime

import pytest

from cells.models import OrgResult
from dashboards.selectors import dashboard
from units import reorg
from units.models import PartyOrg, Unit

pytestmark = pytest.mark.django_db


def test_the_trend_of_a_merged_commune_sums_its_predecessors(computed, tree, orgs, office, province_leader):
    reorg.unit_merge(
        sources=[tree["A1"], tree["A2"]],
        code="AN",
        name="Xã An Hợp",
        kind=Unit.Kind.COMMUNE,
        parent=tree["A"],
        effective_on=datetime.date(2026, 7, 1),
        acting_user=office,
    )
    merged = PartyOrg.objects.valid_on(datetime.date(2026, 7, 1)).get(unit__code="AN")
    before = {
        r.period.code: r
        for r in OrgResult.objects.filter(org__code__in=["DBA1"]).select_related("period")
        if r.run_id == r.period.current_run_id
    }
    board = dashboard(province_leader, merged, period_code="2026-H1", today=datetime.date(2026, 11, 26))
    trend = {point.period.code: point for point in board.trend}
    assert set(trend) == {"2025-H2", "2026-H1"}
    for code in ("2025-H2", "2026-H1"):
        assert trend[code].result is not None
        assert trend[code].result.meetings_held == before[code].meetings_held  # Xã A2 held none
        assert trend[code].figure("meetings") == before[code].meetings_pct


def test_an_organisation_without_predecessors_has_gaps_not_zeros(computed, weak_cell, province_leader):
    """Chi bộ Ấp 2 was formed on 01/01/2026 from nothing: 2025-H2 is a gap, not a sum or a zero."""
    board = dashboard(province_leader, weak_cell, period_code="2026-H1", today=datetime.date(2026, 11, 26))
    trend = {point.period.code: point.result for point in board.trend}
    assert trend["2025-H2"] is None
    assert trend["2026-H1"] is not None and trend["2026-H1"].pk is not None
