"""Home-page cards: cases past a deadline, cases due within a week, guidance follow-ups
overdue, and guidance waiting for the recipient's signature."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card

DUE_SOON_DAYS = 7


@home_card(300)
def overdue_cases_card(user):
    from wangjian.enforcement.models import Case

    if not user.has_capability("enforcement.view_case"):
        return None
    count = Case.objects.handled_by(user).overdue(timezone.localdate()).count()
    return HomeCard(
        _("办案期限已逾期的案件"),
        count,
        url=f"{reverse('enforcement:cases')}?state=overdue",
        hint=_("核查、办案（立案后九十日，扣除中止期间）或陈述申辩期限已过"),
    )


@home_card(301)
def due_soon_card(user):
    from wangjian.enforcement.models import Case

    if not user.has_capability("enforcement.view_case"):
        return None
    count = Case.objects.handled_by(user).due_within(timezone.localdate(), DUE_SOON_DAYS).count()
    return HomeCard(_("七日内到期的案件"), count, url="enforcement:cases")


@home_card(302)
def guidance_card(user):
    from wangjian.enforcement.models import Guidance

    if not user.has_capability("enforcement.view_guidance"):
        return None
    if user.jurisdiction is not None:
        count = Guidance.objects.visible_to(user).follow_up_overdue(timezone.localdate()).count()
        return HomeCard(_("整改跟踪已逾期的行政指导"), count, url="enforcement:guidance")
    count = Guidance.objects.addressed_to(user).filter(acknowledged_at__isnull=True).count()
    return HomeCard(_("待签收的行政指导文书"), count, url="enforcement:guidance")
