from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.services.api import views

router = DefaultRouter()
router.register("gig-batches", views.GigBatchViewSet, basename="gig-batch")
router.register("gig-applications", views.GigApplicationViewSet, basename="gig-application")

urlpatterns = [path("", include(router.urls))]
