from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.credit.api.serializers import (
    CreditEventSerializer,
    CreditListEntrySerializer,
    TierAssessmentSerializer,
)
from wangjian.credit.models import CreditEvent, CreditListEntry, TierAssessment


class CreditEventViewSet(ScopedReadOnlyViewSet):
    """信用记录 of entities in the user's jurisdiction."""

    model = CreditEvent
    capability = "credit.view_record"
    serializer_class = CreditEventSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity")


class CreditListEntryViewSet(ScopedReadOnlyViewSet):
    model = CreditListEntry
    capability = "credit.view_record"
    serializer_class = CreditListEntrySerializer

    def get_queryset(self):
        return super().get_queryset().select_related("entity")


class TierAssessmentViewSet(ScopedReadOnlyViewSet):
    """Current 信用风险分类 results (internal); the detail carries the explanation."""

    model = TierAssessment
    capability = "credit.view_tier"
    serializer_class = TierAssessmentSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(is_current=True)
            .select_related("entity", "run__model")
            .order_by("entity_id")
        )
