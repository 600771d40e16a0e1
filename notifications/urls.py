from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.notification_list, name="list"),
    path("thong-bao/viec-cho/", views.waiting_page, name="waiting"),
    path("thong-bao/push/dang-ky/", views.push_subscribe, name="push_subscribe"),
    path("thong-bao/push/huy/", views.push_unsubscribe, name="push_unsubscribe"),
    path("tai-khoan/thong-bao/", views.preferences, name="preferences"),
    path("tai-khoan/thong-bao/thiet-bi/<int:pk>/xoa/", views.push_forget, name="push_forget"),
]
