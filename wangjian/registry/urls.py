from django.urls import path

from wangjian.registry import flag_views, maintenance_views, views

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
    path("flags/", flag_views.flag_list, name="flag-list"),
    path("flags/export.xlsx", flag_views.flag_export, name="flag-export"),
    path("flags/bulk/", flag_views.flag_bulk, name="flag-bulk"),
    path("flags/<int:flag_id>/", flag_views.flag_detail, name="flag-detail"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("links/", views.link_queue, name="link-queue"),
    path("links/<int:link_id>/decide/", views.link_decide, name="link-decide"),
    path("register/", maintenance_views.register_loads, name="register-loads"),
    path("register/<int:load_id>/", maintenance_views.register_load_detail, name="register-load"),
    path("admin/platforms/", maintenance_views.platforms, name="platform-admin"),
    path(
        "admin/platforms/<int:platform_id>/",
        maintenance_views.platform_edit,
        name="platform-edit",
    ),
    path("admin/licences/", maintenance_views.licences, name="licence-admin"),
    path("admin/licences/<int:licence_id>/", maintenance_views.licence_edit, name="licence-edit"),
    path("admin/sites/", maintenance_views.sites, name="site-admin"),
    path("admin/sites/<int:site_id>/", maintenance_views.site_edit, name="site-edit"),
    path("admin/live-rooms/", maintenance_views.live_rooms, name="live-room-admin"),
    path(
        "admin/live-rooms/<int:room_id>/", maintenance_views.live_room_edit, name="live-room-edit"
    ),
]
