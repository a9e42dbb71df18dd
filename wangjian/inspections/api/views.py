from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.inspections.api.serializers import InspectionPlanSerializer, InspectionTaskSerializer
from wangjian.inspections.models import InspectionPlan, InspectionTask


class InspectionPlanViewSet(ScopedReadOnlyViewSet):
    """双随机抽查计划 of the user's jurisdiction with their commitments."""

    model = InspectionPlan
    capability = "inspections.view"
    serializer_class = InspectionPlanSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("division").prefetch_related("items")


class InspectionTaskViewSet(ScopedReadOnlyViewSet):
    model = InspectionTask
    capability = "inspections.view"
    serializer_class = InspectionTaskSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("entity", "result")
            .prefetch_related("inspectors")
            .order_by("id")
        )
