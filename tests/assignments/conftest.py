"""The assignments cast on top of tests/conftest.py: cadre_a1 follows Tổ A1-1-1, a district cadre
of Huyện A follows Ấp A1-1, and the agency user answers for Ủy ban nhân dân xã An Hòa."""

import datetime

import pytest

from accounts import roles
from assignments.models import Assignment, CadreKind
from tests.accounts.factories import UserFactory
from tests.units.factories import CadreFactory
from units.models import Cadre

from .factories import AgencyFactory, AgencyMemberFactory, AssignmentFactory

START = datetime.date(2026, 1, 1)


@pytest.fixture
def group_assignment(tree, cadre_a1) -> Assignment:
    return AssignmentFactory(
        cadre=cadre_a1.cadre, unit=tree["A1-1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=START
    )


@pytest.fixture
def district_cadre(tree):
    return CadreFactory(
        code="HA-0001", full_name="Võ Minh Tâm", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["A"]
    )


@pytest.fixture
def provincial_cadre(tree):
    return CadreFactory(
        code="T0001",
        full_name="Phan Văn Mãi",
        cadre_level=Cadre.Level.PROVINCE,
        position="Ủy viên Ban Thường vụ Tỉnh ủy",
        work_unit=tree["P"],
    )


@pytest.fixture
def agency(tree, agency_user):
    agency = AgencyFactory(code="UBA1", name="Ủy ban nhân dân xã An Hòa", unit=tree["A1"])
    AgencyMemberFactory(agency=agency, user=agency_user)
    return agency


@pytest.fixture
def other_agency(tree):
    return AgencyFactory(code="UBB1", name="Ủy ban nhân dân xã Bình Đông", unit=tree["B1"])


@pytest.fixture
def leader_a1(tree, orgs):
    """A leader of Xã An Hòa: the level a group's overdue petition escalates to."""
    return UserFactory(username="leader_a1", roles=[roles.LEADER], home_unit=tree["A1"], home_org=orgs["A1"])
