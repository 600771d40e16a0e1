from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_index, name="index"),
    path("moi/", views.pledge_create, name="create"),
    path("cho-duyet/", views.approval_queue, name="queue"),
    path("bi-thu/", views.secretaries_page, name="secretaries"),
    path("in/<str:unit_code>/", views.print_sheet, name="sheet"),
    path("y-kien/", views.comment_queue, name="comments"),
    path("y-kien/<int:pk>/kiem-duyet/", views.comment_moderate, name="comment_moderate"),
    path("<int:pk>/", views.pledge_page, name="detail"),
    path("<int:pk>/sua/", views.pledge_edit, name="edit"),
    path("<int:pk>/lich-su/", views.pledge_history, name="history"),
    path("<int:pk>/nop/", views.pledge_submit, name="submit"),
    path("<int:pk>/duyet/", views.pledge_approve, name="approve"),
    path("<int:pk>/tra-lai/", views.pledge_return, name="return"),
    path("<int:pk>/cong-khai/", views.pledge_publish, name="publish"),
    path("<int:pk>/phien-ban/<int:number>/", views.pledge_version_page, name="version"),
    path("cong-viec/", views.commitment_index, name="commitments"),
    path("cong-viec/moi/", views.commitment_create, name="commitment_create"),
    path("cong-viec/<int:pk>/", views.commitment_page, name="commitment"),
    path("cong-viec/<int:pk>/tu-danh-gia/", views.self_assess, name="self_assess"),
    path("cong-viec/<int:pk>/sua/", views.commitment_edit, name="commitment_edit"),
    path("cong-viec/<int:pk>/lich-su/", views.commitment_history, name="commitment_history"),
    path("cong-viec/<int:pk>/danh-gia/", views.evaluate, name="evaluate"),
    path("cong-viec/<int:pk>/ket-qua/<int:item_pk>/", views.item_result, name="item_result"),
    path("danh-gia/<int:pk>/huy/", views.evaluation_annul, name="evaluation_annul"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("kiem-diem/", views.review_index, name="reviews"),
    path("kiem-diem/moi/", views.review_create, name="review_create"),
    path("kiem-diem/<int:pk>/", views.review_page, name="review"),
    path("kiem-diem/<int:pk>/lich-su/", views.review_history, name="review_history"),
    path("kiem-diem/<int:pk>/mau.docx", views.review_docx, name="review_docx"),
    path("kiem-diem/<int:pk>/mau.pdf", views.review_pdf, name="review_pdf"),
    path("kiem-diem/<int:pk>/han-che/", views.shortcoming_add, name="shortcoming_add"),
    path("kiem-diem/<int:pk>/van-de/", views.pressing_issue_add, name="issue_add"),
    path("khac-phuc/<int:pk>/tien-do/", views.progress_add, name="progress_add"),
    path("moc/<int:pk>/", views.milestone_mark, name="milestone_mark"),
]
