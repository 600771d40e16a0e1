"""Cell and dashboard pages read their organisation from the cache (units.scope.org_by_code):
the scope is still checked on every request, and a change to the organisation shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboards.conftest import primary_only  # noqa: F401 - the dashboards read the primary here

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_cache(settings):
    settings.ORG_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _org_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "units_partyorg"' in q["sql"]]


def test_the_cell_page_reads_its_organisation_from_the_cache(client, secretary_a1, orgs, org_cache):
    client.force_login(secretary_a1)
    url = reverse("cells:cell", args=["CBA1-1"])
    first, loaded = _org_queries(client, url)
    again, read = _org_queries(client, url)
    assert first.status_code == again.status_code == 200
    assert loaded and not [sql for sql in read if "CBA1-1" in sql]


def test_a_cached_organisation_is_still_refused_outside_the_scope(client, secretary_a1, cadre_b1, orgs, org_cache):
    client.force_login(secretary_a1)
    assert client.get(reverse("cells:cell", args=["CBA1-1"])).status_code == 200
    client.force_login(cadre_b1)
    assert client.get(reverse("cells:cell", args=["CBA1-1"])).status_code == 403
    assert client.get(reverse("cells:cell", args=["NO-SUCH-CELL"])).status_code == 404


def test_a_renamed_cell_shows_its_new_name_at_once(
    client, secretary_a1, orgs, org_cache, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a1)
    url = reverse("cells:cell", args=["CBA1-1"])
    assert "Chi bộ Ấp 1" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        orgs["A1-1"].name = "Chi bộ Ấp Một"
        orgs["A1-1"].save()
    assert "Chi bộ Ấp Một" in client.get(url).content.decode()


def test_the_dashboard_refuses_an_organisation_outside_the_scope_even_when_cached(client, leader_a, office, orgs, org_cache):
    client.force_login(office)
    assert client.get(reverse("dashboards:org", args=["DBB"])).status_code == 200
    client.force_login(leader_a)
    assert client.get(reverse("dashboards:org", args=["DBB"])).status_code == 403
    assert client.get(reverse("dashboards:org", args=["DBA"])).status_code == 200
    assert client.get(reverse("dashboards:org", args=["NO-SUCH"])).status_code == 404
