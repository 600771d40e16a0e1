"""The reads the six-monthly rollup calls, and the coverage page built on them."""

import datetime

import pytest
from django.urls import reverse

from assignments import selectors
from tests.units.factories import CadreFactory, UnitFactory
from units.models import Cadre, Unit

from .factories import AssignmentFactory, PetitionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_petition_counts_groups_by_the_unit_where_raised(tree):
    group, hamlet = tree["A1-1-1"], tree["A1-1"]
    PetitionFactory(
        unit=group,
        raised_on=D(2026, 2, 1),
        due_on=D(2026, 2, 10),
        answered_on=D(2026, 2, 9),
        status="answered",
        people_satisfied=True,
        verdict_on=D(2026, 2, 20),
    )
    PetitionFactory(
        unit=group,
        raised_on=D(2026, 2, 1),
        due_on=D(2026, 2, 10),
        answered_on=D(2026, 3, 1),
        status="answered",
    )
    PetitionFactory(unit=group, raised_on=D(2026, 5, 1), due_on=D(2026, 5, 10), status="forwarded")
    # Answered after the period ended: overdue at the period's end, not yet answered then.
    PetitionFactory(
        unit=hamlet,
        raised_on=D(2026, 6, 1),
        due_on=D(2026, 6, 11),
        answered_on=D(2026, 7, 15),
        status="answered",
    )
    PetitionFactory(unit=hamlet, raised_on=D(2026, 7, 2))  # outside the period
    rows = {r["unit_id"]: r for r in selectors.petition_counts(start=D(2026, 1, 1), end=D(2026, 6, 30))}
    assert rows[group.pk] == {
        "unit_id": group.pk,
        "raised": 3,
        "answered_in_time": 1,
        "answered_late": 1,
        "overdue": 1,
        "resolved": 1,
    }
    assert rows[hamlet.pk] == {
        "unit_id": hamlet.pk,
        "raised": 1,
        "answered_in_time": 0,
        "answered_late": 0,
        "overdue": 1,
        "resolved": 0,
    }
    assert set(rows) == {group.pk, hamlet.pk}


def test_petition_counts_is_one_query(tree, django_assert_num_queries):
    PetitionFactory(unit=tree["A1-1-1"])
    with django_assert_num_queries(1):
        list(selectors.petition_counts(start=D(2026, 1, 1), end=D(2026, 6, 30)))


def test_active_assignments_on_a_day(tree, cadre_a1, django_assert_num_queries):
    current = AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=D(2026, 1, 1))
    AssignmentFactory(
        cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=D(2024, 1, 1), ends_on=D(2025, 12, 31)
    )
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["B1-1"], starts_on=D(2026, 1, 1))
    with django_assert_num_queries(1):
        rows = list(
            selectors.active_assignments(unit_ids=[tree["A1-1-1"].pk, tree["A1-1"].pk], on=D(2026, 3, 1))
        )
        assert [(a.pk, a.cadre.full_name, a.unit.name) for a in rows] == [
            (current.pk, "Trần Thị Lan", "Tổ NDTQ số 1")
        ]
    assert list(selectors.active_assignments(unit_ids=[tree["A1-1-1"].pk], on=D(2025, 6, 1)))[0].ends_on == D(
        2025, 12, 31
    )


def test_coverage_counts_units_with_an_active_cadre_per_level(
    tree, district_cadre, cadre_a1, django_assert_num_queries
):
    AssignmentFactory(cadre=district_cadre, unit=tree["A1-1"], cadre_kind="district")
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1-1"], ends_on=D(2026, 2, 1))  # ended
    with django_assert_num_queries(1):
        rows = selectors.coverage(tree["P"], on=D(2026, 3, 1))
    got = {r["level"]: (r["covered"], r["total"]) for r in rows}
    assert got == {2: (0, 2), 3: (0, 3), 4: (1, 2), 5: (0, 1)}
    assert {r["level"]: (r["covered"], r["total"]) for r in selectors.coverage(tree["P"], on=D(2026, 1, 15))}[
        5
    ] == (1, 1)
    assert {r["level"]: r["covered"] for r in selectors.coverage(tree["A"], on=D(2026, 3, 1))} == {
        3: 0,
        4: 1,
        5: 0,
    }


