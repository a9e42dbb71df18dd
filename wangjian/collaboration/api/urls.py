from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.collaboration.api import views

router = DefaultRouter()
router.register("requests", views.AssistanceRequestViewSet, basename="assistance-request")
router.register("device-alerts", views.DeviceAlertViewSet, basename="device-alert")
router.register("alerts", views.RiskAlertViewSet, basename="risk-alert")
router.register("discipline-notices", views.DisciplineNoticeViewSet, basename="discipline-notice")

urlpatterns = [
    path("partner-records/", views.PartnerRecordView.as_view(), name="partner-record"),
    path("", include(router.urls)),
]
