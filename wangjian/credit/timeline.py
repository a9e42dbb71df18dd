"""Credit facts on the entity profile (画像). Only staff who may see credit records get them;
tiers are not shown on the timeline."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider


@timeline_provider(60)
def credit_facts(entity, user):
    from wangjian.credit.models import CreditEvent

    if not user.has_capability("credit.view_record"):
        return
    for event in CreditEvent.objects.visible_to(user).filter(entity=entity, withdrawn_on=None):
        yield TimelineFact(
            event.occurred_on,
            f"credit_{event.kind}",
            f"{event.get_kind_display()}：{event.summary}",
            str(_("信用记录")),
            url=reverse("credit:entity", args=[entity.pk]),
        )
