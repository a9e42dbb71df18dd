from django.urls import path

from wangjian.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("from-clue/", views.case_from_clue, name="case-from-clue"),
    path("register/", views.case_register, name="case-register"),
    path("register.xlsx", views.case_register_export, name="case-register-export"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/approve/", views.case_approve, name="case-approve"),
    path("cases/<int:case_id>/step/", views.case_step, name="case-step"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="case-transfer"),
    path("cases/<int:case_id>/hearing/", views.case_hearing, name="case-hearing"),
    path("cases/<int:case_id>/measures/", views.case_measure, name="case-measure"),
    path("cases/<int:case_id>/judicial/", views.case_judicial, name="case-judicial"),
    path("cases/<int:case_id>/records/", views.case_record_add, name="case-record-add"),
    path(
        "cases/<int:case_id>/records/<int:record_id>/acknowledge/",
        views.case_record_acknowledge,
        name="case-record-acknowledge",
    ),
    path(
        "cases/<int:case_id>/records/<int:record_id>.pdf",
        views.case_record_document,
        name="case-record-document",
    ),
    path("cases/<int:case_id>/<slug:slug>.pdf", views.case_document, name="case-document"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/issue/", views.guidance_issue, name="guidance-issue"),
    path("guidance/<int:guidance_id>/", views.guidance_detail, name="guidance-detail"),
    path("guidance/<int:guidance_id>/step/", views.guidance_step, name="guidance-step"),
    path(
        "guidance/<int:guidance_id>/notice.pdf", views.guidance_document, name="guidance-document"
    ),
]
