"""Home-page cards of the credit app: decisions waiting and repair applications past due."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(200)
def repairs_due_card(user):
    from wangjian.credit.models import RepairApplication

    if not user.has_capability("credit.view_record"):
        return None
    overdue = (
        RepairApplication.objects.visible_to(user)
        .filter(state="pending", due_on__lt=timezone.localdate())
        .count()
    )
    return HomeCard(
        _("逾期未决定的信用修复申请"),
        overdue,
        url="credit:overview",
        hint=_("按信用修复管理办法的决定期限（工作日）"),
    )


@home_card(201)
def listing_notices_card(user):
    from wangjian.credit.models import CreditListEntry

    if not user.has_capability("credit.view_record"):
        return None
    waiting = CreditListEntry.objects.visible_to(user).filter(state="notified").count()
    return HomeCard(_("已告知待决定的名单列入"), waiting, url="credit:overview")
