from django.urls import path

from wangjian.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.entity_list, name="entity-list"),
    path("export.xlsx", views.entity_export, name="entity-export"),
    path("entities/<int:entity_id>/", views.entity_profile, name="entity-profile"),
    path("shops/<int:shop_id>/", views.shop_detail, name="shop-detail"),
    path("submissions/", views.submission_list, name="submission-list"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission-detail"),
    path(
        "submissions/<int:submission_id>/errors.<str:file_format>",
        views.submission_errors,
        name="submission-errors",
    ),
    path("flags/", views.flag_list, name="flag-list"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("links/", views.link_queue, name="link-queue"),
    path("links/<int:link_id>/decide/", views.link_decide, name="link-decide"),
]
