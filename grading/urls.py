from django.urls import path

from . import views

app_name = "grading"

urlpatterns = [
    path("", views.rules_page, name="rules"),
    path("ky-luat/", views.discipline_list, name="disciplines"),
    path("ky-luat/<int:pk>/huy/", views.discipline_annul, name="discipline_annul"),
    path("ky-luat/<int:pk>/lich-su/", views.discipline_history, name="discipline_history"),
]
