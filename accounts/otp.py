"""Optional TOTP two-factor sign-in (django-otp).

Anyone may enable it; once a provincial-office user or a leader has a confirmed device, every
sign-in asks for the code before any other page (`RequireOTPMiddleware`). Devices are created
unconfirmed on the setup page and confirmed by entering a first valid code, so a half-done setup never
locks anyone out.
"""

import segno
from django.conf import settings
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


NOT_REQUIRED = "otp_not_required"


def must_verify(request) -> bool:
    """Enforced for the office and leaders who have enabled it (superusers too). Whether a device
    exists is looked up once per session (a new session starts at every sign-in), not per request."""
    user = request.user
    if not user.is_authenticated or user.is_verified() or request.session.get(NOT_REQUIRED):
        return False
    enforced = user.is_superuser or any(user.has_role(r) for r in ENFORCED_ROLES)
    if enforced and user_has_device(user, confirmed=True):
        return True
    request.session[NOT_REQUIRED] = True
    return False


class RequireOTPMiddleware:
    """After the password, a user who must verify sees only the code page (and sign-out, static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (reverse("accounts:otp_verify"), reverse("accounts:logout"), settings.STATIC_URL)
        if not request.path.startswith(allowed) and must_verify(request):
            return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)
