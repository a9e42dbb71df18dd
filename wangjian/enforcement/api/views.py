from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.enforcement.api.serializers import CaseSerializer, GuidanceSerializer
from wangjian.enforcement.models import Case, Guidance


class CaseViewSet(ScopedReadOnlyViewSet):
    """案件 held by the user's bureau, or transferred away by it (read only)."""

    model = Case
    capability = "enforcement.view_case"
    serializer_class = CaseSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity", "division", "handler")


class GuidanceViewSet(ScopedReadOnlyViewSet):
    """行政指导 issued by the user's bureau, or addressed to the user's platform or entity."""

    model = Guidance
    capability = "enforcement.view_guidance"
    serializer_class = GuidanceSerializer
