from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.core.api import views

router = DefaultRouter()
router.register("core/divisions", views.DivisionViewSet, basename="division")
router.register("core/org-units", views.OrgUnitViewSet, basename="org-unit")
router.register("core/jobs", views.JobViewSet, basename="job")
router.register("core/audit-events", views.AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("core/me/", views.me, name="me"),
    path("core/identifiers/check/", views.check_identifiers, name="identifier-check"),
    path("core/tokens/rotate/", views.rotate_token, name="token-rotate"),
    path("", include(router.urls)),
]
