import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_in_vietnamese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html


def test_a_wrong_password_is_refused_and_the_username_kept(client, cadre_a1):
    response = client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert 'value="cadre_a1"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_shows_a_cadre_their_scope(client, cadre_a1):
    client.login(username="cadre_a1", password=PASSWORD)
    html = client.get(reverse("home")).content.decode()
    assert "Cán bộ" in html
    assert "Xã An Hòa" in html
    assert reverse("admin:index") not in html


def test_home_offers_the_office_the_administration(client, office):
    client.login(username="office", password=PASSWORD)
    html = client.get(reverse("home")).content.decode()
    assert "Bạn xem được toàn tỉnh." in html
    assert reverse("admin:index") in html


def test_password_change_keeps_the_user_signed_in(client, cadre_a1):
    client.login(username="cadre_a1", password=PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    assert client.login(username="cadre_a1", password="Mot-mat-khau-moi-2026")


def test_a_weak_new_password_is_refused(client, cadre_a1):
    client.login(username="cadre_a1", password=PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "quá ngắn" in response.content.decode() or "quá phổ biến" in response.content.decode()
