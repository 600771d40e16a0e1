"""Reorganisations: merge, split, move, rename, abolish a level — and every bad input refused."""

import datetime
from decimal import Decimal

import pytest

from assignments.models import Assignment, Petition
from cells.models import Announcement, Period
from pledges.models import Pledge
from tests.assignments.factories import AssignmentFactory, PetitionFactory
from tests.pledges.factories import PledgeFactory
from tests.units.factories import CadreFactory, PartyOrgFactory, UnitFactory
from units import reorg
from units.models import Cadre, Lineage, OrgLineage, PartyOrg, Reorganisation, Unit

EFF = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)


@pytest.fixture
def map3(tree, orgs):
    """Huyện A gets a third commune; each commune has hamlets, a committee and cells."""
    tree["A3"] = UnitFactory(code="A3", name="Xã An Lợi", kind=Unit.Kind.COMMUNE, parent=tree["A"])
    tree["A1-2"] = UnitFactory(code="A1-2", name="Ấp 2", kind=Unit.Kind.HAMLET, parent=tree["A1"])
    tree["A2-1"] = UnitFactory(code="A2-1", name="Ấp Phú 1", kind=Unit.Kind.HAMLET, parent=tree["A2"])
    tree["A3-1"] = UnitFactory(code="A3-1", name="Ấp Lợi 1", kind=Unit.Kind.HAMLET, parent=tree["A3"])
    orgs["A2"] = PartyOrgFactory(
        code="DBA2",
        name="Đảng bộ Xã An Phú",
        kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE,
        parent=orgs["A"],
        unit=tree["A2"],
    )
    orgs["A3"] = PartyOrgFactory(
        code="DBA3",
        name="Đảng bộ Xã An Lợi",
        kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE,
        parent=orgs["A"],
        unit=tree["A3"],
    )
    orgs["A2-1"] = PartyOrgFactory(
        code="CBA2-1", name="Chi bộ Ấp Phú 1", parent=orgs["A2"], unit=tree["A2-1"]
    )
    orgs["A1-agency"] = PartyOrgFactory(code="CQA1-01", name="Chi bộ Trạm Y tế An Hòa", parent=orgs["A1"])
    return tree


def snapshot():
    return (
        list(
            Unit.objects.order_by("pk").values_list(
                "pk", "code", "parent_id", "path", "valid_from", "valid_to"
            )
        ),
        list(PartyOrg.objects.order_by("pk").values_list("pk", "code", "parent_id", "path", "valid_to")),
        list(Cadre.objects.order_by("pk").values_list("pk", "work_unit_id", "party_org_id")),
        Reorganisation.objects.count(),
        Lineage.objects.count(),
    )


def merge_three(tree, office, **kwargs):
    args = dict(
        sources=[tree["A1"], tree["A2"], tree["A3"]],
        code="AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=tree["A"],
        effective_on=EFF,
        acting_user=office,
    )
    return reorg.unit_merge(**(args | kwargs))


