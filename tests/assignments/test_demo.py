"""The demo: the mission's counts with a few gaps, contacts and petitions; a second run adds nothing."""

import pytest

from assignments import demo
from assignments.models import Assignment, CadreKind, FieldContact, Petition
from assignments.selectors import coverage
from units import demo as units_demo
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_assigns_cadres_at_the_missions_counts_with_a_few_gaps(settings):
    units_demo.load(codes=("83",), log=lambda *a: None)
    added = demo.load(log=lambda *a: None)
    active = Assignment.objects.active_on()
    district = active.filter(cadre_kind=CadreKind.DISTRICT)
    commune = active.filter(cadre_kind=CadreKind.COMMUNE)
    assert district.values("cadre").distinct().count() == 679
    assert commune.values("cadre").distinct().count() == 6_038
    levels = {r["level"]: r for r in coverage(Unit.objects.get(code="83"))}
    assert levels[4]["total"] == 983 and 960 < levels[4]["covered"] < 983
    assert levels[5]["total"] == 14_676 and 14_300 < levels[5]["covered"] < 14_676
    assert levels[2]["covered"] == 9 and levels[3]["covered"] >= 140
    assert FieldContact.objects.count() > 10_000
    assert (
        Petition.objects.filter(status="answered").exists()
        and Petition.objects.filter(status="returned").exists()
    )
    assert Petition.objects.filter(raised_by__code="X29116-0004").exists()
    assert demo.load(log=lambda *a: None) == {}
    assert Assignment.objects.count() == added["assignments"]
