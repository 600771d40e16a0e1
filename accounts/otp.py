"""Optional TOTP two-factor sign-in (django-otp).

Anyone may enable it; once a provincial-office user or a leader has a confirmed device, every
sign-in asks for the code before any other page (`RequireOTPMiddleware`). Devices are created
unconfirmed on the setup page and confirmed by entering a first valid code, so a half-done setup never
locks anyone out.
"""

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

DEVICE_NAME = "Ứng dụng xác thực"
ENFORCED_ROLES = (roles.OFFICE, roles.LEADER)


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device (created on first use): its secret is shown until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


REQUIRED = "otp_required"


@receiver(user_logged_in)
def remember_whether_a_code_is_required(sender, request, user, **kwargs):
    """Decided once at sign-in (one query), kept in the session: no per-request lookups."""
    if request is None or not hasattr(request, "session"):
        return
    enforced = user.is_superuser or any(user.has_role(r) for r in ENFORCED_ROLES)
    request.session[REQUIRED] = bool(enforced and user_has_device(user, confirmed=True))


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
