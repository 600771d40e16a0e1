from django.urls import path

from . import import_views, reorg_views, search_views, views

app_name = "units"

urlpatterns = [
    path("", views.unit_root, name="root"),
    # The roster import page (provincial office); before `<code>/` so these are not read as codes.
    path("nhap-danh-sach/", import_views.import_page, name="import_page"),
    path("nhap-danh-sach/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("nhap-danh-sach/<int:pk>/tien-do/", import_views.import_progress, name="import_progress"),
    path("nhap-danh-sach/<int:pk>/loi.xlsx", import_views.import_errors, name="import_errors"),
    path("nhap-danh-sach/mau/<slug:slug>.xlsx", import_views.template_download, name="import_template"),
    path("xuat-danh-sach/<slug:slug>.xlsx", import_views.export_download, name="export"),
    path("tien-do/<str:token>/", import_views.work_progress_view, name="work_progress"),
    path("sap-xep/", reorg_views.reorg_page, name="reorg"),
    path("sap-xep/<int:pk>/viec-can-lam/", reorg_views.worklist_page, name="worklist"),
    path("chon/<slug:kind>/", search_views.pick, name="pick"),
    path("tim/", search_views.search_page, name="search"),
    path("to-chuc-dang/", search_views.org_root, name="org_root"),
    path("to-chuc-dang/<str:code>/", search_views.org_page, name="org"),
    path("<str:code>/", views.unit_page, name="detail"),
]
