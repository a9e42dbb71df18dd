from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.enforcement.api import views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="enforcement-case")
router.register("guidance", views.GuidanceViewSet, basename="enforcement-guidance")

urlpatterns = [path("", include(router.urls))]
