"""The whole 2025 merger from real data: Bến Tre (83), Trà Vinh (84) and Vĩnh Long (86) loaded with
their GSO codes from `units/data/`, then one `Sắp xếp đơn vị` sheet dated 01/07/2025 (built by code)
imported as the office would: Tỉnh Vĩnh Long with its 124 communes directly under it."""

import datetime
from collections import Counter

import pytest
from django.db.models import F

from cells.models import Announcement, Period
from tests.accounts.factories import PASSWORD
from units import provinces
from units.imports import import_file
from units.management.commands.extract_reform_data import extract
from units.models import Lineage, OrgLineage, PartyOrg, Reorganisation, Unit, UnitPastPath
from units.reorg import lineage_of
from units.selectors import children_on

EFF = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)


def _hamlets_with_cells(commune_code, n):
    commune = Unit.objects.get(code=commune_code)
    committee = PartyOrg.objects.get(code=f"DB{commune_code}")
    for i in range(1, n + 1):
        hamlet = Unit.objects.create(
            code=f"{commune_code}-{i:03d}", name=f"Ấp {i}", kind=Unit.Kind.HAMLET, parent=commune
        )
        PartyOrg.objects.create(
            code=f"CB{hamlet.code}",
            name=f"Chi bộ Ấp {i}",
            kind=PartyOrg.Kind.CELL,
            parent=committee,
            unit=hamlet,
        )


@pytest.fixture
def three_provinces(db):
    added = provinces.load(("83", "84", "86"))
    assert added["units"] == 3 + 26 + 354
    # The two communes called Hòa Lộc (Mỏ Cày Bắc, Bến Tre; Tam Bình, Vĩnh Long), and a commune the
    # reform divided between two new ones (Ngãi Tứ, Tam Bình), with hamlets and their cells.
    for code in ("28924", "29734", "29764"):
        _hamlets_with_cells(code, 4)


def test_the_data_are_what_the_package_says_124_communes_105_xa_19_phuong():
    found = extract("Vĩnh Long")
    for name, rows in found["files"].items():
        if name != "ben-tre-units.csv":
            assert [list(r.values()) for r in provinces.read(name)] == rows[1:], name
    kinds = Counter(r["Loại đơn vị"] for r in provinces.read("reform-2025-vinh-long-units.csv")[1:])
    assert kinds == {"Xã": 105, "Phường": 19}
    assert {r["Mã đơn vị"] for r in provinces.read("ben-tre-units.csv")} == {
        r[0] for r in found["files"]["ben-tre-units.csv"][1:]
    }
    # The package's name-keyed "divided" list sends each Hòa Lộc to the other's new commune too.
    assert {(old, new) for old, _o, new, _n, _km in found["dropped"]} == {
        ("28924", "29734"),
        ("29734", "28921"),
        ("29623", "29182"),
    }


def test_the_sheet_maps_by_code_the_two_hoa_loc_go_to_their_own_side():
    rows = provinces.reform_rows("Vĩnh Long")
    by_old = {}
    for row in rows:
        by_old.setdefault(row[0], []).append(row[1])
    assert by_old["28924"] == ["28921"]  # Bến Tre's Hòa Lộc -> Xã Tân Thành Bình (Bến Tre side)
    assert by_old["29734"] == ["29734"]  # Vĩnh Long's Hòa Lộc -> Xã Hòa Hiệp (keeps its code)
    assert {r[2] for r in rows if r[1] == "28921"} == {"Xã Tân Thành Bình"}
    assert {r[2] for r in rows if r[1] == "29734"} == {"Xã Hòa Hiệp"}
    assert sorted(r[6] for r in rows if r[0] == "29764") == ["50%", "50%"]
    assert len({r[1] for r in rows if r[1]}) == 125  # the province + 124 communes


