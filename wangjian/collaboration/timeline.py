"""Facts on the entity profile (画像): 联合惩戒 measures other departments applied and lifted,
and the 协查 requests about the entity. The registry renders them without importing this app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider


@timeline_provider(80)
def discipline_facts(entity, user):
    from wangjian.collaboration.models import AppliedMeasure

    if not user.has_capability("collaboration.view_discipline"):
        return
    applied = (
        AppliedMeasure.objects.visible_to(user)
        .filter(notice__list_entry__entity=entity)
        .select_related("notice__partner__org_unit")
    )
    for measure in applied:
        partner = measure.notice.partner.org_unit.name
        url = reverse("collaboration:notice-detail", args=[measure.notice_id])
        yield TimelineFact(
            measure.applied_on,
            "discipline_measure",
            f"{partner}实施联合惩戒措施：{measure.measure_title}",
            str(_("联合惩戒")),
            url=url,
        )
        if measure.lifted_on:
            yield TimelineFact(
                measure.lifted_on,
                "discipline_lifted",
                f"{partner}解除联合惩戒措施：{measure.measure_title}",
                str(_("联合惩戒")),
                url=url,
            )


@timeline_provider(81)
def assistance_facts(entity, user):
    from wangjian.collaboration.models import AssistanceRequest

    if not user.has_capability("collaboration.view_request"):
        return
    for request in AssistanceRequest.objects.visible_to(user).filter(entity=entity):
        yield TimelineFact(
            request.sent_on,
            "assistance_request",
            f"{request.get_kind_display()} {request.number}：{request.requesting_unit.name}"
            f" → {request.receiving_unit.name}（{request.get_state_display()}）",
            str(_("异地协查")),
            url=reverse("collaboration:request-detail", args=[request.pk]),
        )
