"""Public pages, no sign-in: the short address of a published pledge (/p/<code>/)."""

from django.urls import path

from . import views

app_name = "public_pledges"

urlpatterns = [
    path("<str:code>/", views.public_page, name="page"),
    path("<str:code>/v<int:number>/", views.public_page, name="version"),
]
