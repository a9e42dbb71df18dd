from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.platforms.api import views

router = DefaultRouter()
router.register(
    "classifications", views.PlatformClassificationViewSet, basename="platform-classification"
)
router.register("obligations", views.PlatformObligationViewSet, basename="platform-obligation")
router.register("assessments", views.SelfAssessmentViewSet, basename="self-assessment")
router.register(
    "action-requests", views.PlatformActionRequestViewSet, basename="platform-action-request"
)
router.register("notices", views.PlatformNoticeViewSet, basename="platform-notice")

urlpatterns = [path("", include(router.urls))]
