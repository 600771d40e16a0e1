"""Assigning cadres to units: the level rules, overlaps, dates, history, and the form that keeps input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assignments.models import Assignment, CadreKind, LevelRule
from assignments.services import assignment_create, assignment_end, assignment_hand_over
from tests.units.factories import CadreFactory
from units.models import Cadre

from .factories import AssignmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_it_lets_a_district_cadre_follow_a_hamlet_before_the_district_level_ended(tree, office, district_cadre):
    a = assignment_create(
        cadre=district_cadre, unit=tree["A1-1"], starts_on=D(2025, 2, 1), acting_user=office
    )
    assert a.cadre_kind == CadreKind.DISTRICT
    assert a.duty == "Theo dõi, hỗ trợ"
    assert a.is_active(D(2025, 3, 1))


def test_it_infers_a_provincial_standing_member_from_the_position_and_lets_them_follow_a_district_in_2025(
    tree, office, provincial_cadre
):
    a = assignment_create(cadre=provincial_cadre, unit=tree["A"], starts_on=D(2025, 2, 1), acting_user=office)
    assert a.cadre_kind == CadreKind.PROVINCIAL_STANDING


def test_from_july_2025_district_cadres_no_longer_follow_hamlets_and_commune_cadres_do(
    tree, office, district_cadre, cadre_a1
):
    with pytest.raises(ValidationError) as err:
        assignment_create(cadre=district_cadre, unit=tree["A1-1"], starts_on=D(2025, 7, 1), acting_user=office)
    assert "không cấp nào" in err.value.message_dict["unit"][0]
    a = assignment_create(cadre=cadre_a1.cadre, unit=tree["A1-1"], starts_on=D(2025, 7, 1), acting_user=office)
    assert a.cadre_kind == CadreKind.COMMUNE and a.unit == tree["A1-1"]


def test_the_dated_default_rules_close_the_district_era_on_30_06_2025():
    def pairs(day):
        return {
            (kind, level)
            for kind in CadreKind.values
            for level in LevelRule.allowed_levels(kind, day)
        }

    provincial = {k for k in CadreKind.values if k not in (CadreKind.DISTRICT, CadreKind.COMMUNE)}
    assert pairs(D(2025, 6, 30)) == {("provincial_standing", 2), ("district", 4), ("commune", 5)} | {
        (k, 3) for k in provincial - {"provincial_standing"}
    }
    assert pairs(D(2025, 7, 1)) == {(k, 3) for k in provincial} | {("commune", 4), ("commune", 5)}


def test_it_refuses_a_commune_cadre_assigned_to_a_district(tree, office, cadre_a1):
    with pytest.raises(ValidationError) as err:
        assignment_create(cadre=cadre_a1.cadre, unit=tree["A"], starts_on=D(2026, 2, 1), acting_user=office)
    assert "unit" in err.value.message_dict
    assert not Assignment.objects.exists()


def test_it_refuses_a_capacity_that_does_not_match_the_roster_level(tree, office, cadre_a1):
    with pytest.raises(ValidationError) as err:
        assignment_create(
            cadre=cadre_a1.cadre,
            unit=tree["A"],
            cadre_kind=CadreKind.PROVINCIAL_STANDING,
            starts_on=D(2026, 2, 1),
            acting_user=office,
        )
    assert "cadre_kind" in err.value.message_dict


def test_the_office_can_change_the_level_rules(tree, office, cadre_a1):
    LevelRule.objects.create(cadre_kind=CadreKind.COMMUNE, unit_level=4, note="Thí điểm")
    a = assignment_create(
        cadre=cadre_a1.cadre, unit=tree["A1-1"], starts_on=D(2026, 2, 1), acting_user=office
    )
    assert a.unit == tree["A1-1"]


def test_a_rule_that_ended_does_not_allow_new_assignments(tree, office, cadre_a1):
    LevelRule.objects.filter(cadre_kind=CadreKind.COMMUNE).update(valid_to=D(2025, 12, 31))
    with pytest.raises(ValidationError):
        assignment_create(
            cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=D(2026, 2, 1), acting_user=office
        )


def test_it_refuses_an_overlapping_duplicate(tree, office, group_assignment):
    with pytest.raises(ValidationError) as err:
        assignment_create(
            cadre=group_assignment.cadre,
            unit=group_assignment.unit,
            starts_on=D(2026, 6, 1),
            ends_on=D(2026, 12, 31),
            acting_user=office,
        )
    assert "overlaps" in str(err.value.message_dict["unit"]) or "trùng" in str(err.value.message_dict["unit"])
    assert Assignment.objects.count() == 1


def test_a_new_assignment_after_the_old_one_ended_is_allowed(tree, office, group_assignment):
    assignment_end(assignment=group_assignment, ends_on=D(2026, 5, 31), acting_user=office)
    again = assignment_create(
        cadre=group_assignment.cadre, unit=group_assignment.unit, starts_on=D(2026, 6, 1), acting_user=office
    )
    assert Assignment.objects.count() == 2
    assert again.starts_on == D(2026, 6, 1)


def test_it_refuses_an_end_date_before_the_start(tree, office, cadre_a1):
    with pytest.raises(ValidationError) as err:
        assignment_create(
            cadre=cadre_a1.cadre,
            unit=tree["A1-1-1"],
            starts_on=D(2026, 5, 1),
            ends_on=D(2026, 4, 1),
            acting_user=office,
        )
    assert "ends_on" in err.value.message_dict


def test_the_database_refuses_an_end_before_the_start_too(tree, cadre_a1):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        AssignmentFactory(
            cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=D(2026, 5, 1), ends_on=D(2026, 4, 1)
        )


def test_a_leader_cannot_assign_outside_their_district(tree, leader_a, cadre_b1):
    with pytest.raises(PermissionDenied):
        assignment_create(
            cadre=cadre_b1.cadre, unit=tree["B1-1"], starts_on=D(2026, 2, 1), acting_user=leader_a
        )


def test_a_cadre_cannot_assign(tree, cadre_a1, district_cadre):
    with pytest.raises(PermissionDenied):
        assignment_create(
            cadre=district_cadre, unit=tree["A1-1"], starts_on=D(2026, 2, 1), acting_user=cadre_a1
        )


def test_handing_over_keeps_the_history(tree, office, group_assignment):
    successor_cadre = CadreFactory(code="CA2", cadre_level=Cadre.Level.COMMUNE, work_unit=tree["A1"])
    new = assignment_hand_over(
        assignment=group_assignment, to_cadre=successor_cadre, on=D(2026, 7, 1), acting_user=office
    )
    group_assignment.refresh_from_db()
    assert group_assignment.ends_on == D(2026, 6, 30)
    assert group_assignment.succeeded_by == new
    assert new.starts_on == D(2026, 7, 1) and new.cadre == successor_cadre
    assert Assignment.objects.filter(unit=tree["A1-1-1"]).count() == 2
    assert list(Assignment.objects.active_on(D(2026, 8, 1)).filter(unit=tree["A1-1-1"])) == [new]
    assert list(Assignment.objects.active_on(D(2026, 3, 1)).filter(unit=tree["A1-1-1"])) == [group_assignment]


# --- the pages ---


def test_the_form_shows_the_rule_violation_in_vietnamese_and_keeps_what_was_typed(
    client, tree, office, cadre_a1
):
    client.force_login(office)
    response = client.post(
        reverse("assignments:assignment_create"),
        {"cadre": "CA1", "unit": "A", "starts_on": "2026-02-01", "decision_number": "15-QĐ/HU"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không được theo dõi" in html
    assert 'value="15-QĐ/HU"' in html and 'value="CA1"' in html and 'value="A"' in html
    assert not Assignment.objects.exists()


def test_the_form_refuses_an_end_before_the_start_with_a_message(client, tree, office, cadre_a1):
    client.force_login(office)
    response = client.post(
        reverse("assignments:assignment_create"),
        {"cadre": "CA1", "unit": "A1-1-1", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    html = response.content.decode()
    assert "không thể trước ngày bắt đầu" in html
    assert 'value="2026-04-01"' in html
    assert not Assignment.objects.exists()


def test_the_form_reports_an_unknown_cadre_code(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("assignments:assignment_create"),
        {"cadre": "ZZZ", "unit": "A1-1-1", "starts_on": "2026-05-01"},
    )
    assert "Không có cán bộ nào có mã ZZZ" in response.content.decode()


def test_the_office_assigns_through_the_form(client, tree, office, cadre_a1):
    client.force_login(office)
    response = client.post(
        reverse("assignments:assignment_create"),
        {"cadre": "CA1", "unit": "A1-1-1", "starts_on": "2026-05-01"},
    )
    a = Assignment.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "assignments:assignment_detail", args=[a.pk]
    )


def test_an_assignment_outside_scope_is_403_and_unknown_is_404(client, tree, leader_a, cadre_b1):
    other = AssignmentFactory(cadre=cadre_b1.cadre, unit=tree["B1-1"])
    client.force_login(leader_a)
    assert client.get(reverse("assignments:assignment_detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("assignments:assignment_detail", args=[99999])).status_code == 404


def test_the_assignment_list_counts_persons_and_assignments_apart(
    client, tree, office, cadre_a1, django_assert_max_num_queries
):
    for code in ("A1-1-1", "A1-1", "A1"):
        AssignmentFactory(cadre=cadre_a1.cadre, unit=tree[code])
    client.force_login(office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assignments:assignment_list"), {"unit": "A"})
    html = response.content.decode()
    assert "3 phân công, do 1 cán bộ đảm nhận" in html
