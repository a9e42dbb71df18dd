from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.zones.api import views

router = DefaultRouter()
router.register("applications", views.ZoneApplicationViewSet, basename="zone-application")

urlpatterns = [path("", include(router.urls))]
