from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_root, name="root"),
    path("<str:code>/", views.unit_page, name="detail"),
]
