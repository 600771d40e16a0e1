from django.urls import path

from . import interpretation_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    # Interpretations (notes on a dashboard's charts and figures, with answers).
    path("nhan-dinh/<int:pk>/sua/", interpretation_views.interpretation_edit, name="interpretation_edit"),
    path("nhan-dinh/<int:pk>/xoa/", interpretation_views.interpretation_delete, name="interpretation_delete"),
    path("nhan-dinh/<int:pk>/lich-su/", interpretation_views.interpretation_history, name="interpretation_history"),
    path("<str:code>/nhan-dinh/", interpretation_views.interpretations_page, name="interpretations"),
    path("<str:code>/", views.dashboard_page, name="org"),
    path("<str:code>/excel/", views.dashboard_excel, name="excel"),
    path("<str:code>/pdf/", views.dashboard_pdf, name="pdf"),
]
