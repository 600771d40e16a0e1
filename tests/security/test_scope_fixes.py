"""The scope holes the IDOR matrix found, each pinned by a plain test."""

import pytest
from django.urls import reverse

from tests.security.world import NAMES

pytestmark = pytest.mark.django_db


def test_the_petition_filter_offers_only_the_agencies_in_scope(client, world, primary_only):
    client.force_login(world.users["leader_a"])
    page = client.get(reverse("assignments:petition_list")).content.decode()
    assert "Ủy ban nhân dân Xã An Hòa" in page
    assert "Ủy ban nhân dân Xã Bình Đông" not in page


def test_the_agency_page_counts_only_the_agencies_in_scope(client, world, primary_only):
    client.force_login(world.users["leader_b"])
    page = client.get(reverse("assignments:agencies")).content.decode()
    assert "Bình Đông" in page and "An Hòa" not in page


@pytest.mark.parametrize("model", ["accounts/user", "assignments/agency", "notifications/notification"])
def test_a_staff_leader_sees_only_their_districts_rows_in_the_admin(client, world, primary_only, model):
    client.force_login(world.staff_leader_a)
    page = client.get(f"/admin/{model}/").content.decode()
    assert not [n for n in NAMES["B"] if n in page]


def test_a_staff_leader_cannot_open_another_districts_user_in_the_admin(client, world, primary_only):
    client.force_login(world.staff_leader_a)
    response = client.get(reverse("admin:accounts_user_change", args=[world.users["leader_b"].pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect, no form


def test_reopenings_are_not_added_by_hand_in_the_admin(client, world, primary_only):
    client.force_login(world.users["office"])
    assert client.get(reverse("admin:cells_periodreopening_add")).status_code == 403


def test_a_staff_leader_cannot_read_another_districts_history_in_the_admin(client, world, primary_only):
    """django-simple-history shows a record missing from the scoped list as 'deleted': not across scope."""
    petition = world.districts["B"].objs["petition"]
    client.force_login(world.staff_leader_a)
    assert client.get(reverse("admin:assignments_petition_history", args=[petition.pk])).status_code == 403
    client.force_login(world.users["office"])
    assert client.get(reverse("admin:assignments_petition_history", args=[petition.pk])).status_code == 200
