from django.urls import path

from wangjian.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_new, name="request-new"),
    path("requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("requests/<int:request_id>/<slug:step>/", views.request_step, name="request-step"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
    path("referrals/<int:referral_id>/convert/", views.referral_convert, name="referral-convert"),
    path("discipline/", views.discipline_list, name="discipline-list"),
    path("discipline/dispatch/", views.discipline_dispatch, name="discipline-dispatch"),
    path("discipline/<int:notice_id>/", views.notice_detail, name="notice-detail"),
    path("discipline/<int:notice_id>/<slug:step>/", views.notice_step, name="notice-step"),
    path("warnings/", views.alert_list, name="alert-list"),
    path("warnings/evaluate/", views.alert_evaluate, name="alert-evaluate"),
    path("warnings/<int:alert_id>/", views.alert_detail, name="alert-detail"),
    path("warnings/<int:alert_id>/<slug:step>/", views.alert_step, name="alert-step"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:campaign_id>/<slug:step>/", views.campaign_step, name="campaign-step"),
    path("indicators/", views.indicator_rounds, name="indicator-rounds"),
    path("indicators/<int:round_id>/", views.indicator_round, name="indicator-round"),
    path("device-alerts/", views.device_alert_list, name="device-alert-list"),
    path("device-alerts/clues/", views.device_alert_clues, name="device-alert-clues"),
]
