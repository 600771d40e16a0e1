"""Who sees what: a user sees their home unit's subtree; the office sees everything."""

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from units.selectors import cadres_in_scope, orgs_in_scope, units_in_scope

pytestmark = pytest.mark.django_db


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_the_office_sees_every_unit(tree, office):
    assert codes(units_in_scope(office)) == set(tree)


def test_a_district_leader_sees_only_their_district(tree, leader_a):
    assert codes(units_in_scope(leader_a)) == {"A", "A1", "A2", "A1-1", "A1-1-1"}


def test_a_commune_cadre_sees_neither_the_district_nor_the_other_commune(tree, cadre_a1, cadre_b1):
    assert codes(units_in_scope(cadre_a1)) == {"A1", "A1-1", "A1-1-1"}
    assert codes(units_in_scope(cadre_b1)) == {"B1", "B1-1"}


def test_a_user_without_a_home_unit_sees_nothing(tree, agency_user):
    assert not units_in_scope(agency_user).exists()
    assert not orgs_in_scope(agency_user).exists()


def test_party_organisations_and_cadres_follow_the_same_scope(orgs, leader_a, cadre_a1, cadre_b1):
    assert codes(orgs_in_scope(leader_a)) == {"DBA", "DBA1", "CBA1-1"}
    assert codes(cadres_in_scope(cadre_a1)) == {"CA1"}
    assert codes(cadres_in_scope(leader_a)) == {"CA1"}


def test_it_shows_a_unit_page_in_scope_and_refuses_one_outside(client, tree, cadre_a1):
    client.login(username="cadre_a1", password=PASSWORD)
    own = client.get(reverse("units:detail", args=["A1"]))
    assert own.status_code == 200
    assert "Ấp 1" in own.content.decode()
    assert client.get(reverse("units:detail", args=["B1"])).status_code == 403
    assert client.get(reverse("units:detail", args=["A"])).status_code == 403
    assert client.get(reverse("units:detail", args=["NOPE"])).status_code == 404


def test_it_sends_a_user_to_their_home_unit(client, tree, leader_a):
    client.login(username="leader_a", password=PASSWORD)
    response = client.get(reverse("units:root"))
    assert response.url == reverse("units:detail", args=["A"])


def test_the_unit_page_has_a_breadcrumb_and_per_level_counts(
    client, tree, office, django_assert_max_num_queries
):
    client.login(username="office", password=PASSWORD)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("units:detail", args=["A1-1"]))
    html = response.content.decode()
    for name in ("Tỉnh Phú Hưng", "Huyện An Định", "Xã An Hòa"):
        assert name in html
    assert "tổ nhân dân tự quản" in html.lower()


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(reverse("units:detail", args=["A1"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