def test_the_whole_merger_from_one_sheet(three_provinces):
    before = {
        "hamlets": Unit.objects.filter(level=4).count(),
        "cells": PartyOrg.objects.filter(level=4).count(),
    }
    plan = provinces.apply_reform("Vĩnh Long")
    assert not plan.errors, plan.errors[:3]

    now = Unit.objects.valid_on(EFF)
    province = now.get(level=1)
    assert (province.code, province.name) == ("86", "Tỉnh Vĩnh Long")
    assert not now.filter(level=2).exists()
    communes = now.filter(level=3)
    assert communes.count() == 124
    assert Counter(communes.values_list("kind", flat=True)) == {Unit.Kind.COMMUNE: 105, Unit.Kind.WARD: 19}
    assert set(communes.values_list("parent_id", flat=True)) == {province.pk}
    assert now.filter(level=4).count() == before["hamlets"]
    assert not now.exclude(path__startswith=province.path).exists()
    assert not now.exclude(parent__isnull=True).exclude(path__startswith=F("parent__path")).exists()

    # The past reads the past: three provinces, 26 districts, 354 communes on 30/06/2025.
    past = Unit.objects.valid_on(BEFORE)
    assert sorted(past.filter(level=1).values_list("name", flat=True)) == [
        "Tỉnh Bến Tre",
        "Tỉnh Trà Vinh",
        "Tỉnh Vĩnh Long",
    ]
    assert past.filter(level=2).count() == 26 and past.filter(level=3).count() == 354

    # Each Hòa Lộc's hamlets stay on their own side.
    ben_tre_hoa_loc = Unit.objects.get(code="28924")
    vinh_long_hoa_loc = Unit.objects.get(code="29734~20250630")
    tan_thanh_binh, hoa_hiep = now.get(code="28921"), now.get(code="29734")
    assert list(ben_tre_hoa_loc.lineage_out.values_list("successor", flat=True)) == [tan_thanh_binh.pk]
    assert list(vinh_long_hoa_loc.lineage_out.values_list("successor", flat=True)) == [hoa_hiep.pk]
    assert set(now.filter(code__startswith="28924-").values_list("parent", flat=True)) == {tan_thanh_binh.pk}
    assert set(now.filter(code__startswith="29734-").values_list("parent", flat=True)) == {hoa_hiep.pk}
    # The divided Ngãi Tứ: half its hamlets to Xã Ngãi Tứ, half to Phường Cái Vồn.
    ngai_tu = Unit.objects.get(code__in=["29764", "29764~20250630"], valid_to=BEFORE)
    assert Counter(now.filter(code__startswith="29764-").values_list("parent__name", flat=True)) == {
        "Xã Ngãi Tứ": 2,
        "Phường Cái Vồn": 2,
    }
    assert sorted(ngai_tu.lineage_out.values_list("share", flat=True)) == [0.5, 0.5]
    # Every re-parented hamlet kept its place of 30/06/2025: the old communes still list theirs then.
    assert UnitPastPath.objects.filter(until=BEFORE).count() == 12
    assert [h.code for h in children_on(ngai_tu, BEFORE)] == [f"29764-{i:03d}" for i in range(1, 5)]
    assert children_on(ngai_tu, EFF) == []

    # Lineage both ways: the new commune lists its predecessors, the old ones their successor.
    came_from = {lin.predecessor.code for lin in lineage_of(tan_thanh_binh)["predecessors"]}
    assert {"28924", "28918"} <= came_from
    assert lineage_of(ben_tre_hoa_loc)["successors"][0].successor == tan_thanh_binh
    assert Lineage.objects.filter(successor=province).count() == 3

    # The party side: Đảng bộ tỉnh Vĩnh Long -> 124 commune committees + 12 agency cells -> cells.
    orgs = PartyOrg.objects.valid_on(EFF)
    top = orgs.get(level=1)
    assert top.name == "Đảng bộ tỉnh Vĩnh Long" and top.unit == province
    under = orgs.filter(parent=top)
    assert under.filter(kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE).count() == 124
    assert set(
        under.filter(kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE).values_list("unit__level", flat=True)
    ) == {3}
    assert under.filter(kind=PartyOrg.Kind.GRASSROOTS_CELL).count() == 12
    assert not orgs.filter(kind=PartyOrg.Kind.DISTRICT).exists()
    assert under.count() == 136
    cells = orgs.filter(kind=PartyOrg.Kind.CELL)
    assert cells.count() == before["cells"]
    # A cell sits under its commune's committee.
    assert not cells.exclude(parent__unit=F("unit__parent")).exists()
    assert not orgs.exclude(path__startswith=top.path).exists()
    assert OrgLineage.objects.filter(successor=top).count() == 3
    assert set(
        OrgLineage.objects.filter(successor__unit=tan_thanh_binh).values_list("predecessor__code", flat=True)
    ) >= {"DB28924", "DB28918"}

    # Loading the old provinces again adds nothing.
    assert provinces.load(("83", "84", "86")) == {"units": 0, "party_orgs": 0}


