from wangjian.core.api.base import ScopedReadOnlyViewSet
from wangjian.zones.api.serializers import ZoneApplicationSerializer
from wangjian.zones.models import ZoneApplication
from wangjian.zones.querysets import VIEW_CAPABILITY


class ZoneApplicationViewSet(ScopedReadOnlyViewSet):
    """示范区创建申请 with their tasks and steps, scoped like the pages."""

    model = ZoneApplication
    capability = VIEW_CAPABILITY
    serializer_class = ZoneApplicationSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("programme", "division")
            .prefetch_related("tasks", "steps")
        )
