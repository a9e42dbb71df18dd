"""Home-page card: inspection results not published within 20 working days (一公开)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(210)
def overdue_publication_card(user):
    from wangjian.inspections.models import InspectionResult

    if not user.has_capability("inspections.view"):
        return None
    overdue = InspectionResult.objects.visible_to(user).overdue(timezone.localdate()).count()
    return HomeCard(
        _("逾期未公示的抽查结果"),
        overdue,
        url="inspections:plan-list",
        hint=_("检查结束后20个工作日内公示"),
    )
