"""Fixtures shared by the dashboard tests and the browser journey: two half-years on the cast's tree, computed by the real rollup.

Huyện A: Chi bộ Ấp A1-1 meets every month (3 members, all present) in 2025-H2 and 2026-H1; a second
cell formed on 01/01/2026, Chi bộ Ấp A1-2 (secretary Nguyễn Văn Yếu), meets once in 2026-H1: it fails and is weak.
Huyện B: Chi bộ Ấp B1-1 meets every month in 2026-H1.
Petitions raised in 2026-H1 under Xã A1: one answered in time (9 days), one overdue; one in Xã B1.
Xã A1 and Ấp A1-1 have an assigned cadre; Xã A2 has none.
"""

import datetime

import pytest

from assignments.models import CadreKind
from tests.assignments.factories import AssignmentFactory, PetitionFactory
from tests.cells.factories import meeting, members
from tests.dashboards.factories import compute, monthly_meetings
from tests.units.factories import CadreFactory, PartyOrgFactory, UnitFactory
from units.models import PartyOrg, Unit

D = datetime.date


@pytest.fixture
def weak_cell(tree, orgs):
    hamlet = UnitFactory(code="A1-2", name="Ấp 2", kind=Unit.Kind.HAMLET, parent=tree["A1"])
    cell = PartyOrgFactory(
        code="CBA1-2",
        name="Chi bộ Ấp 2",
        kind=PartyOrg.Kind.CELL,
        parent=orgs["A1"],
        unit=hamlet,
        valid_from=D(2026, 1, 1),
    )
    people = members(cell, 3)
    cell.secretary = CadreFactory(code="SEC-A1-2", full_name="Nguyễn Văn Yếu", party_org=cell)
    cell.save()
    meeting(cell, D(2026, 1, 12), "PAE", minutes=45, people=people)
    return cell


@pytest.fixture
def computed(tree, orgs, weak_cell):
    a_people = members(orgs["A1-1"], 3)
    b_people = members(orgs["B1-1"], 2)
    monthly_meetings(orgs["A1-1"], a_people, D(2025, 7, 1), 6, "PPP")
    monthly_meetings(orgs["A1-1"], a_people, D(2026, 1, 1), 6, "PPP")
    monthly_meetings(orgs["B1-1"], b_people, D(2026, 1, 1), 6, "PP")
    PetitionFactory(
        unit=tree["A1-1-1"], raised_on=D(2026, 3, 1), answered_on=D(2026, 3, 10), status="answered"
    )
    PetitionFactory(unit=tree["A1-1"], raised_on=D(2026, 4, 1))  # due 16/04, never answered: overdue
    PetitionFactory(unit=tree["B1-1"], raised_on=D(2026, 4, 1))
    cadre = CadreFactory(code="HA-1", full_name="Phạm Văn Theo", work_unit=tree["A"])
    AssignmentFactory(cadre=cadre, unit=tree["A1"], cadre_kind=CadreKind.DISTRICT, starts_on=D(2025, 1, 1))
    AssignmentFactory(cadre=cadre, unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=D(2025, 1, 1))
    compute("2025-H2")
    compute("2026-H1")
    return {"a": a_people, "b": b_people}


@pytest.fixture
def province_leader(tree, orgs):
    from accounts import roles
    from tests.accounts.factories import UserFactory

    return UserFactory(
        username="leader_p",
        first_name="Lãnh đạo tỉnh",
        roles=[roles.LEADER],
        home_unit=tree["P"],
        home_org=orgs["P"],
    )
