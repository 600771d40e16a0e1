from django.urls import path

from . import views

app_name = "api_tokens"

# Mounted at /tai-khoan/ma-api/ (config/urls.py); the API itself is at /api/v1/ (api.v1).
urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
