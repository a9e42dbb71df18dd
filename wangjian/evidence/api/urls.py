from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangjian.evidence.api import views

router = DefaultRouter()
router.register("items", views.EvidenceItemViewSet, basename="evidence-item")

urlpatterns = [
    path("log/checkpoint/", views.checkpoint, name="evidence-log-checkpoint"),
    path("log/inclusion-proof/", views.inclusion_proof, name="evidence-log-inclusion"),
    path("log/consistency-proof/", views.consistency_proof, name="evidence-log-consistency"),
    path("", include(router.urls)),
]
