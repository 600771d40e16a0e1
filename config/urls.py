from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import home
from config.health import healthz

admin.site.site_header = _("Directive tracking - Provincial Party Committee")
admin.site.site_title = _("Directive tracking")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("tai-khoan/", include("accounts.urls")),
    path("van-ban/", include("directives.urls")),
    path("don-vi/", include("units.urls")),
    path("phan-cong/", include("assignments.urls")),
    path("cam-ket/", include("pledges.urls")),
    path("chi-bo/", include("cells.urls")),
    path("tong-hop/", include("dashboards.urls")),
    path("p/", include("pledges.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
