"""Home-page cards of the platforms app."""

from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(260)
def declarations_card(user):
    from wangjian.platforms.models import ObligationDeclaration

    if not user.has_capability("platforms.review"):
        return None
    pending = ObligationDeclaration.objects.visible_to(user).filter(state="pending").count()
    return HomeCard(_("待审核的主体责任履行声明"), pending, url="platforms:index")


@home_card(261)
def assessments_card(user):
    from wangjian.platforms.models import SelfAssessment

    if not user.has_capability("platforms.review_assessment"):
        return None
    waiting = SelfAssessment.objects.visible_to(user).filter(state="submitted").count()
    return HomeCard(_("待审核的数据合规自评估"), waiting, url="platforms:assessments")


@home_card(262)
def overdue_rectifications_card(user):
    """The reminder a platform or merchant sees: its rectification items past their deadline."""
    from django.utils import timezone

    from wangjian.platforms.models import RectificationItem, SelfAssessment

    if not user.has_capability("platforms.view_assessment"):
        return None
    overdue = RectificationItem.objects.filter(
        assessment__in=SelfAssessment.objects.visible_to(user),
        completed_on__isnull=True,
        due_on__lt=timezone.localdate(),
    ).count()
    return HomeCard(
        _("逾期未完成的整改事项"),
        overdue,
        url="platforms:assessments",
        hint=_("数据合规自评估的整改期限按工作日计算"),
    )


@home_card(263)
def overdue_action_requests_card(user):
    """Both sides: requests to a platform past their deadline without an answer."""
    from django.utils import timezone

    from wangjian.platforms.models import PlatformActionRequest

    if not user.has_capability("platforms.view_platform"):
        return None
    overdue = PlatformActionRequest.objects.visible_to(user).overdue(timezone.localdate()).count()
    return HomeCard(
        _("逾期未答复的平台处置要求"),
        overdue,
        url="platforms:action-requests",
        hint=_("处置期限按工作日计算（电子商务法 第二十九条）"),
    )


@home_card(264)
def unacknowledged_notices_card(user):
    """The platform's reminder: notices whose receipt it has not confirmed."""
    from wangjian.platforms.models import PlatformNotice

    if not user.has_capability("platforms.answer_notice"):
        return None
    waiting = PlatformNotice.objects.visible_to(user).filter(delivered_at__isnull=True).count()
    return HomeCard(_("待确认收到的通知"), waiting, url="platforms:index")
