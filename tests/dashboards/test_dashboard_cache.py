"""Dashboards cache their figures briefly, per organisation, period and scope."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_second_visit_reads_the_cached_figures(
    client, computed, orgs, province_leader, cached, django_assert_max_num_queries
):
    client.login(username="leader_p", password=PASSWORD)
    url = reverse("dashboards:org", args=[orgs["A"].code])
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(8):  # session, user, roles, the scope check: no figures
        second = client.get(url)
    assert second.content.decode().count("Huyện An Định") == first.content.decode().count("Huyện An Định")


def test_the_cache_never_crosses_scopes(client, computed, orgs, province_leader, leader_a, cached):
    client.login(username="leader_p", password=PASSWORD)
    assert client.get(reverse("dashboards:org", args=[orgs["P"].code])).status_code == 200
    client.logout()
    client.login(username="leader_a", password=PASSWORD)
    # The district leader neither reads the province's cached page nor sees district B through it.
    assert client.get(reverse("dashboards:org", args=[orgs["P"].code])).status_code == 403
    html = client.get(reverse("dashboards:org", args=[orgs["A"].code])).content.decode()
    assert "Bình Lộc" not in html
