"""Home-page cards of the zones app."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(600)
def zone_applications_card(user):
    from wangjian.zones.models import ZoneApplication

    if not user.has_capability("zones.view_application"):
        return None
    count = ZoneApplication.objects.visible_to(user).count()
    return HomeCard(_("示范区创建申请"), count, url="zones:application-list")


@home_card(610)
def overdue_summaries_card(user):
    from wangjian.zones.lifecycle import overdue_summary_count
    from wangjian.zones.models import ZoneApplication, ZoneState

    if not user.has_capability("zones.view_application"):
        return None
    today = timezone.localdate()
    designated = ZoneApplication.objects.visible_to(user).filter(state=ZoneState.DESIGNATED)
    overdue = overdue_summary_count(designated, today)
    return HomeCard(
        _("逾期未报年度总结"),
        overdue,
        url="zones:application-list",
        hint=_("按创建办法规定的年度总结期限"),
    )
