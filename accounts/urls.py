from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import otp_views, profile, views
from .forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path("ho-so/", profile.profile, name="profile"),
    path("xac-thuc-hai-buoc/", otp_views.otp_manage, name="otp_manage"),
    path("xac-thuc-hai-buoc/bat/", otp_views.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-buoc/nhap-ma/", otp_views.otp_verify, name="otp_verify"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=SignInForm),
        name="login",
    ),
    path("khoa-dang-nhap/", views.lockout_list, name="lockouts"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
