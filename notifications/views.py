import base64
import binascii
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.views import home_context

from . import push, selectors, services
from .forms import PreferenceForm
from .models import Notification, PushSubscription

PAGE_SIZE = 30


@login_required
def home(request):
    """`/`: what waits on this person first (counts linked to their lists), then what they can do."""
    context = home_context(request)
    context["waiting"] = selectors.waiting(request.user)
    return render(request, "home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    """The person's notifications, newest first; POST marks all (or the ones chosen) read."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
        services.mark_read(user=request.user, ids=ids)
        back = request.POST.get("next", "")
        # Back to the page of the list the person was on (only ever this list: no open redirect).
        return redirect(back if back.startswith(reverse("notifications:list") + "?") else "notifications:list")
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("chua-doc"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.only("kind", "message", "url", "created_at", "read_at"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(request, "notifications/list.html", {"page": page, "unread_only": bool(request.GET.get("chua-doc"))})


@login_required
def waiting_page(request):
    """The lists behind the home page's meeting and deadline counts (at most 50 rows each)."""
    today = timezone.localdate()
    return render(
        request, "notifications/waiting.html", {**selectors.waiting_lists(request.user, today=today), "today": today}
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    pref = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", _prefs_context(request, form), status=400)
    return render(request, "notifications/preferences.html", _prefs_context(request, form))


def _prefs_context(request, form):
    return {
        "form": form,
        "push_enabled": push.enabled(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "devices": request.user.push_subscriptions.order_by("-created_at"),
    }


# --- Web Push subscriptions (JSON, from static/notifications/push.js) -------------------------


def _error(code: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status, json_dumps_params={"ensure_ascii": False})


def _b64(value, size: int | None = None) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return False
    return size is None or len(raw) == size


def _body(request):
    """The JSON object posted, or None (another content type, not JSON, not an object)."""
    if request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RawPostDataException):
        return None
    return data if isinstance(data, dict) else None


def _endpoint_ok(endpoint) -> bool:
    """Push services are reached over HTTPS (plain HTTP only where WEBPUSH_ALLOW_HTTP says so: tests)."""
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        return False
    parts = urlsplit(endpoint)
    schemes = ("https", "http") if settings.WEBPUSH_ALLOW_HTTP else ("https",)
    return parts.scheme in schemes and bool(parts.hostname)


@login_required
@require_POST
def push_subscribe(request):
    """Store the browser's subscription (PushSubscription.toJSON()); a subscription the browser
    renewed (`oldEndpoint`, from the service worker's pushsubscriptionchange) replaces the old one."""
    if not push.enabled():
        return _error("push_disabled", _("Web Push is not configured on this server."), 409)
    data = _body(request)
    if data is None:
        return _error("invalid_json", _("The request is not valid JSON."))
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint = data.get("endpoint")
    if not _endpoint_ok(endpoint) or not _b64(keys.get("p256dh"), 65) or not _b64(keys.get("auth"), 16):
        return _error("invalid_subscription", _("The browser's push subscription is incomplete or malformed."))
    old = data.get("oldEndpoint")
    if isinstance(old, str) and old != endpoint:
        PushSubscription.objects.filter(user=request.user, endpoint=old).delete()
    sub, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": request.user,
            "p256dh": keys["p256dh"],
            "auth": keys["auth"],
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    return JsonResponse({"id": sub.pk, "created": created}, status=201 if created else 200)


@login_required
@require_POST
def push_unsubscribe(request):
    data = _body(request)
    if data is None:
        return _error("invalid_json", _("The request is not valid JSON."))
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return _error("invalid_subscription", _("The browser's push subscription is incomplete or malformed."))
    removed, _details = PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    if not removed:
        return JsonResponse(
            {"removed": 0, "message": _("This browser had no subscription here (it may have been revoked already).")},
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse({"removed": removed})


@login_required
@require_POST
def push_forget(request, pk):
    """The preferences page's "remove" button for one of the person's devices."""
    PushSubscription.objects.filter(user=request.user, pk=pk).delete()
    messages.success(request, _("The device will no longer receive notifications."))
    return redirect("notifications:preferences")
