import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.units.factories import UnitFactory
from units.models import PartyOrg, Unit
from units.selectors import ancestors, kind_counts, level_counts
from units.tree import rebuild_paths

pytestmark = pytest.mark.django_db


def test_it_derives_level_from_kind_and_path_from_parents(tree):
    hamlet = tree["A1-1"]
    assert hamlet.level == 4
    assert hamlet.path == f"{tree['P'].pk}.{tree['A'].pk}.{tree['A1'].pk}.{hamlet.pk}."
    assert [u.code for u in ancestors(hamlet)] == ["P", "A", "A1"]


def test_it_finds_a_subtree_by_path_prefix(tree):
    under_a = set(Unit.objects.descendants_of(tree["A"]).values_list("code", flat=True))
    assert under_a == {"A1", "A2", "A1-1", "A1-1-1"}
    # "1.2." must not match "1.23.": ids are whole segments.
    assert "B1" not in under_a


def test_it_counts_units_per_level_under_a_node_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = level_counts(tree["P"])
    assert counts == {2: 2, 3: 3, 4: 2, 5: 1}
    assert kind_counts(tree["A"]) == {"commune": 2, "hamlet": 1, "group": 1}


def test_it_moves_a_whole_subtree_when_a_unit_changes_parent(tree):
    a1 = tree["A1"]
    a1.parent = tree["B"]
    a1.full_clean()
    a1.save()
    group = Unit.objects.get(code="A1-1-1")
    assert group.path.startswith(tree["B"].path)
    assert set(Unit.objects.descendants_of(tree["B"]).values_list("code", flat=True)) >= {
        "A1",
        "A1-1",
        "A1-1-1",
    }
    assert not Unit.objects.descendants_of(tree["A"]).filter(code="A1-1-1").exists()


def test_it_lets_a_commune_sit_directly_under_the_province(tree):
    """Since 01-07-2025 districts are gone: the number of levels is data, not code."""
    commune = Unit(code="N1", name="Xã Mới", kind=Unit.Kind.COMMUNE, parent=tree["P"])
    commune.full_clean()
    commune.save()
    assert commune.path == f"{tree['P'].pk}.{commune.pk}."


def test_it_refuses_a_child_at_or_above_its_parents_level_in_vietnamese(tree):
    district = Unit(code="X9", name="Huyện Sai", kind=Unit.Kind.DISTRICT, parent=tree["A1"])
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        district.full_clean()
    assert "đơn vị cấp dưới phải ở cấp thấp hơn" in str(exc.value.message_dict["parent"])
    assert not Unit.objects.filter(code="X9").exists()


def test_it_refuses_a_cycle(tree):
    a = tree["A"]
    # The cycle is reported before the level rule, which would also object here.
    a.parent = Unit.objects.get(code="A1-1")
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        a.full_clean()
    assert "chính nó" in str(exc.value.message_dict["parent"])


def test_it_refuses_a_duplicate_code(tree):
    with pytest.raises(ValidationError) as exc:
        Unit(code="A1", name="Trùng mã", kind=Unit.Kind.COMMUNE, parent=tree["A"]).full_clean()
    assert "code" in exc.value.message_dict


def test_it_refuses_validity_ending_before_it_starts(tree):
    unit = tree["A2"]
    unit.valid_from, unit.valid_to = "2025-07-01", "2024-01-01"
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "valid_to" in exc.value.message_dict


def test_it_reads_the_structure_valid_on_a_date(tree):
    a2 = tree["A2"]
    a2.valid_to = "2025-06-30"
    a2.successor = tree["A1"]
    a2.save()
    assert Unit.objects.valid_on("2025-06-30").filter(code="A2").exists()
    assert not Unit.objects.valid_on("2025-07-01").filter(code="A2").exists()
    assert list(tree["A1"].predecessors.values_list("code", flat=True)) == ["A2"]
    assert level_counts(tree["A"], day="2025-07-01") == {3: 1, 4: 1, 5: 1}


def test_it_stores_names_nfc_and_searchable_without_diacritics(db):
    decomposed = "Xa\u0303 Phu\u0301 Hu\u031bng"  # "Xã Phú Hưng" typed with combining marks
    unit = UnitFactory(code="NFD1", name=f"  {decomposed} ", kind=Unit.Kind.COMMUNE)
    unit.refresh_from_db()
    assert unit.name == "Xã Phú Hưng"
    assert Unit.objects.filter(search_text__contains="xa phu hung").exists()


def test_it_rebuilds_paths_after_bulk_inserts_set_based(tree, django_assert_max_num_queries):
    parent = tree["A2"]
    Unit.objects.bulk_create(
        [
            Unit(code=f"A2-{n}", name=f"Ấp {n}", kind=Unit.Kind.HAMLET, level=4, parent=parent)
            for n in range(50)
        ]
    )
    hamlets = Unit.objects.filter(code__startswith="A2-")
    Unit.objects.bulk_create(
        [Unit(code=f"{h.code}-1", name="Tổ 1", kind=Unit.Kind.GROUP, level=5, parent=h) for h in hamlets]
    )
    with django_assert_max_num_queries(4):
        assert rebuild_paths(Unit) == 100
    group = Unit.objects.get(code="A2-7-1")
    assert group.path == f"{parent.path}{group.parent_id}.{group.pk}."


def test_party_orgs_form_their_own_tree_linked_to_units(orgs, tree):
    cell = orgs["A1-1"]
    assert cell.is_cell and cell.level == 4
    assert cell.path.startswith(orgs["A"].path)
    assert set(PartyOrg.objects.descendants_of(orgs["P"]).values_list("code", flat=True)) == {
        "DBA",
        "DBB",
        "DBA1",
        "DBB1",
        "CBA1-1",
        "CBB1-1",
    }
    assert cell.unit == tree["A1-1"]
