"""Credit facts on the entity profile (画像). Only staff who may see credit records get them;
tiers are not shown on the timeline."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import (
    ProfileFact,
    TimelineFact,
    profile_provider,
    timeline_provider,
)


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


@profile_provider(10)
def credit_tier_fact(entity, user):
    """The current credit-risk tier at the head of the profile: internal, so staff with
    ``credit.view_tier`` only (不对外公开), with a link to the credit record."""
    from wangjian.credit.models import TierAssessment

    if not user.has_capability("credit.view_tier"):
        return
    current = (
        TierAssessment.objects.visible_to(user)
        .filter(entity=entity, is_current=True)
        .order_by("-run_id")
        .first()
    )
    value = current.get_tier_display() if current else str(_("尚未分类"))
    yield ProfileFact(
        str(_("信用风险分类（内部）")),
        value,
        url=reverse("credit:entity", args=[entity.pk]),
        link_text=str(_("查看信用记录")),
    )
