from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.credit.api import views

router = DefaultRouter()
router.register("events", views.CreditEventViewSet, basename="credit-event")
router.register("lists", views.CreditListEntryViewSet, basename="credit-list-entry")
router.register("assessments", views.TierAssessmentViewSet, basename="tier-assessment")

urlpatterns = [path("", include(router.urls))]