def test_coverage_by_child_splits_the_subtree_by_the_unit_directly_under(tree, district_cadre):
    AssignmentFactory(cadre=district_cadre, unit=tree["A1-1"], cadre_kind="district")
    rows = {
        (r["child_id"], r["level"]): (r["covered"], r["total"])
        for r in selectors.coverage_by_child(tree["P"])
    }
    a, b = tree["A"].pk, tree["B"].pk
    assert rows == {
        (a, 2): (0, 1),
        (a, 3): (0, 2),
        (a, 4): (1, 1),
        (a, 5): (0, 1),
        (b, 2): (0, 1),
        (b, 3): (0, 1),
        (b, 4): (0, 1),
    }


def test_cadre_load_counts_persons_and_assignments_and_flags_outliers(tree):
    busy = CadreFactory(code="BUSY", cadre_level=Cadre.Level.COMMUNE, work_unit=tree["A1"])
    for code in ("A1-1-1", "A1-1", "A1", "A2", "A", "B", "B1"):
        AssignmentFactory(cadre=busy, unit=tree[code])
    for i in range(6):
        AssignmentFactory(cadre=CadreFactory(code=f"C{i}", work_unit=tree["A1"]), unit=tree["A1-1-1"])
    load = selectors.cadre_load(tree["P"])
    assert (load["persons"], load["assignments"]) == (7, 13)
    assert load["top"][0]["cadre__code"] == "BUSY" and load["top"][0]["outlier"]
    assert load["outliers"] == 1 and not load["top"][1]["outlier"]


def test_the_coverage_page_shows_each_level_and_the_units_without_a_cadre(
    client, tree, office, district_cadre, django_assert_max_num_queries
):
    AssignmentFactory(cadre=district_cadre, unit=tree["A1-1"], cadre_kind="district", ends_on=D(2099, 1, 1))
    client.force_login(office)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("assignments:coverage"), {"unit": "P"})
    html = response.content.decode()
    assert "1/2 ấp, khu phố có cán bộ theo dõi" in html
    assert "B1-1" in html  # Ấp 1 of Bình Đông has nobody


def test_the_coverage_page_is_scoped(client, tree, leader_a):
    client.force_login(leader_a)
    assert client.get(reverse("assignments:coverage")).status_code == 200
    assert client.get(reverse("assignments:coverage"), {"unit": "B"}).status_code == 403
    assert client.get(reverse("assignments:coverage"), {"unit": "NOPE"}).status_code == 404


def test_assignments_ending_within_30_days(tree, cadre_a1):
    soon = AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1-1"], ends_on=D(2026, 3, 20))
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1"], ends_on=D(2026, 6, 1))
    assert list(selectors.assignments_ending(tree["P"], on=D(2026, 3, 1))) == [soon]


def test_the_coverage_page_is_cached_and_a_new_assignment_shows_at_once(
    client, tree, office, district_cadre, page_cache, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(office)
    url = reverse("assignments:coverage")
    assert "0/2 ấp, khu phố có cán bộ theo dõi" in client.get(url, {"unit": "P"}).content.decode()
    with django_assert_max_num_queries(8):  # the GROUP BYs are not run again
        assert "0/2 ấp, khu phố" in client.get(url, {"unit": "P"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assignments:assignment_create"),
            {"cadre": district_cadre.code, "unit": "A1-1", "cadre_kind": "district", "duty": "Theo dõi",
             "starts_on": "01/01/2025", "ends_on": ""},
        )
    assert response.status_code == 302
    assert "1/2 ấp, khu phố có cán bộ theo dõi" in client.get(url, {"unit": "P"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # a unit added (here: by the admin) counts too
        UnitFactory(code="A1-9", name="Ấp 9", kind=Unit.Kind.HAMLET, parent=tree["A1"])
    assert "1/3 ấp, khu phố có cán bộ theo dõi" in client.get(url, {"unit": "P"}).content.decode()