def test_merging_three_communes_closes_them_opens_the_new_one_and_links_the_lineage(map3, orgs, office):
    record = merge_three(map3, office)

    new = Unit.objects.get(code="AN")
    assert new.valid_from == EFF and new.parent == map3["A"] and new.valid_to is None
    for code in ("A1", "A2", "A3"):
        old = Unit.objects.get(pk=map3[code].pk)
        assert old.valid_to == BEFORE and old.successor == new
        assert old.path == map3[code].path  # the closed row keeps its old path
    assert set(Lineage.objects.filter(successor=new).values_list("predecessor__code", flat=True)) == {
        "A1",
        "A2",
        "A3",
    }
    # The hamlets (and their groups) now sit under the new commune.
    hamlets = Unit.objects.valid_on(EFF).filter(parent=new)
    assert set(hamlets.values_list("code", flat=True)) == {"A1-1", "A1-2", "A2-1", "A3-1"}
    assert Unit.objects.get(code="A1-1-1").path.startswith(new.path)
    # The tree of the past is the tree valid then; the present has one commune.
    assert set(Unit.objects.valid_on(BEFORE).filter(parent=map3["A"]).values_list("code", flat=True)) == {
        "A1",
        "A2",
        "A3",
    }
    assert list(Unit.objects.valid_on(EFF).filter(parent=map3["A"]).values_list("code", flat=True)) == ["AN"]
    # The committees follow: one new committee, cells and agency cells under it.
    committee = PartyOrg.objects.get(unit=new)
    assert committee.valid_from == EFF and committee.parent == orgs["A"]
    assert PartyOrg.objects.get(code="DBA1").valid_to == BEFORE
    assert set(
        OrgLineage.objects.filter(successor=committee).values_list("predecessor__code", flat=True)
    ) == {
        "DBA1",
        "DBA2",
        "DBA3",
    }
    assert PartyOrg.objects.get(code="CBA1-1").parent == committee
    assert PartyOrg.objects.get(code="CQA1-01").parent == committee
    assert PartyOrg.objects.get(code="CBA1-1").path.startswith(committee.path)
    assert record.kind == Reorganisation.Kind.MERGE and record.created_by == office
    assert record.summary["units_closed"] == 3 and record.summary["children_moved"] == 4


def test_what_follows_the_units_moves_to_the_successor(map3, orgs, office):
    cadre = CadreFactory(code="X1", work_unit=map3["A1"], party_org=orgs["A1"])
    open_one = AssignmentFactory(cadre=cadre, unit=map3["A2"], starts_on=datetime.date(2024, 1, 1))
    ended = AssignmentFactory(
        cadre=cadre, unit=map3["A3"], starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2023, 12, 31)
    )
    pending = PetitionFactory(unit=map3["A1"])
    answered = PetitionFactory(unit=map3["A1"], status=Petition.Status.ANSWERED)
    pledge = PledgeFactory(org=orgs["A2"], cadre=None, year=2025)
    old_pledge = PledgeFactory(org=orgs["A2"], cadre=None, year=2024)

    plan = merge_three(map3, office, preview=True)
    lines = plan.lines()
    followers = {p.label: p for p in lines["followers"]}
    assert any("Xã An Phú → Xã An Bình" in m for m in followers["Phân công theo dõi và kiến nghị"].moves)
    assert Unit.objects.filter(code="AN").count() == 0  # the preview writes nothing

    merge_three(map3, office)
    new = Unit.objects.get(code="AN")
    committee = PartyOrg.objects.get(unit=new)
    cadre.refresh_from_db()
    assert cadre.work_unit == new and cadre.party_org == committee
    open_one.refresh_from_db()
    assert open_one.ends_on == BEFORE and open_one.succeeded_by.unit == new
    assert Assignment.objects.get(unit=new, cadre=cadre).starts_on == EFF
    ended.refresh_from_db()
    assert ended.unit == map3["A3"]  # history stays
    assert Petition.objects.get(pk=pending.pk).unit == new
    assert Petition.objects.get(pk=answered.pk).unit == map3["A1"]
    assert Pledge.objects.get(pk=pledge.pk).org == committee
    assert Pledge.objects.get(pk=old_pledge.pk).org == orgs["A2"]


def test_merge_into_an_existing_commune_keeps_it_open(map3, orgs, office):
    reorg.unit_merge(
        sources=[map3["A2"], map3["A3"]], code="", into=map3["A1"], effective_on=EFF, acting_user=office
    )
    a1 = Unit.objects.get(pk=map3["A1"].pk)
    assert a1.valid_to is None
    assert Unit.objects.get(pk=map3["A2"].pk).successor == a1
    assert Unit.objects.get(code="A2-1").parent == a1
    assert PartyOrg.objects.get(code="CBA2-1").parent == orgs["A1"]
    assert PartyOrg.objects.get(code="DBA2").successor == orgs["A1"]


