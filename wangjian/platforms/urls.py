from django.urls import path

from wangjian.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:platform_id>/", views.platform_detail, name="platform"),
    path("<int:platform_id>/inputs/", views.record_inputs, name="record-inputs"),
    path("<int:platform_id>/declare/", views.declare, name="declare"),
    path("<int:platform_id>/rule-changes/", views.record_rule_change, name="rule-change"),
    path("declarations/<int:declaration_id>/review/", views.review_declaration, name="review"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/start/", views.start_assessment, name="assessment-start"),
    path("assessments/export.xlsx", views.export_assessments, name="assessment-export"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("guides/", views.guides, name="guides"),
    path("guides/draft/", views.draft_guide, name="guide-draft"),
    path("guides/<int:guide_id>/", views.guide_detail, name="guide"),
    path("guides/<int:guide_id>/guide.pdf", views.guide_pdf, name="guide-pdf"),
    path("guides/<int:guide_id>/publish/", views.publish_guide, name="guide-publish"),
    path(
        "<int:platform_id>/action-requests/new/",
        views.request_action_for_platform,
        name="request-action",
    ),
    path(
        "findings/<int:finding_id>/action-request/",
        views.request_action_for_finding,
        name="request-action-finding",
    ),
    path(
        "clues/<int:clue_id>/action-request/",
        views.request_action_for_clue,
        name="request-action-clue",
    ),
    path("action-requests/", views.action_requests, name="action-requests"),
    path("action-requests/<int:request_id>/", views.action_request_detail, name="action-request"),
    path(
        "action-requests/<int:request_id>/reply/",
        views.reply_action_request,
        name="action-reply",
    ),
    path(
        "action-requests/<int:request_id>/attachments/<int:attachment_id>/",
        views.action_reply_attachment,
        name="action-attachment",
    ),
    path("<int:platform_id>/notices/new/", views.send_notice, name="notice-send"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice"),
    path("notices/<int:notice_id>/acknowledge/", views.acknowledge_notice, name="notice-ack"),
    path("notices/<int:notice_id>/answer/", views.answer_notice, name="notice-answer"),
]
