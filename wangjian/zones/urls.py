from django.urls import path

from wangjian.zones import views

app_name = "zones"
urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("new/", views.application_prepare, name="application-prepare"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("<int:application_id>/", views.application_detail, name="application-detail"),
    path("<int:application_id>/step/<slug:step>/", views.application_step, name="application-step"),
    path("<int:application_id>/tasks/", views.task_add, name="task-add"),
    path(
        "<int:application_id>/tasks/<int:task_id>/progress/",
        views.task_progress,
        name="task-progress",
    ),
    path(
        "<int:application_id>/objections/<int:objection_id>/answer/",
        views.objection_answer,
        name="objection-answer",
    ),
    path("<int:application_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:application_id>/indicators/", views.indicator_board, name="indicator-board"),
    path("<int:application_id>/indicators/enter/", views.indicator_enter, name="indicator-enter"),
    path("<int:application_id>/indicators.csv", views.indicator_export, name="indicator-export"),
    path("public/", views.public_list, name="public-list"),
    path("public/<uuid:public_id>/", views.public_detail, name="public-detail"),
    path("public/<uuid:public_id>/objection/", views.public_objection, name="public-objection"),
    path(
        "public/<uuid:public_id>/questionnaire/",
        views.public_questionnaire,
        name="public-questionnaire",
    ),
]
