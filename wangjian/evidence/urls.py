from django.urls import path

from wangjian.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("capture/", views.start_capture, name="capture"),
    path("<int:evidence_id>/", views.evidence_detail, name="detail"),
    path("<int:evidence_id>/bundle/", views.download_bundle, name="bundle"),
    path("<int:evidence_id>/certificate/", views.download_certificate, name="certificate"),
    path("<int:evidence_id>/verify/", views.verify, name="verify"),
]
