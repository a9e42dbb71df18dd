from django.urls import path

from wangjian.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("export.xlsx", views.complaint_export, name="export"),
    path("due/", views.due_list, name="due"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/step/<slug:step>/", views.complaint_step, name="step"),
    path("<int:complaint_id>/documents/<slug:kind>.pdf", views.complaint_document, name="document"),
    path(
        "<int:complaint_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:complaint_id>/attachments/add/", views.attachment_add, name="attachment-add"),
    path("duplicates/<int:link_id>/", views.duplicate_decide, name="duplicate-decide"),
    path("flags/<int:flag_id>/review/", views.flag_review, name="flag-review"),
    path("hotspots/", views.hotspot_list, name="hotspots"),
    path("hotspots/detect/", views.hotspot_detect, name="hotspot-detect"),
    path("hotspots/<int:hotspot_id>/warning/", views.warning_draft, name="warning-draft"),
    path("warnings/<int:warning_id>/approve/", views.warning_approve, name="warning-approve"),
    path("public/file/<str:division_code>/", views.public_form, name="public-form"),
    path("public/lookup/", views.public_lookup, name="public-lookup"),
    path("mine/", views.my_complaints, name="mine"),
    path("public/warnings/", views.public_warnings, name="public-warnings"),
    path("public/warnings/<int:warning_id>/", views.public_warning, name="public-warning"),
    path("public/data/", views.public_data, name="public-data"),
    path("public/data.csv", views.public_data_csv, name="public-data-csv"),
]
