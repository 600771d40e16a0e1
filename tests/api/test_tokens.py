"""Tokens made and revoked on the account's page and by `manage.py api_token`."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_made_on_the_page_is_shown_once_and_opens_the_api(client, tree, leader_a):
    client.force_login(leader_a)
    response = client.post(reverse("api_tokens:tokens"), {"name": "Cổng dữ liệu", "days": 30})
    body = response.content.decode()
    token = ApiToken.objects.get()
    key = body.split('data-testid="new-token"')[1].split("<code>")[1].split("</code>")[0]
    assert key.startswith(token.prefix) and token.expires_at is not None
    assert key not in client.get(reverse("api_tokens:tokens")).content.decode()  # never again
    client.logout()
    assert client.get("/api/v1/units/A", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_revoked_on_the_page_it_no_longer_opens_the_api(client, tree, leader_a, token_for):
    key = token_for(leader_a)
    client.force_login(leader_a)
    token = ApiToken.objects.get()
    assert client.post(reverse("api_tokens:token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    response = client.get("/api/v1/units/A", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"


def test_nobody_revokes_someone_elses_token(client, tree, leader_a, office, token_for):
    token_for(leader_a)
    client.force_login(office)
    token = ApiToken.objects.get()
    assert client.post(reverse("api_tokens:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert "test" not in client.get(reverse("api_tokens:tokens")).content.decode().split("<h2>")[-1]


def test_a_nameless_token_is_refused_with_the_form_again(client, leader_a):
    client.force_login(leader_a)
    response = client.post(reverse("api_tokens:tokens"), {"name": "", "days": 30})
    assert response.status_code == 400 and ApiToken.objects.count() == 0


def test_the_command_makes_lists_and_revokes(client, tree, leader_a):
    out = io.StringIO()
    call_command("api_token", "leader_a", "--name", "Hệ thống báo cáo", "--days", "10", stdout=out)
    key = out.getvalue().strip()
    assert client.get("/api/v1/units/A", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token = ApiToken.objects.get()
    assert token.name == "Hệ thống báo cáo" and token.key_hash != key

    listed = io.StringIO()
    call_command("api_token", "leader_a", "--list", stdout=listed)
    assert "active" in listed.getvalue() and key not in listed.getvalue()

    call_command("api_token", "leader_a", "--revoke", str(token.pk), stdout=io.StringIO())
    assert client.get("/api/v1/units/A", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", "nobody")


def test_the_token_page_costs_a_bounded_number_of_queries(client, leader_a, token_for, django_assert_max_num_queries):
    for _n in range(5):
        token_for(leader_a)
    client.force_login(leader_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("api_tokens:tokens")).status_code == 200
