"""Optional two-step sign-in (TOTP): once a leader or the office turns it on, every sign-in asks for a code."""

import pytest
from django.test import override_settings
from django.urls import reverse
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


def test_a_wrong_code_makes_the_next_try_wait(client, leader_a):
    device = TOTPDevice.objects.create(user=leader_a, name="app", confirmed=True)
    sign_in(client, "leader_a")
    client.post(
        reverse("accounts:otp_verify"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    response = client.post(reverse("accounts:otp_verify"), {"code": code_for(device)})
    assert response.status_code == 200  # throttled: even the right code is refused at once
    assert client.get(reverse("home")).status_code == 302
