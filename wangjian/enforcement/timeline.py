"""Enforcement facts on the entity's profile timeline: cases (filed, decided) and guidance."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider

SOURCE = _("执法办案")


@timeline_provider(80)
def enforcement_facts(entity, user):
    from wangjian.enforcement.models import Case, Guidance

    if user.has_capability("enforcement.view_case"):
        cases = Case.objects.visible_to(user).filter(entity=entity).order_by("-found_on", "-id")
        for case in cases[:50]:
            url = reverse("enforcement:case-detail", args=[case.pk])
            yield TimelineFact(
                case.found_on,
                "enforcement.case",
                f"案件 {case.display_number}（{case.get_source_kind_display()}）："
                f"{case.conduct[:80]}",
                str(SOURCE),
                url,
            )
            if case.decided_on:
                yield TimelineFact(
                    case.decided_on,
                    "enforcement.decision",
                    f"{case.decision_number}：{case.get_outcome_display()}",
                    str(SOURCE),
                    url,
                )
    if user.has_capability("enforcement.view_guidance"):
        guidance = Guidance.objects.visible_to(user).filter(entity=entity).order_by("-issued_on")
        for item in guidance[:50]:
            yield TimelineFact(
                item.issued_on,
                "enforcement.guidance",
                f"{item.get_kind_display()} {item.number}：{item.content[:80]}",
                str(SOURCE),
                reverse("enforcement:guidance-detail", args=[item.pk]),
            )
