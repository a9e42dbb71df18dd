"""Figures on the home page. Each app registers cards with ``@home_card(order)``; a card
function receives the user and returns a ``HomeCard`` or None when the role has no use for it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HomeCard:
    """One figure; ``url`` is a URL name (``core:job-list``) or a path (``/evidence/``)."""

    label: str
    value: int
    url: str | None = None
    hint: str = ""

    @property
    def href(self) -> str | None:
        if not self.url or self.url.startswith("/"):
            return self.url
        return reverse(self.url)


HOME_CARDS: list[tuple[int, Callable]] = []


def home_card(order: int):
    def register(function):
        HOME_CARDS.append((order, function))
        HOME_CARDS.sort(key=lambda item: item[0])
        return function

    return register


def cards_for(user) -> list[HomeCard]:
    cards = []
    for _order, function in HOME_CARDS:
        card = function(user)
        if card is not None:
            cards.append(card)
    return cards


@home_card(900)
def org_units_card(user):
    from wangjian.core.models import OrgUnit

    if not user.has_capability("core.view_org_unit"):
        return None
    return HomeCard(_("辖区内机构"), OrgUnit.objects.visible_to(user).count())


@home_card(910)
def jobs_card(user):
    from wangjian.core.choices import JobState
    from wangjian.core.models import Job

    running = Job.objects.visible_to(user).filter(state__in=[JobState.QUEUED, JobState.RUNNING])
    return HomeCard(_("进行中的任务"), running.count(), url="core:job-list")


@home_card(920)
def audit_today_card(user):
    from wangjian.core.models import AuditEvent

    if not user.has_capability("core.view_audit_event"):
        return None
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    count = AuditEvent.objects.visible_to(user).filter(occurred_at__gte=start).count()
    return HomeCard(_("今日审计事件"), count, url="core:audit-list")
