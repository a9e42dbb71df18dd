from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.inspections.api import views

router = DefaultRouter()
router.register("plans", views.InspectionPlanViewSet, basename="inspection-plan")
router.register("tasks", views.InspectionTaskViewSet, basename="inspection-task")

urlpatterns = [path("", include(router.urls))]
