"""Monitoring facts on the entity's profile timeline (registry ``@timeline_provider``): the
findings each scan batch stored about the entity (with how many still await triage), a clue
registered from findings and, once decided, the decision. Read through ``visible_to``, and only
for roles that see findings (a merchant does not see findings or clues about it)."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider

SOURCE = _("网络监测")


@timeline_provider(70)
def clue_facts(entity, user):
    from wangjian.monitoring.models import Clue

    if not user.has_capability("monitoring.view_finding"):
        return
    yield from _finding_facts(entity, user)
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


def _finding_facts(entity, user):
    from wangjian.monitoring.models import Finding

    per_batch = (
        Finding.objects.visible_to(user)
        .filter(entity=entity)
        .values("batch_id")
        .annotate(
            total=Count("id"),
            pending=Count("id", filter=Q(state="open") & ~Q(verdict="exempt")),
            first=Min("created_at"),
        )
        .order_by("-batch_id")[:50]
    )
    for row in per_batch:
        yield TimelineFact(
            timezone.localdate(row["first"]),
            "monitoring.findings",
            f"网络监测批次 #{row['batch_id']} 发现 {row['total']} 条，待研判 {row['pending']} 条",
            str(SOURCE),
            f"{reverse('monitoring:findings')}?state=all&batch={row['batch_id']}",
        )
