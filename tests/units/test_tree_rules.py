"""The two rules of both trees — a child sits below its parent's level, no node under itself — kept
in `units.tree` and applied the same way by the model's validation, the roster sheet and
reorganisations."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.units.workbooks import UNIT_HEADERS, xlsx
from units import reorg, tree
from units.imports import import_file
from units.models import Reorganisation, Unit

pytestmark = pytest.mark.django_db
EFF = datetime.date(2025, 7, 1)


def test_loops_and_depths_through_parent_codes():
    parent_of = {"X1": "A", "X1-1": "X1", "C1": "C2", "C2": "C3", "C3": "C1", "D": "C1"}
    assert tree.find_loop("X1-1", parent_of) is None
    assert tree.find_loop("C1", parent_of) == ["C1", "C2", "C3", "C1"]
    assert tree.find_loop("D", parent_of) == ["D", "C1", "C2", "C3", "C1"]
    depth, loops = tree.depths(["X1-1", "D", "C2"], parent_of)
    assert depth["X1-1"] == 2 and depth["X1"] == 1
    assert depth["D"] == depth["C1"] == depth["C2"] == -1
    assert loops == [["C1", "C2", "C3", "C1"]]


def test_a_commune_under_a_hamlet_is_refused_by_the_form_the_sheet_and_a_reorganisation(tree_cast):
    u = tree_cast
    # The model's validation (admin, forms).
    commune = Unit(code="X9", name="Xã Mới", kind=Unit.Kind.COMMUNE, parent=u["A1-1"])
    with pytest.raises(ValidationError) as exc:
        commune.full_clean()
    assert "cấp" in str(exc.value)
    # The roster sheet.
    plan = import_file(xlsx({"Đơn vị": [UNIT_HEADERS, ["X9", "Xã Mới", "Xã", "A1-1"]]}), "r.xlsx")
    assert [e.row for e in plan.errors] == [2] and "cấp" in plan.errors[0].message
    # A reorganisation.
    with pytest.raises(reorg.ReorgRefused) as exc:
        reorg.unit_move(unit=u["B1"], new_parent=u["A1-1"], effective_on=EFF, acting_user=None)
    assert "cấp" in str(exc.value.problems)
    assert not Unit.objects.filter(code="X9").exists() and not Reorganisation.objects.exists()


def test_a_unit_under_its_own_descendant_is_refused_by_the_form_the_sheet_and_a_reorganisation(tree_cast):
    u = tree_cast
    district = Unit.objects.get(code="A")
    district.parent = u["A1"]
    district.kind = Unit.Kind.DISTRICT
    with pytest.raises(ValidationError) as exc:
        district.full_clean()
    assert "dưới chính nó" in str(exc.value)
    plan = import_file(
        xlsx({"Đơn vị": [UNIT_HEADERS, ["C1", "Ấp C1", "Ấp", "C2"], ["C2", "Ấp C2", "Ấp", "C1"]]}), "r.xlsx"
    )
    assert {e.row for e in plan.errors} == {2, 3} and all("vòng" in e.message for e in plan.errors)
    with pytest.raises(reorg.ReorgRefused) as exc:
        reorg.unit_move(unit=u["A"], new_parent=u["A1"], effective_on=EFF, acting_user=None)
    assert "vòng lặp" in str(exc.value.problems)
    assert Unit.objects.get(code="A").parent_id == u["P"].pk and not Reorganisation.objects.exists()


@pytest.fixture
def tree_cast(tree):
    return tree
