from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api import offline
from api.v1 import api as api_v1
from config.health import healthz
from notifications.views import home

admin.site.site_header = _("Directive tracking - Provincial Party Committee")
admin.site.site_title = _("Directive tracking")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # The installable app (issue 17): served from the root so the worker controls the whole site.
    path("sw.js", offline.service_worker, name="offline_sw"),
    path("manifest.webmanifest", offline.manifest, name="offline_manifest"),
    path("tai-khoan/ma-api/", include("api.urls")),
    # Before accounts: /tai-khoan/thong-bao/ (the person's notification preferences) is ours.
    path("", include("notifications.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("api/v1/", api_v1.urls),
    path("van-ban/", include("directives.urls")),
    path("don-vi/", include("units.urls")),
    path("phan-cong/", include("assignments.urls")),
    path("xep-loai/", include("grading.urls")),
    path("cam-ket/", include("pledges.urls")),
    path("chi-bo/", include("cells.urls")),
    path("tong-hop/", include("dashboards.urls")),
    path("p/", include("pledges.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Error pages in the site's layout (templates/403.html, 404.html, 500.html; the CSRF failure page is
# settings.CSRF_FAILURE_VIEW). Django's own 403 and 404 views render those templates with the request;
# the 500 view is ours so that it still renders when the database is down.
handler500 = "accounts.errors.server_error"
