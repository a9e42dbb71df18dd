from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.collaboration.api import views

router = DefaultRouter()
router.register("requests", views.AssistanceRequestViewSet, basename="assistance-request")

urlpatterns = [path("", include(router.urls))]
