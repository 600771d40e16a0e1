"""Sessions are read through the cache (one query less per page) and keep working without it."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_signed_in_page_reads_the_session_from_the_cache(client, cadre_a1, settings):
    settings.CACHES = {n: {**c, "KEY_PREFIX": uuid.uuid4().hex} for n, c in settings.CACHES.items()}
    sign_in(client, "cadre_a1")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_without_the_cache_server_people_sign_in_work_and_sign_out(client, cadre_a1, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    sign_in(client, "cadre_a1")
    page = client.get(reverse("home"))
    assert page.status_code == 200 and page.context["user"].username == "cadre_a1"
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out: back to the sign-in page
