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
]
