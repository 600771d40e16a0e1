"""Optional TOTP two-factor sign-in (django-otp).

Anyone may enable it; once a provincial-office user or a leader has a confirmed device, every
sign-in asks for the code before any other page (`RequireOTPMiddleware`). Devices are created
unconfirmed on the setup page and confirmed by entering a first valid code, so a half-done setup never
locks anyone out.
"""

import math

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import user_has_device
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import TwoStepChange

DEVICE_NAME = "Ứng dụng xác thực"
ENFORCED_ROLES = (roles.OFFICE, roles.LEADER)


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device (created on first use): its secret is shown until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def two_step_on(*, device: TOTPDevice, acting_user) -> TOTPDevice:
    """Confirm the user's pending device after a first right code, and record who turned it on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TwoStepChange.objects.create(user_id=device.user_id, turned_on=True, changed_by=acting_user)
    return device


@transaction.atomic
def two_step_off(*, device: TOTPDevice, acting_user) -> None:
    """Remove a confirmed device (two-step sign-in off), and record who turned it off."""
    user_id = device.user_id
    device.delete()
    TwoStepChange.objects.create(user_id=user_id, turned_on=False, changed_by=acting_user)


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def check_code(device: TOTPDevice, code: str) -> str | None:
    """None when `code` is right; otherwise what to tell the user. A wrong code makes the next try
    wait (django-otp's back-off: 1, 2, 4… seconds); while it waits even the right code is not checked,
    so the user is told to wait, not that the code is wrong."""
    allowed, info = device.verify_is_allowed()
    if not allowed and info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        seconds = max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong codes in a row: wait %(seconds)d second, then enter the code the app shows.",
            "Too many wrong codes in a row: wait %(seconds)d seconds, then enter the code the app shows.",
            seconds,
        ) % {"seconds": seconds}
    if device.verify_token(code):
        return None
    return _("The code is not right. Check the time on your phone and try again.")


REQUIRED = "otp_required"


@receiver(user_logged_in)
def remember_whether_a_code_is_required(sender, request, user, **kwargs):
    """Decided once at sign-in (one query), kept in the session: no per-request lookups."""
    if request is None or not hasattr(request, "session"):
        return
    enforced = user.is_superuser or any(user.has_role(r) for r in ENFORCED_ROLES)
    request.session[REQUIRED] = bool(enforced and user_has_device(user, confirmed=True))


def no_longer_required(request):
    """Two-step sign-in was turned off (or the device removed): stop asking for a code in this session."""
    request.session[REQUIRED] = False


def must_verify(request) -> bool:
    """Enforced for the office and leaders (and superusers) who had it on when they signed in."""
    user = request.user
    return bool(user.is_authenticated and request.session.get(REQUIRED) and not user.is_verified())


class RequireOTPMiddleware:
    """After the password, a user who must verify sees only the code page (and sign-out, static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (reverse("accounts:otp_verify"), reverse("accounts:logout"), settings.STATIC_URL)
        if not request.path.startswith(allowed) and must_verify(request):
            return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)