def test_split_gives_each_hamlet_to_the_successor_that_took_it(map3, orgs, office):
    reorg.unit_split(
        source=map3["A1"],
        parts=[
            {"code": "AH1", "name": "Xã An Hòa Đông", "children": ["A1-1"]},
            {"code": "AH2", "name": "Xã An Hòa Tây", "children": ["A1-2"]},
        ],
        effective_on=EFF,
        acting_user=office,
    )
    east, west = Unit.objects.get(code="AH1"), Unit.objects.get(code="AH2")
    assert Unit.objects.get(code="A1-1").parent == east and Unit.objects.get(code="A1-2").parent == west
    assert Unit.objects.get(code="A1-1-1").path.startswith(east.path)
    shares = dict(Lineage.objects.filter(predecessor=map3["A1"]).values_list("successor__code", "share"))
    assert shares == {"AH1": Decimal("0.5"), "AH2": Decimal("0.5")}
    assert PartyOrg.objects.get(code="CBA1-1").parent.unit == east


def test_move_keeps_the_past_path_on_the_closed_row_and_the_code_on_the_new_one(map3, office):
    old_path = map3["A1"].path
    reorg.unit_move(unit=map3["A1"], new_parent=map3["B"], effective_on=EFF, acting_user=office)
    new = Unit.objects.get(code="A1")
    closed = Unit.objects.get(pk=map3["A1"].pk)
    assert closed.code == "A1~20250630" and closed.path == old_path and closed.parent == map3["A"]
    assert new.parent == map3["B"] and new.pk != closed.pk and new.valid_from == EFF
    assert Unit.objects.get(code="A1-1").parent == new
    assert Unit.objects.valid_on(BEFORE).get(pk=closed.pk)
    assert not Unit.objects.valid_on(EFF).filter(pk=closed.pk).exists()


def test_rename_opens_a_row_with_the_new_name(map3, office):
    reorg.unit_rename(unit=map3["A2"], new_name="Xã An Phú Mới", effective_on=EFF, acting_user=office)
    assert Unit.objects.valid_on(EFF).get(code="A2").name == "Xã An Phú Mới"
    assert Unit.objects.get(pk=map3["A2"].pk).name == "Xã An Phú"
    assert PartyOrg.objects.valid_on(EFF).get(code="DBA2").name == "Đảng bộ Xã An Phú Mới"


def test_abolishing_the_district_level_moves_every_commune_up_to_the_province(map3, orgs, office):
    district_cadre = CadreFactory(code="H1", work_unit=map3["A"], party_org=orgs["A"])
    agency = PartyOrgFactory(
        code="CQA", name="Chi bộ Cơ quan UBND huyện A", kind=PartyOrg.Kind.GRASSROOTS_CELL, parent=orgs["A"]
    )
    plan = reorg.unit_abolish_level(
        root=map3["P"], level=2, effective_on=EFF, acting_user=office, preview=True
    )
    assert plan.decisions  # agency cells without a unit need a human look
    reorg.unit_abolish_level(root=map3["P"], level=2, effective_on=EFF, acting_user=office)
    now = Unit.objects.valid_on(EFF)
    assert set(now.filter(parent=map3["P"]).values_list("code", flat=True)) == {"A1", "A2", "A3", "B1"}
    assert not now.filter(level=2).exists()
    past = Unit.objects.valid_on(BEFORE)
    assert set(past.filter(parent=map3["P"]).values_list("code", flat=True)) == {"A", "B"}
    assert past.get(code__startswith="A1~").parent == map3["A"]
    assert now.get(code="A1-1").path.startswith(now.get(code="A1").path)
    committees = PartyOrg.objects.valid_on(EFF).filter(kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE)
    assert {o.parent_id for o in committees} == {orgs["P"].pk}
    agency.refresh_from_db()
    assert agency.parent == orgs["P"]
    district_cadre.refresh_from_db()
    assert district_cadre.work_unit == map3["P"]
    # Nothing open is orphaned: every open unit's parent is open.
    assert not now.exclude(parent__isnull=True).exclude(parent__in=now).exists()


# Bad input: each refused with a clear message, nothing changed ----------------------------------


