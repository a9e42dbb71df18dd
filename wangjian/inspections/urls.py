from django.urls import path

from wangjian.inspections import (
    field_views,
    inspector_views,
    sampling_views,
    views,
    views_sampling_forms,
)

app_name = "inspections"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("plans/export.xlsx", views.plan_export, name="plan-export"),
    path("items/", views.item_list, name="item-list"),
    path("inspectors/", views.inspector_list, name="inspector-list"),
    path("inspectors/register/", inspector_views.register, name="inspector-register"),
    path(
        "inspectors/<int:inspector_id>/<slug:step>/",
        inspector_views.inspector_step,
        name="inspector-step",
    ),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/commit/", views.plan_commit, name="plan-commit"),
    path("plans/<int:plan_id>/draw/", views.plan_draw, name="plan-draw"),
    path("plans/<int:plan_id>/draw.json", views.plan_record, name="plan-record"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/result/", views.task_result, name="task-result"),
    path("results/<int:result_id>/publish/", views.result_publish, name="result-publish"),
    path("field/", field_views.field_list, name="field-list"),
    path("field/start/", field_views.field_start, name="field-start"),
    path("field/<int:inspection_id>/", field_views.field_detail, name="field-detail"),
    path("field/<int:inspection_id>/record/", field_views.field_record, name="field-record"),
    path("field/<int:inspection_id>/photos/", field_views.field_photo, name="field-photo"),
    path(
        "field/<int:inspection_id>/signature/",
        field_views.field_signature,
        name="field-signature",
    ),
    path("field/<int:inspection_id>/conclude/", field_views.field_conclude, name="field-conclude"),
    path("field/<int:inspection_id>/recheck/", field_views.field_recheck, name="field-recheck"),
    path("sampling/", sampling_views.plan_list, name="sampling-list"),
    path("sampling/new/", views_sampling_forms.plan_new, name="sampling-plan-new"),
    path("sampling/<int:plan_id>/", sampling_views.plan_detail, name="sampling-plan"),
    path(
        "sampling/<int:plan_id>/samples/new/",
        views_sampling_forms.sample_new,
        name="sampling-sample-new",
    ),
    path(
        "sampling/<int:plan_id>/publish/",
        views_sampling_forms.plan_publish,
        name="sampling-publish",
    ),
    path(
        "sampling/samples/<int:sample_id>/<slug:step>/",
        views_sampling_forms.sample_step,
        name="sampling-step",
    ),
    path(
        "public/sampling/<uuid:public_id>/",
        sampling_views.public_results,
        name="public-sampling",
    ),
    path("public/", views.public_results, name="public-results"),
    path("public/results.csv", views.public_results_csv, name="public-results-csv"),
    path("public/plans/<uuid:public_id>/", views.public_plan, name="public-plan"),
    path(
        "public/plans/<uuid:public_id>/draw.json",
        views.public_plan_record,
        name="public-plan-record",
    ),
    path(
        "public/tasks/<uuid:public_id>/inspectors.json",
        views.public_task_record,
        name="public-task-record",
    ),
]
