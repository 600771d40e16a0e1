"""The installable app: the web manifest and the service worker, both served from the site's root
(a worker controls only the paths under its own URL). The worker's text is a template so that it
names the static files by their hashed production names; its version changes with the release, so a
new release replaces the cached pages."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The pages whose forms work offline (kept in the worker's cache once visited, precached at install).
PAGE_PATTERNS = [
    r"^/phan-cong/ghi-nhan/moi/$",
    r"^/phan-cong/kien-nghi/moi/$",
    r"^/chi-bo/[^/]+/sinh-hoat/moi/$",
]


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    pages = [reverse("assignments:contact_create"), reverse("assignments:petition_create")]
    text = render_to_string(
        "offline/sw.js",
        {
            "version": settings.CACHE_KEY_PREFIX[:12] or "dev",
            "pages": pages,
            "page_patterns": [json.dumps(p) for p in PAGE_PATTERNS],
            "static_prefix": "/" + settings.STATIC_URL.lstrip("/"),
            "offline_text": _("No connection, and this page was not kept for offline use."),
        },
    )
    response = HttpResponse(text, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    return JsonResponse(
        {
            "name": _("Directive tracking - Provincial Party Committee"),
            "short_name": _("Directive tracking"),
            "lang": "vi",
            "start_url": reverse("assignments:mine"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b71c1c",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )
