"""The demo is the real 2026: the three old provinces with two published periods on the old tree,
the 2025 reform applied as the office applies it, Tỉnh Vĩnh Long's tree with two more periods, and
users in today's structure. A second run adds nothing."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.demo import PASSWORD
from accounts.models import User
from assignments.models import Assignment
from cells.models import Announcement, Attendance, Meeting, OrgResult, Period
from dashboards.selectors import dashboard
from pledges.models import Pledge
from tests.dashboards.conftest import primary_only  # noqa: F401
from units import provinces
from units.models import Cadre, PartyOrg, Reorganisation, RosterImport, Unit

# The dashboard is read from the primary inside the test's transaction (as the dashboard tests do).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("primary_only")]

BEFORE = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


def counts():
    models = (Unit, PartyOrg, Cadre, User, Meeting, Attendance, Announcement, OrgResult, Assignment, Pledge)
    return {m.__name__: m.objects.count() for m in models} | {
        "reorganisations": Reorganisation.objects.count(),
        "imports": RosterImport.objects.count(),
    }


def ben_tre_codes(level):
    rows = provinces.read(provinces.OLD_PROVINCES["83"])
    return {r["Mã đơn vị"] for r in rows if Unit.LEVELS[provinces.UNIT_KINDS[r["Loại đơn vị"]]] == level}


def test_the_demo_is_the_real_2026_and_a_second_run_adds_nothing(client, capsys):
    """One test: the demo takes a while to load (measured in the report, not here)."""
    call_command("load_demo")
    first = counts()
    old_provinces_until_30_06_2025()
    the_reform_gives_tinh_vinh_long_with_124_communes_directly_under_it()
    results_are_published_on_the_tree_of_each_period_and_trends_cross_the_reform()
    users_live_in_the_new_structure_and_the_former_district_leader_reads_its_history(client)
    names = list(Cadre.objects.order_by("code").values_list("full_name", flat=True)[:50])
    capsys.readouterr()
    call_command("load_demo")
    assert counts() == first
    assert first["reorganisations"] == 1 and first["imports"] == 1
    assert list(Cadre.objects.order_by("code").values_list("full_name", flat=True)[:50]) == names
    assert "added by this run: {'Unit': 0, 'PartyOrg': 0, 'Cadre': 0}" in capsys.readouterr().out


def person_in(code, units):
    """Whether a synthesised person (T…, H<district>-…, X<commune>-…, D<cell>-…) belongs to `units`."""
    head = code[1:].removeprefix("CQ").split("-")[0]
    return code[0] in "HXD" and head in units


def old_provinces_until_30_06_2025():
    """The three old provinces, Bến Tre at the mission's counts."""
    past = Unit.objects.valid_on(BEFORE)
    assert sorted(past.filter(level=1).values_list("name", flat=True)) == [
        "Tỉnh Bến Tre",
        "Tỉnh Trà Vinh",
        "Tỉnh Vĩnh Long",
    ]
    ben_tre = past.get(level=1, name="Tỉnh Bến Tre")
    assert ben_tre.valid_to == BEFORE
    assert past.filter(parent=ben_tre).count() == 9
    communes = ben_tre_codes(3)
    assert past.filter(level=3, parent__parent=ben_tre).count() == len(communes) == 148
    # Hamlets and groups are the same rows before and after (re-parented): counted by code.
    hamlets = [c for c in past.filter(level=4).values_list("code", flat=True) if c.split("-")[0] in communes]
    groups = [c for c in past.filter(level=5).values_list("code", flat=True) if c.split("-")[0] in communes]
    assert (len(hamlets), len(groups)) == (983, 14_676)
    people = list(Cadre.objects.values_list("code", "cadre_level"))
    districts = ben_tre_codes(2)
    assert sum(1 for code, lvl in people if lvl == "district" and person_in(code, districts)) == 679
    assert sum(1 for code, lvl in people if lvl == "commune" and person_in(code, communes)) == 6_038
    ben_tre = [c for c, _l in people if re.fullmatch(r"T\d{4}", c) or person_in(c, communes | districts)]
    assert len(ben_tre) == 52_000
    assert Unit.objects.get(code="836").name == "Huyện Ba Tri"


def the_reform_gives_tinh_vinh_long_with_124_communes_directly_under_it():
    now = Unit.objects.valid_on()
    province = now.get(level=1)
    assert (province.code, province.name, province.valid_from) == ("86", "Tỉnh Vĩnh Long", REFORM)
    assert not now.filter(level=2).exists()
    communes = now.filter(level=3)
    assert Counter(communes.values_list("kind", flat=True)) == {"commune": 105, "ward": 19}
    assert set(communes.values_list("parent_id", flat=True)) == {province.pk}
    assert now.filter(level=4).count() == 983 + 810 + 820
    assert not now.exclude(path__startswith=province.path).exists()
    record = RosterImport.objects.get()
    assert record.status == "done" and record.created_by.username == "vanphong"
    assert Reorganisation.objects.get().effective_on == REFORM
    # Every committee has a secretary, the new ones too.
    assert not PartyOrg.objects.valid_on().exclude(kind="cell").filter(secretary__isnull=True).exists()


