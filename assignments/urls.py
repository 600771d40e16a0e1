from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.my_page, name="mine"),
    path("bao-phu/", views.coverage_page, name="coverage"),
    path("danh-sach/", views.assignment_list, name="assignment_list"),
    path("moi/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("<int:pk>/lich-su/", views.assignment_history, name="assignment_history"),
    path("<int:pk>/ket-thuc/", views.assignment_end, name="assignment_end"),
    path("<int:pk>/ban-giao/", views.assignment_hand_over, name="assignment_hand_over"),
    path("ghi-nhan/", views.contact_list, name="contact_list"),
    path("ghi-nhan/moi/", views.contact_create, name="contact_create"),
    path("ghi-nhan/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("ghi-nhan/<int:pk>/anh/", views.contact_photo_add, name="contact_photo_add"),
    path("kien-nghi/", views.petition_list, name="petition_list"),
    path("kien-nghi/moi/", views.petition_create, name="petition_create"),
    path("kien-nghi/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("kien-nghi/<int:pk>/lich-su/", views.petition_history, name="petition_history"),
    path("kien-nghi/<int:pk>/anh/", views.petition_photo_add, name="petition_photo_add"),
    path("anh/<int:pk>/", views.photo, name="photo"),
    path("kien-nghi/<int:pk>/chuyen/", views.petition_forward, name="petition_forward"),
    path("kien-nghi/<int:pk>/trang-thai/", views.petition_status, name="petition_status"),
    path("kien-nghi/<int:pk>/y-kien-dan/", views.petition_verdict, name="petition_verdict"),
    path("co-quan/", views.agency_page, name="agencies"),
]
