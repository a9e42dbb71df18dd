from django.urls import path

from wangjian.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("monthly/", views.start_monthly, name="start-monthly"),
    path("entities/<int:entity_id>/", views.entity_record, name="entity"),
    path("entities/<int:entity_id>/notify/", views.notify, name="notify"),
    path("entities/<int:entity_id>/repair/", views.repair_apply, name="repair-apply"),
    path("entities/<int:entity_id>/recompute/", views.recompute_entity, name="recompute"),
    path("lists/<int:entry_id>/<slug:step>/", views.entry_step, name="entry-step"),
    path("repairs/<int:repair_id>/decide/", views.repair_decide, name="repair-decide"),
]
