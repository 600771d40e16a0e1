"""A person's own page: party data, roles, assignments, pledges — their own and nobody else's."""

import datetime

import pytest
from django.urls import reverse

from assignments.models import CadreKind
from tests.assignments.factories import AssignmentFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_a_cadre_reads_their_party_data_roles_assignments_and_pledges(client, cadre_a1, cadre_b1, tree, orgs):
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=datetime.date(2026, 1, 1))
    AssignmentFactory(cadre=cadre_b1.cadre, unit=tree["B1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=datetime.date(2026, 1, 1))
    PledgeFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre, year=2026, short_code="hsa")
    client.force_login(cadre_a1)
    r = client.get(reverse("accounts:profile"))
    text = r.content.decode()
    assert "Trần Thị Lan" in text and "CA1" in text and "Chi bộ Ấp 1" in text
    assert "Cán bộ" in text  # the role
    assert reverse("assignments:assignment_detail", args=[cadre_a1.cadre.assignments.get().pk]) in text
    assert "2026" in text and 'data-testid="my-pledges"' in text
    assert "Bình Đông" not in text and "Lê Văn Bình" not in text


def test_the_profile_is_linked_from_every_page(client, cadre_a1):
    client.force_login(cadre_a1)
    assert f'href="{reverse("accounts:profile")}"' in client.get(reverse("home")).content.decode()


def test_an_account_without_a_roster_record_says_so(client, office):
    client.force_login(office)
    assert 'data-testid="no-cadre"' in client.get(reverse("accounts:profile")).content.decode()


def test_the_profile_is_bounded_in_queries(client, cadre_a1, tree, orgs, django_assert_max_num_queries):
    for n in range(10):
        AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=datetime.date(2020 + n, 1, 1), ends_on=datetime.date(2020 + n, 6, 1))
    client.force_login(cadre_a1)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_commune_cadre_finds_the_leaders_notes_on_their_organisation_from_the_profile(client, cadre_a1):
    """Interpretations are read in the organisation's scope; a commune cadre who has no dashboard
    reaches them from their own page."""
    client.force_login(cadre_a1)
    url = reverse("dashboards:interpretations", args=[cadre_a1.home_org.code])
    assert f'href="{url}"' in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(url).status_code == 200
