"""Clue facts on the entity's profile timeline (registry ``@timeline_provider``): a clue
registered from monitoring findings and, once decided, the decision. Read through
``visible_to``, and only for roles that see findings (a merchant does not see clues about it)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider

SOURCE = _("网络监测")


@timeline_provider(70)
def clue_facts(entity, user):
    from wangjian.monitoring.models import Clue

    if not user.has_capability("monitoring.view_finding"):
        return
    clues = Clue.objects.visible_to(user).filter(entity=entity).order_by("-discovered_on", "-id")
    for clue in clues[:50]:
        url = reverse("monitoring:clue-detail", args=[clue.pk])
        yield TimelineFact(
            clue.discovered_on,
            "monitoring.clue",
            f"网络监测线索 {clue.number} 登记：{clue.summary[:80]}",
            str(SOURCE),
            url,
        )
        if clue.decided_on:
            yield TimelineFact(
                clue.decided_on,
                "monitoring.clue_decided",
                f"线索 {clue.number} 核查决定：{clue.get_state_display()}",
                str(SOURCE),
                url,
            )