def test_the_unit_pages_show_the_lineage_both_ways(three_provinces, client, office):
    assert not provinces.apply_reform().errors
    client.login(username="office", password=PASSWORD)
    page = client.get("/don-vi/28921/").content.decode()  # Xã Tân Thành Bình, from 01/07/2025
    assert "Xã Tân Thành Bình" in page and 'data-testid="predecessor"' in page
    assert 'Xã Hòa Lộc</a> <span class="muted">(28924)' in page
    assert "(29734" not in page  # not the other Hòa Lộc
    old = client.get("/don-vi/28924/").content.decode()
    assert 'data-testid="successor"' in old and 'Xã Tân Thành Bình</a> <span class="muted">(28921)' in old


def test_loading_twice_adds_nothing(db):
    first = provinces.load()
    assert first == {"units": 2 + 17 + 206, "party_orgs": 2 + 17 + 206 + 8}
    assert provinces.load() == {"units": 0, "party_orgs": 0}
    assert not Unit.objects.filter(path="").exists() and not PartyOrg.objects.filter(path="").exists()
    assert PartyOrg.objects.get(code="DB29734").parent.code == "DB860"


# Bad input: refused whole, with the Excel row and the reason, nothing written ------------------


def _refused(rows):
    """Import the sheet of `rows`; returns {Excel row: [messages]} and checks nothing was written."""
    units, orgs = Unit.objects.count(), PartyOrg.objects.count()
    plan = import_file(provinces.reform_workbook(rows), "sap-xep.xlsx")
    assert plan.errors
    assert not Reorganisation.objects.exists() and not Lineage.objects.exists()
    assert (Unit.objects.count(), PartyOrg.objects.count()) == (units, orgs)
    assert not Unit.objects.filter(valid_to__isnull=False).exists()
    found = {}
    for error in plan.errors:
        found.setdefault(error.row, []).append(error.message)
    return found


def _row_of(rows, old, new=None):
    """The Excel row (header = 1) of the first sheet row from `old` (to `new`)."""
    return next(i for i, r in enumerate(rows) if r[0] == old and (new is None or r[1] == new)) + 2


def test_an_unknown_old_code_is_refused_on_its_row(three_provinces):
    rows = provinces.reform_rows("Vĩnh Long")
    row = _row_of(rows, "28924")
    rows[row - 2][0] = "99999"
    found = _refused(rows)
    assert any("mã của một đơn vị đã có" in m for m in found[row])


def test_a_unit_mapped_twice_without_shares_is_refused_on_its_row(three_provinces):
    rows = provinces.reform_rows("Vĩnh Long")
    row = _row_of(rows, "28924")
    rows.insert(row - 1, ["28924", "28918", "Xã Thành An", "Xã", "86", "01/07/2025", ""])
    found = _refused(rows)
    assert any("cần tỷ lệ cho từng đơn vị kế thừa" in m and "Hòa Lộc" in m for m in found[row])


def test_shares_not_adding_up_to_one_are_refused_on_their_row(three_provinces):
    rows = provinces.reform_rows("Vĩnh Long")
    row = _row_of(rows, "29764")
    rows[row - 1][6] = "30%"  # 50% + 30%
    found = _refused(rows)
    assert any("80%" in m and "Ngãi Tứ" in m for m in found[row])


def test_a_date_inside_a_locked_period_that_would_move_its_cells_is_refused(three_provinces):
    period = Period.objects.create(
        code="2025-H2", starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2025, 12, 31)
    )
    Announcement.objects.create(
        org=PartyOrg.objects.get(code="DB838"),  # Mỏ Cày Bắc, over Hòa Lộc's cells
        period=period,
        title="Thông báo kết quả",
        status=Announcement.Status.PUBLISHED,
    )
    found = _refused(provinces.reform_rows("Vĩnh Long"))
    messages = [m for ms in found.values() for m in ms]
    assert any("2025-H2" in m and "Đảng bộ Huyện Mỏ Cày Bắc" in m and "đã công bố" in m for m in messages)
