"""Detail lookups of the zones app: one 404 for missing and forbidden."""

from wangjian.core.access import get_visible_or_404
from wangjian.zones.models import ZoneApplication
from wangjian.zones.querysets import VIEW_CAPABILITY


def get_application_for(user, application_id) -> ZoneApplication:
    return get_visible_or_404(
        ZoneApplication.objects.select_related("programme", "division", "applicant_unit"),
        user,
        VIEW_CAPABILITY,
        pk=application_id,
    )