def results_are_published_on_the_tree_of_each_period_and_trends_cross_the_reform():
    codes = ["2024-H2", "2025-H1", "2025-H2", "2026-H1"]
    assert all(p.current_run_id for p in Period.objects.filter(code__in=codes))
    published = Counter(
        Announcement.objects.filter(status="published").values_list("period__code", "org__kind")
    )
    assert published == {
        ("2024-H2", "district"): 26,
        ("2025-H1", "district"): 26,
        ("2025-H2", "grassroots_committee"): 124,
        ("2026-H1", "grassroots_committee"): 124,
    }
    # Xã Mỹ Chánh Hòa (29122) exists from 01/07/2025; its trend reads its predecessors before.
    office = User.objects.get(username="vanphong")
    board = dashboard(office, PartyOrg.objects.get(code="DB29122"), period_code="2026-H1")
    trend = {p.period.code: p.result for p in board.trend}
    assert set(codes) <= set(trend) and all(trend[c] is not None for c in codes)
    assert trend["2025-H1"].members > 0 and trend["2026-H1"].members > 0
    # The old district's own results of 2025-H1 stay.
    assert OrgResult.objects.filter(org__code="DB836", period__code="2025-H1").exists()
    assert (
        Meeting.objects.filter(held_on__lt=REFORM).exists()
        and Meeting.objects.filter(held_on__gte=REFORM).exists()
    )


def users_live_in_the_new_structure_and_the_former_district_leader_reads_its_history(client):
    users = {u.username: u for u in User.objects.select_related("home_unit", "home_org")}
    assert (users["lanhdao.tinh"].home_unit.code, users["lanhdao.tinh"].home_unit.valid_from) == (
        "86",
        REFORM,
    )
    assert users["lanhdao.tinh"].home_org.code == "DB86"
    for name in ("lanhdao.xa", "canbo.xa"):
        assert users[name].home_unit.name == "Xã Mỹ Chánh Hòa" and users[name].home_unit.parent.code == "86"
    assert users["canbo.xa"].cadre.work_unit.code == "29122"
    # Live work on the new tree: the commune's cadres follow its hamlets and groups from 01/07/2025.
    followed = Assignment.objects.active_on().filter(cadre=users["canbo.xa"].cadre).select_related("unit")
    assert followed and {a.unit.level for a in followed} <= {4, 5}
    assert all(
        a.starts_on >= REFORM and a.unit.path.startswith(users["canbo.xa"].home_unit.path) for a in followed
    )
    assert users["bithu.chibo"].home_org.parent.code == "DB29122"
    batri = users["lanhdao.batri"]
    assert (batri.home_unit.code, batri.home_unit.valid_to) == ("836", BEFORE)

    client.login(username="lanhdao.batri", password=PASSWORD)
    page = client.get("/don-vi/", {"ngay": "30/06/2025"}, follow=True)
    assert page.redirect_chain[-1][0] == "/don-vi/836/?ngay=30/06/2025"
    assert "Xã Mỹ Hòa" in page.content.decode()
    assert client.get("/tong-hop/DB836/", {"ky": "2025-H1"}).status_code == 200
    client.login(username="lanhdao.tinh", password=PASSWORD)
    page = client.get("/don-vi/", follow=True)
    assert page.redirect_chain[-1][0] == "/don-vi/86/" and "Xã Mỹ Chánh Hòa" in page.content.decode()
    # Today's users read the history of what their unit came from: the province's leader the old
    # provinces and their published periods, the merged commune's leader its three old communes
    # (not the rest of the old district).
    page = client.get("/don-vi/83/", {"ngay": "30/06/2025"})
    assert page.status_code == 200 and "Huyện Ba Tri" in page.content.decode()
    assert client.get("/tong-hop/DB83/", {"ky": "2025-H1"}).status_code == 200
    assert client.get("/tong-hop/DB84/", {"ky": "2024-H2"}).status_code == 200
    client.login(username="lanhdao.xa", password=PASSWORD)
    page = client.get("/don-vi/29116/", {"ngay": "30/06/2025"})
    assert page.status_code == 200 and "Xã Mỹ Hòa" in page.content.decode()
    assert client.get("/tong-hop/DB29116/", {"ky": "2025-H1"}).status_code == 200
    assert client.get("/tong-hop/DB836/", {"ky": "2025-H1"}).status_code == 403
