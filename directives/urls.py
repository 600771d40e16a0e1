from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.directive_index, name="list"),
    path("<slug:code>/", views.directive_page, name="detail"),
]
