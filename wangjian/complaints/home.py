import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card

DUE_SOON_DAYS = 3


def due_and_overdue(user, today: dt.date | None = None):
    """Open clocks in the user's jurisdiction: (overdue, due within DUE_SOON_DAYS days)."""
    from wangjian.complaints.models import ClockStep

    today = today or timezone.localdate()
    pending = ClockStep.objects.visible_to(user).pending().select_related("complaint")
    overdue = pending.filter(due_on__lt=today)
    soon = pending.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    return overdue, soon


@home_card(300)
def complaint_clocks_card(user):
    if not user.has_capability("complaints.handle"):
        return None
    overdue, soon = due_and_overdue(user)
    overdue_count = overdue.count()
    return HomeCard(
        _("投诉举报时限：逾期/临期"),
        overdue_count + soon.count(),
        url="complaints:due",
        hint=gettext("逾期 %(count)s 件") % {"count": overdue_count},
    )


@home_card(290)
def my_complaints_card(user):
    """A consumer's home: the records they filed online, linked to the list of them."""
    from wangjian.complaints.models import Complaint

    if not user.has_capability("complaints.view_own"):
        return None
    count = Complaint.objects.filed_by(user).count()
    return HomeCard(_("我的投诉举报"), count, url="complaints:mine")
