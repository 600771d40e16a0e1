from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.directive_index, name="list"),
    path("nguyen-van/", views.text_sheet, name="text_sheet"),
    path("nguyen-van/mau.xlsx", views.text_sheet_template, name="text_sheet_template"),
    path("<slug:code>/", views.directive_page, name="detail"),
    path("<slug:code>/muc/<int:pk>/nguyen-van/", views.item_text, name="item_text"),
    path("<slug:code>/muc/<int:pk>/lich-su/", views.item_history, name="item_history"),
]
