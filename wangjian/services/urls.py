from django.urls import path

from wangjian.services import views

app_name = "services"
urlpatterns = [
    path("verify/", views.verify_report, name="verify-report"),
    path("id/", views.id_code_page, name="id-code-page"),
    path("entities/<int:entity_id>/reports/", views.reports, name="reports"),
    path("entities/<int:entity_id>/reports/issue/", views.issue_report, name="issue-report"),
    path("entities/<int:entity_id>/idcode/", views.id_code, name="id-code"),
    path("entities/<int:entity_id>/idcode.png", views.id_code_png, name="id-code-png"),
]
urlpatterns += [
    path("me/", views.merchant_home, name="merchant-home"),
]
urlpatterns += [
    path("me/entities/<int:entity_id>/", views.merchant_record, name="merchant-record"),
]
urlpatterns += [
    path("me/entities/<int:entity_id>/repair/", views.repair_apply, name="repair-apply"),
    path("me/entities/<int:entity_id>/objections/new/", views.objection_new, name="objection-new"),
    path("objections/", views.objection_queue, name="objection-queue"),
    path("objections/<uuid:public_id>/", views.objection_detail, name="objection"),
]
urlpatterns += [
    path("gig/", views.gig_batches, name="gig-batches"),
    path("gig/<int:batch_id>/", views.gig_batch, name="gig-batch"),
    path("gig/applications/<int:application_id>/decide/", views.gig_decide, name="gig-decide"),
]
urlpatterns += [
    path("reports/", views.report_lookup, name="report-lookup"),
]
urlpatterns += [
    path("entities/<int:entity_id>/link-code/", views.issue_link_code, name="issue-link-code"),
    path("me/link/", views.redeem_link_code, name="redeem-link-code"),
]
urlpatterns += [
    path(
        "gig/applications/<int:application_id>/deregister/",
        views.gig_deregister,
        name="gig-deregister",
    ),
    path(
        "gig/applications/<int:application_id>/deregistration/",
        views.gig_deregistration_decide,
        name="gig-deregistration-decide",
    ),
]
urlpatterns += [
    path("notice/", views.gig_notice, name="gig-notice"),
    path(
        "gig/applications/<int:application_id>/departure/",
        views.gig_departure,
        name="gig-departure",
    ),
]

from wangjian.services import views_requests  # noqa: E402

urlpatterns += [
    path("directory/", views_requests.service_directory, name="service-directory"),
    path(
        "me/entities/<int:entity_id>/service-requests/",
        views_requests.entity_service_requests,
        name="entity-service-requests",
    ),
    path("service-requests/", views_requests.service_request_queue, name="service-queue"),
    path(
        "service-requests/<uuid:public_id>/",
        views_requests.service_request_detail,
        name="service-request",
    ),
]
for _name, _view in (
    ("message", views_requests.service_request_message),
    ("accept", views_requests.service_request_accept),
    ("answer", views_requests.service_request_answer),
    ("rate", views_requests.service_request_rate),
    ("close", views_requests.service_request_close),
    ("takedown", views_requests.service_request_takedown),
):
    urlpatterns.append(
        path(f"service-requests/<uuid:public_id>/{_name}/", _view, name=f"service-request-{_name}")
    )
urlpatterns.append(
    path(
        "service-requests/<uuid:public_id>/attachments/<int:attachment_id>/",
        views_requests.service_attachment,
        name="service-attachment",
    )
)

from wangjian.services import views_education  # noqa: E402

urlpatterns += [
    path("education/", views_education.education_list, name="education-list"),
    path("education/<int:article_id>/", views_education.education_detail, name="education"),
    path("education/manage/", views_education.education_manage, name="education-manage"),
    path(
        "education/manage/<int:article_id>/",
        views_education.education_manage_detail,
        name="education-manage-detail",
    ),
    path(
        "education/manage/<int:article_id>/submit/",
        views_education.education_submit,
        name="education-submit",
    ),
    path(
        "education/manage/<int:article_id>/approve/",
        views_education.education_approve,
        name="education-approve",
    ),
]

from wangjian.services import views_discipline  # noqa: E402

urlpatterns += [
    path(
        "me/entities/<int:entity_id>/commitments/",
        views_discipline.entity_commitments,
        name="entity-commitments",
    ),
    path("associations/", views_discipline.association_list, name="associations"),
    path(
        "associations/<int:association_id>/",
        views_discipline.association_detail,
        name="association",
    ),
    path(
        "associations/<int:association_id>/manage/",
        views_discipline.association_manage,
        name="association-manage",
    ),
]
