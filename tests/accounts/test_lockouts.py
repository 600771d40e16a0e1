"""Issue 15: the provincial office lifts sign-in lockouts (django-axes) from a page of its own, recorded."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import LockoutLift
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

WITH_AXES = override_settings(
    AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", "accounts.backends.UserBackend"],
    AXES_FAILURE_LIMIT=3,
)
PAGE = "/tai-khoan/khoa-dang-nhap/"


@pytest.fixture
def client_factory():
    return Client


def lock_out(client, username, times=3):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "sai-mat-khau"})


def sign_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


@WITH_AXES
def test_the_office_lifts_a_lockout_and_the_user_signs_in_again(
    client, client_factory, office, cadre_a1, django_assert_max_num_queries
):
    lock_out(client, "cadre_a1")
    assert sign_in(client, "cadre_a1").status_code == 429  # a fourth failure, even with the right password
    desk = client_factory()
    desk.force_login(office)
    with django_assert_max_num_queries(8):
        page = desk.get(PAGE)
    text = page.content.decode()
    assert page.status_code == 200 and text.count('data-testid="lockout-row"') == 1
    row = text.split('data-testid="lockout-row"')[1].split("</tr>")[0]
    assert "cadre_a1" in row and "127.0.0.1" in row and "<td>4</td>" in row and "Mở khóa" in row
    lifted = desk.post(PAGE, {"one": "127.0.0.1 cadre_a1"}, follow=True)
    assert "Đã mở khóa 1 tài khoản: cadre_a1." in lifted.content.decode()
    assert 'data-testid="no-lockouts"' in lifted.content.decode()
    lift = LockoutLift.objects.get()
    assert (lift.username, lift.ip_address, lift.failures, lift.lifted_by) == ("cadre_a1", "127.0.0.1", 4, office)
    assert "cadre_a1" in lifted.content.decode().split('data-testid="lifts"')[1]
    assert sign_in(client, "cadre_a1").status_code == 302  # the right password works again


@WITH_AXES
def test_several_lockouts_are_lifted_at_once_and_an_unchosen_one_stays(
    client, client_factory, office, cadre_a1, cadre_b1, leader_a
):
    for name in ("cadre_a1", "cadre_b1", "leader_a"):
        lock_out(client, name)
    desk = client_factory()
    desk.force_login(office)
    assert desk.get(PAGE).content.decode().count('data-testid="lockout-row"') == 3
    desk.post(PAGE, {"chosen": ["127.0.0.1 cadre_a1", "127.0.0.1 cadre_b1"]})
    assert set(LockoutLift.objects.values_list("username", flat=True)) == {"cadre_a1", "cadre_b1"}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["leader_a"]
    assert sign_in(client, "cadre_b1").status_code == 302
    assert sign_in(client_factory(), "leader_a").status_code == 429


@WITH_AXES
@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Hãy chọn ít nhất một tài khoản bị khóa để mở."),
        ({"one": "127.0.0.1 khong-ai"}, "Không có gì để mở: lần khóa đã hết hạn hoặc đã được mở."),
        ({"chosen": "rác"}, "Không có gì để mở: lần khóa đã hết hạn hoặc đã được mở."),
    ],
)
def test_nothing_chosen_or_nothing_locked_says_so_and_changes_nothing(
    client, client_factory, office, cadre_a1, data, message
):
    lock_out(client, "cadre_a1")
    desk = client_factory()
    desk.force_login(office)
    before = list(AccessAttempt.objects.values_list("pk", "failures_since_start"))
    response = desk.post(PAGE, data, follow=True)
    assert message in response.content.decode()
    assert list(AccessAttempt.objects.values_list("pk", "failures_since_start")) == before
    assert not LockoutLift.objects.exists()


@WITH_AXES
@pytest.mark.parametrize("role", ["leader_a", "cadre_a1", "secretary_a1", "agency_user"])
def test_only_the_office_sees_or_lifts_lockouts(client, client_factory, request, role, cadre_b1):
    lock_out(client, "cadre_b1")
    user = request.getfixturevalue(role)
    other = client_factory()
    other.force_login(user)
    assert 'href="/tai-khoan/khoa-dang-nhap/"' not in other.get("/").content.decode()
    for response in (other.get(PAGE), other.post(PAGE, {"one": "127.0.0.1 cadre_b1"})):
        text = response.content.decode()
        assert response.status_code == 403
        assert "Chỉ Văn phòng Tỉnh ủy được xem và mở khóa đăng nhập." in text
        assert 'data-testid="logout"' in text  # inside the site's layout, with the user's menu
        assert "cadre_b1" not in text
    assert AccessAttempt.objects.filter(username="cadre_b1").exists()
    assert not LockoutLift.objects.exists()
