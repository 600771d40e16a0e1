from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.dashboard_page, name="org"),
    path("<str:code>/excel/", views.dashboard_excel, name="excel"),
    path("<str:code>/pdf/", views.dashboard_pdf, name="pdf"),
]
