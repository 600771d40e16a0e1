from django.urls import path

from . import views

app_name = "cells"

urlpatterns = [
    path("", views.cell_index, name="index"),
    path("ket-qua/<str:period_code>/", views.results_page, name="results"),
    path("ket-qua/<str:period_code>/tien-do/", views.results_progress, name="progress"),
    path("ket-qua/<str:period_code>/tinh/", views.rollup_start, name="start"),
    path("thong-bao/<str:period_code>/<str:org_code>/", views.announcement_page, name="announcement"),
    path(
        "thong-bao/<str:period_code>/<str:org_code>/cong-bo/",
        views.announcement_publish,
        name="announcement_publish",
    ),
    path(
        "thong-bao/<str:period_code>/<str:org_code>/mo-lai/",
        views.announcement_reopen,
        name="announcement_reopen",
    ),
    path(
        "thong-bao/<str:period_code>/<str:org_code>/xep-loai/<str:cell_code>/",
        views.grade_override,
        name="grade_override",
    ),
    path(
        "thong-bao/<str:period_code>/<str:org_code>/lich-su/",
        views.announcement_history,
        name="announcement_history",
    ),
    path(
        "thong-bao/<str:period_code>/<str:org_code>/docx/", views.announcement_docx, name="announcement_docx"
    ),
    path("thong-bao/<str:period_code>/<str:org_code>/pdf/", views.announcement_pdf, name="announcement_pdf"),
    path("<str:code>/", views.cell_page, name="cell"),
    path("<str:code>/lich-su/", views.cell_history, name="cell_history"),
    path("<str:code>/sinh-hoat/moi/", views.meeting_new, name="meeting_new"),
    path("<str:code>/ke-hoach/", views.meeting_plan, name="meeting_plan"),
    path("<str:code>/sinh-hoat/<int:pk>/ke-hoach/", views.meeting_replan, name="meeting_replan"),
    path(
        "<str:code>/sinh-hoat/<int:pk>/tai-lieu/<int:doc>/", views.meeting_document, name="meeting_document"
    ),
    path("<str:code>/sinh-hoat/<int:pk>/bien-ban.docx", views.meeting_docx, name="meeting_docx"),
    path("<str:code>/sinh-hoat/<int:pk>/bien-ban.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("<str:code>/sinh-hoat/<int:pk>/viec/", views.task_add, name="task_add"),
    path("<str:code>/viec/<int:pk>/dong/", views.task_close, name="task_close"),
    path("<str:code>/viec/<int:pk>/lich-su/", views.task_history, name="task_history"),
    path("<str:code>/sinh-hoat/<int:pk>/", views.meeting_page, name="meeting"),
    path("<str:code>/sinh-hoat/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("<str:code>/sinh-hoat/<int:pk>/lich-su/", views.meeting_history, name="meeting_history"),
    path("<str:code>/sinh-hoat/<int:pk>/xoa/", views.meeting_delete, name="meeting_delete"),
]
