from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(250)
def triage_card(user):
    from wangjian.monitoring.models import Finding

    if not user.has_capability("monitoring.triage"):
        return None
    count = Finding.objects.visible_to(user).for_triage().count()
    return HomeCard(_("待研判的监测发现"), count, url="monitoring:findings")


def overdue_clues(user):
    """Clues still being verified past their deadline (《市场监督管理行政处罚程序规定》第十八条)."""
    from wangjian.monitoring.choices import ClueState
    from wangjian.monitoring.models import Clue

    return Clue.objects.visible_to(user).filter(
        state=ClueState.REGISTERED, due_on__lt=timezone.localdate()
    )


@home_card(251)
def overdue_clues_card(user):
    if not user.has_capability("monitoring.triage"):
        return None
    return HomeCard(
        _("逾期未核查的线索"),
        overdue_clues(user).count(),
        url=f"{reverse('monitoring:clues')}?state=overdue",
    )
