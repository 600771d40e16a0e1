import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

WITH_AXES = override_settings(
    AUTHENTICATION_BACKENDS=[
        "axes.backends.AxesStandaloneBackend",
        "accounts.backends.UserBackend",
    ],
    AXES_FAILURE_LIMIT=3,
)


@WITH_AXES
def test_repeated_failed_sign_ins_lock_the_account_even_with_the_right_password(client, cadre_a1):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


@WITH_AXES
def test_a_lockout_is_per_account_and_address(client, cadre_a1, cadre_b1):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "cadre_b1", "password": PASSWORD})
    assert response.status_code == 302


@WITH_AXES
def test_a_success_before_the_limit_resets_the_count(client, cadre_a1):
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": "sai"})
    assert (
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": "sai"})
    assert (
        client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD}).status_code
        == 302
    )


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert "onchange=" not in response.content.decode()


def test_sessions_expire(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
