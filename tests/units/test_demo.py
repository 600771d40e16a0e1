"""The Bến Tre demo: real districts and communes, synthetic hamlets/groups/people at the mission's counts."""

import pytest
from django.core.management import call_command

from accounts.models import User
from units.models import Cadre, PartyOrg, Unit
from units.selectors import level_counts

pytestmark = pytest.mark.django_db


def test_load_demo_builds_ben_tre_at_the_missions_counts_and_a_second_run_adds_nothing(capsys):
    call_command("load_demo")
    province = Unit.objects.get(code="83")
    assert province.name == "Tỉnh Bến Tre"
    assert level_counts(province) == {2: 9, 3: 148, 4: 983, 5: 14_676}
    assert Unit.objects.get(code="836").name == "Huyện Ba Tri"
    assert Unit.objects.filter(path="").count() == 0

    cells = PartyOrg.objects.filter(kind__in=PartyOrg.CELL_KINDS)
    assert PartyOrg.objects.filter(kind="grassroots_committee").count() == 148
    assert cells.filter(unit__level=4).count() == 983
    assert 1_250 <= cells.count() <= 1_350
    assert not PartyOrg.objects.filter(secretary__isnull=True).exists()

    assert Cadre.objects.filter(cadre_level="district").count() == 679
    assert Cadre.objects.filter(cadre_level="commune").count() == 6_038
    assert Cadre.objects.count() == 52_000
    assert not Cadre.objects.filter(party_org__isnull=True).exists()
    # Every hamlet cell's members live in its hamlet.
    member = (
        Cadre.objects.select_related("party_org")
        .filter(party_org__kind="cell", party_org__unit__isnull=False)
        .first()
    )
    assert member.work_unit_id == member.party_org.unit_id

    assert set(User.objects.values_list("username", flat=True)) >= {"vanphong", "lanhdao.tinh", "canbo.xa"}
    assert User.objects.get(username="canbo.xa").home_unit.parent.code == "836"

    snapshot = (Unit.objects.count(), PartyOrg.objects.count(), Cadre.objects.count(), User.objects.count())
    names = list(Cadre.objects.order_by("code").values_list("full_name", flat=True)[:50])
    call_command("load_demo")
    assert (
        Unit.objects.count(),
        PartyOrg.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
    ) == snapshot
    assert list(Cadre.objects.order_by("code").values_list("full_name", flat=True)[:50]) == names
    assert "added by this run: {'Unit': 0, 'PartyOrg': 0, 'Cadre': 0}" in capsys.readouterr().out