def refused(call):
    before = snapshot()
    with pytest.raises(reorg.ReorgRefused) as info:
        call()
    assert snapshot() == before
    return " ".join(info.value.messages)


def test_overlapping_validity_is_refused(map3, office):
    merge_three(map3, office)
    message = refused(
        lambda: reorg.unit_rename(
            unit=Unit.objects.get(pk=map3["A1"].pk),
            new_name="X",
            effective_on=datetime.date(2025, 9, 1),
            acting_user=office,
        )
    )
    assert "đã hết hiệu lực" in message and "chồng lấn" in message


def test_a_successor_valid_before_its_predecessor_ends_is_refused(map3, office):
    batch = reorg.merge_batch(
        sources=[map3["A1"], map3["A2"]], code="AN", name="Xã An Bình", parent=map3["A"], effective_on=EFF
    )
    batch.edges[1].effective_on = datetime.date(2025, 8, 1)  # A2 would end on 31/07/2025
    message = refused(lambda: reorg.apply_batch(batch, acting_user=office))
    assert "trước khi đơn vị tiền thân" in message and "31/07/2025" in message


def test_a_split_whose_shares_do_not_cover_every_hamlet_is_refused(map3, office):
    message = refused(
        lambda: reorg.unit_split(
            source=map3["A1"],
            parts=[
                {"code": "AH1", "name": "Xã An Hòa Đông", "children": ["A1-1"]},
                {"code": "AH2", "name": "Xã An Hòa Tây", "children": []},
            ],
            effective_on=EFF,
            acting_user=office,
        )
    )
    assert "không phủ hết các ấp" in message and "Ấp 2" in message
    message = refused(
        lambda: reorg.unit_split(
            source=map3["A1"],
            parts=[
                {"code": "AH1", "name": "Xã An Hòa Đông", "share": "0.5"},
                {"code": "AH2", "name": "Xã An Hòa Tây", "share": "0.3"},
            ],
            effective_on=EFF,
            acting_user=office,
        )
    )
    assert "80%" in message


def test_a_move_that_would_create_a_cycle_is_refused(map3, office):
    message = refused(
        lambda: reorg.unit_move(unit=map3["A"], new_parent=map3["A1"], effective_on=EFF, acting_user=office)
    )
    assert "vòng lặp" in message


def test_a_reorganisation_dated_inside_a_published_period_is_refused(map3, orgs, office):
    period = Period.objects.create(
        code="2025-H2", starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2025, 12, 31)
    )
    Announcement.objects.create(
        org=orgs["A"], period=period, title="Thông báo", status=Announcement.Status.PUBLISHED
    )
    message = refused(lambda: merge_three(map3, office))
    assert "2025-H2" in message and "đã công bố" in message
    # Another date outside the locked period goes through.
    merge_three(map3, office, effective_on=datetime.date(2026, 1, 1))
    assert Unit.objects.get(code="AN").valid_from == datetime.date(2026, 1, 1)


def test_a_merge_into_a_parent_that_is_not_valid_is_refused(map3, office):
    message = refused(lambda: merge_three(map3, office, parent=map3["A1"]))
    assert "vòng lặp" in message or "cấp" in message


def test_predecessors_are_found_across_two_reorganisations_for_trends(map3, orgs, office):
    merge_three(map3, office)
    committee = PartyOrg.objects.valid_on(EFF).get(unit__code="AN")
    reorg.unit_rename(
        unit=Unit.objects.get(code="AN"),
        new_name="Xã An Bình Mới",
        effective_on=datetime.date(2026, 1, 1),
        acting_user=office,
    )
    latest = PartyOrg.objects.valid_on(datetime.date(2026, 1, 1)).get(unit__code="AN")
    found = reorg.org_predecessor_ids([latest.pk])[latest.pk]
    assert found == {committee.pk, orgs["A1"].pk, orgs["A2"].pk, orgs["A3"].pk}
    lineage = reorg.lineage_of(Unit.objects.get(code="AN"))
    assert [e.predecessor.name for e in lineage["predecessors"]] == ["Xã An Bình"]
