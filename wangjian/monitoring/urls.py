from django.urls import path

from wangjian.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.finding_list, name="findings"),
    path("findings/confirm/", views.findings_confirm, name="findings-confirm"),
    path("findings/export.xlsx", views.findings_export, name="findings-export"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:finding_id>/confirm/", views.finding_confirm, name="finding-confirm"),
    path("findings/<int:finding_id>/dismiss/", views.finding_dismiss, name="finding-dismiss"),
    path("findings/<int:finding_id>/reopen/", views.finding_reopen, name="finding-reopen"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/upload/", views.batch_upload, name="batch-upload"),
    path("batches/scan-registry/", views.registry_scan, name="registry-scan"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch-detail"),
    path("clues/", views.clue_list, name="clues"),
    path("clues/export.xlsx", views.clue_export, name="clue-export"),
    path("clues/<int:clue_id>/", views.clue_detail, name="clue-detail"),
    path("clues/<int:clue_id>/extend/", views.clue_extend, name="clue-extend"),
    path("clues/<int:clue_id>/handler/", views.clue_assign, name="clue-assign"),
    path("clues/<int:clue_id>/checks/", views.clue_check, name="clue-check"),
    path("clues/<int:clue_id>/submit/", views.clue_submit, name="clue-submit"),
    path(
        "clues/<int:clue_id>/attachments/<int:attachment_id>/",
        views.clue_attachment,
        name="clue-attachment",
    ),
    path("clues/<int:clue_id>/decide/", views.clue_decide, name="clue-decide"),
    path("clues/<int:clue_id>/record.pdf", views.clue_record, name="clue-record"),
    path("dismissals.<str:file_format>", views.dismissals_export, name="dismissals"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<str:rule_id>/", views.rule_detail, name="rule-detail"),
]
