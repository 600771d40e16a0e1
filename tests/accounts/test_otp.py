"""Optional two-step sign-in (TOTP): once a leader or the office turns it on, every sign-in asks for a code."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + drift * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_leader_turns_it_on_by_scanning_and_confirming_a_code(client, leader_a):
    sign_in(client, "leader_a")
    page = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in page.content.decode()  # the QR code
    device = TOTPDevice.objects.get(user=leader_a, confirmed=False)
    wrong = client.post(
        reverse("accounts:otp_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=leader_a, confirmed=True).exists()
    response = client.post(reverse("accounts:otp_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=leader_a, confirmed=True).count() == 1


def test_once_on_a_leader_sees_nothing_before_the_code(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    response = client.get(reverse("directives:list"))
    assert response.status_code == 302 and reverse("accounts:otp_verify") in response.url
    wrong = client.post(reverse("accounts:otp_verify"), {"code": "12345"})
    assert wrong.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    ok = client.post(
        reverse("accounts:otp_verify"), {"code": code_for(device), "next": reverse("directives:list")}
    )
    assert ok.url == reverse("directives:list")
    assert client.get(reverse("directives:list")).status_code == 200


def test_the_next_address_cannot_send_the_user_elsewhere(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    ok = client.post(
        reverse("accounts:otp_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert ok.url == "/"


def test_a_cadre_with_a_device_is_not_forced(client, cadre_a1):
    TOTPDevice.objects.create(user=cadre_a1, name="app", confirmed=True)
    sign_in(client, "cadre_a1")
    assert client.get(reverse("directives:list")).status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # a wrong code otherwise makes the next try wait
def test_turning_it_off_needs_a_current_code(client, office):
    device = TOTPDevice.objects.create(user=office, name="app", confirmed=True)
    sign_in(client, "office")
    client.post(reverse("accounts:otp_verify"), {"code": code_for(device)})
    refused = client.post(
        reverse("accounts:otp_manage"), {"code": "999999" if code_for(device, 1) != "999999" else "888888"}
    )
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=office).exists()
    client.post(reverse("accounts:otp_manage"), {"code": code_for(device, 1)})
    assert not TOTPDevice.objects.filter(user=office).exists()


def _wrong(device):
    return "000000" if code_for(device) != "000000" else "111111"


def test_after_a_wrong_code_the_throttle_says_so_and_then_the_right_code_is_accepted(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    wrong = client.post(reverse("accounts:otp_verify"), {"code": _wrong(device)})
    assert "Mã không đúng" in wrong.content.decode()
    # At once: django-otp's back-off refuses to check even the right code, and the page says why.
    throttled = client.post(reverse("accounts:otp_verify"), {"code": code_for(device)})
    text = throttled.content.decode()
    assert throttled.status_code == 200
    assert "Nhập sai mã quá nhiều lần liền: chờ 1 giây" in text and "Mã không đúng" not in text
    assert client.get(reverse("home")).status_code == 302
    # Once the wait is over (the failure is moved back two seconds), the right code is accepted.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    ok = client.post(reverse("accounts:otp_verify"), {"code": code_for(device), "next": reverse("home")})
    assert ok.status_code == 302 and ok.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_wait_doubles_with_each_wrong_code_and_the_page_says_how_long(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    for failures in (1, 2, 3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(reverse("accounts:otp_verify"), {"code": _wrong(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == failures
    text = client.post(reverse("accounts:otp_verify"), {"code": code_for(device)}).content.decode()
    assert "chờ 4 giây" in text
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # a throttled try is not counted as one more failure


def test_turning_it_off_leaves_the_next_page_and_sign_out_working(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    client.post(reverse("accounts:otp_verify"), {"code": code_for(device)})
    off = client.post(reverse("accounts:otp_manage"), {"code": code_for(device, 1)})
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader_a).exists()
    page = client.get(reverse("accounts:otp_manage"))
    assert page.status_code == 200 and "đang tắt" in page.content.decode()
    assert client.get(reverse("directives:list")).status_code == 200
    out = client.post(reverse("accounts:logout"))
    assert out.status_code == 302 and out.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_device_removed_in_another_session_stops_the_code_being_asked(client, leader_a):
    TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    TOTPDevice.objects.filter(user=leader_a).delete()  # e.g. the office removed it in the admin
    first = client.get(reverse("directives:list"))
    assert first.status_code == 302 and reverse("accounts:otp_verify") in first.url
    back = client.get(first.url)
    assert back.status_code == 302 and back.url == reverse("directives:list")
    assert client.get(reverse("directives:list")).status_code == 200
