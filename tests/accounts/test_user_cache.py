"""The signed-in user is read from the cache, not the database (accounts.backends), and every change to
the account, its roles or its units shows on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_cache(settings):
    settings.SIGNED_IN_USER_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _account_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries if '"accounts_user"' in q["sql"] or '"auth_group"' in q["sql"]]


def test_a_signed_in_page_reads_the_user_and_roles_from_the_cache(client, cadre_a1, user_cache):
    client.force_login(cadre_a1)
    first, loaded = _account_queries(client, reverse("home"))
    again, read = _account_queries(client, reverse("home"))
    assert first.status_code == again.status_code == 200
    assert loaded and read == []
    assert again.context["user"].home_unit.name == cadre_a1.home_unit.name


def test_a_deactivated_account_is_signed_out_on_its_next_request(
    client, cadre_a1, user_cache, django_capture_on_commit_callbacks
):
    client.force_login(cadre_a1)
    assert client.get(reverse("home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        cadre_a1.is_active = False
        cadre_a1.save()
    assert client.get(reverse("home")).status_code == 302


def test_a_password_changed_elsewhere_ends_the_session(client, cadre_a1, user_cache, django_capture_on_commit_callbacks):
    client.force_login(cadre_a1)
    assert client.get(reverse("home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        cadre_a1.set_password("Một mật khẩu khác 2026")
        cadre_a1.save()
    assert client.get(reverse("home")).status_code == 302


def test_a_role_given_or_taken_shows_in_the_menu_at_once(client, cadre_a1, user_cache, django_capture_on_commit_callbacks):
    client.force_login(cadre_a1)
    assert b'data-testid="nav-dashboards"' not in client.get(reverse("home")).content
    leader = Group.objects.get(name=roles.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        cadre_a1.groups.add(leader)
    assert b'data-testid="nav-dashboards"' in client.get(reverse("home")).content
    with django_capture_on_commit_callbacks(execute=True):
        leader.user_set.remove(cadre_a1)  # from the group's side
    assert b'data-testid="nav-dashboards"' not in client.get(reverse("home")).content


def test_a_renamed_home_unit_shows_at_once(client, cadre_a1, tree, user_cache, django_capture_on_commit_callbacks):
    client.force_login(cadre_a1)
    assert client.get(reverse("home")).context["user"].home_unit.name == "Xã An Hòa"
    with django_capture_on_commit_callbacks(execute=True):
        tree["A1"].name = "Xã An Hòa Mới"
        tree["A1"].save()
    assert client.get(reverse("home")).context["user"].home_unit.name == "Xã An Hòa Mới"
