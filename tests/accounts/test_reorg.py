"""Users follow their home unit and organisation through a reorganisation."""

import pytest

from accounts.models import User
from tests.units.test_reorg import EFF, map3, merge_three  # noqa: F401 - map3 is a fixture used by name
from units import reorg
from units.models import PartyOrg, Unit

pytestmark = pytest.mark.django_db


def test_a_cadre_whose_commune_is_merged_keeps_seeing_the_new_commune(map3, orgs, cadre_a1, office):  # noqa: F811
    plan = reorg.unit_merge(
        sources=[map3["A1"], map3["A2"], map3["A3"]],
        code="AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=map3["A"],
        effective_on=EFF,
        acting_user=office,
        preview=True,
    )
    previews = {str(f.label): f for f in plan.followers}
    assert any(
        "cadre_a1" in line and "Xã An Bình" in line for line in previews["Địa bàn của người dùng"].moves
    )
    assert User.objects.get(username="cadre_a1").home_unit.code == "A1"  # a preview writes nothing

    merge_three(map3, office)
    user = User.objects.get(username="cadre_a1")
    assert user.home_unit == Unit.objects.get(code="AN")
    assert user.home_org == PartyOrg.objects.valid_on(EFF).get(unit__code="AN")


def test_users_elsewhere_are_left_alone(map3, orgs, cadre_b1, office):  # noqa: F811
    merge_three(map3, office)
    assert User.objects.get(username="cadre_b1").home_unit.code == "B1"
