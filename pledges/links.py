"""Addresses given to the public (short URLs, QR codes) and the client address of a request.

- `PLEDGE_PUBLIC_BASE_URL` (e.g. ``https://camket.bentre.example``): when set, short URLs and QR
  codes use it instead of the host the request came to, so a sheet printed from an intranet
  address still points people to the public site.
- `PLEDGE_TRUSTED_PROXY_COUNT`: how many reverse proxies we run in front of Django. 0 (default):
  the client is REMOTE_ADDR and X-Forwarded-For is ignored (anyone can forge it). N > 0: each
  proxy appends the address it received from, so the client is the N-th entry from the right of
  X-Forwarded-For (the left-most if there are fewer); REMOTE_ADDR when the header is missing.
"""

from django.conf import settings
from django.urls import reverse


def public_url(request, code: str) -> str:
    path = reverse("public_pledges:page", args=[code])
    base = (getattr(settings, "PLEDGE_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def client_ip(request) -> str:
    count = int(getattr(settings, "PLEDGE_TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(count, len(forwarded))]
