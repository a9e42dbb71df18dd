"""Home-page cards: overdue 协查 requests on both sides (sent by the bureau, and waiting for it)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(400)
def incoming_overdue_card(user):
    from wangjian.collaboration.models import AssistanceRequest

    if not user.has_capability("collaboration.answer_request") or user.jurisdiction is None:
        return None
    today = timezone.localdate()
    count = AssistanceRequest.objects.incoming_for(user).overdue(today).count()
    return HomeCard(
        _("逾期未办的来函协查"),
        count,
        url="collaboration:request-list",
        hint=_("受理、答复期限按协查期限规则（工作日）"),
    )


@home_card(401)
def outgoing_overdue_card(user):
    from wangjian.collaboration.models import AssistanceRequest

    if not user.has_capability("collaboration.send_request") or user.jurisdiction is None:
        return None
    today = timezone.localdate()
    count = AssistanceRequest.objects.outgoing_for(user).overdue(today).count()
    return HomeCard(_("对方逾期未复的发函协查"), count, url="collaboration:request-list")


@home_card(402)
def discipline_waiting_card(user):
    from wangjian.collaboration.models import DisciplineNotice

    if not user.has_capability("collaboration.record_measure"):
        return None
    waiting = DisciplineNotice.objects.visible_to(user).filter(
        state__in=["sent", "removal_notified"]
    )
    return HomeCard(
        _("待反馈或待确认解除的联合惩戒推送"), waiting.count(), url="collaboration:discipline-list"
    )


@home_card(403)
def alerts_assigned_card(user):
    from wangjian.collaboration.models import RiskAlert

    if not user.has_capability("collaboration.handle_warning"):
        return None
    mine = RiskAlert.objects.visible_to(user).open().filter(assigned_to=user)
    return HomeCard(_("分派给我的风险预警"), mine.count(), url="collaboration:alert-list")


@home_card(404)
def subscribed_alerts_card(user):
    from wangjian.collaboration.actions import subscribed_alerts
    from wangjian.collaboration.models import AlertSubscription

    if not user.has_capability("collaboration.view_warning"):
        return None
    if not AlertSubscription.objects.filter(user=user).exists():
        return None
    return HomeCard(
        _("订阅范围内待处理的风险预警"),
        subscribed_alerts(user).count(),
        url="collaboration:alert-list",
    )
