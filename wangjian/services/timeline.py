"""Services facts on the entity profile: reports issued (with the page to issue another),
身份码 issued, objections filed. Read through ``visible_to``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider


@timeline_provider(80)
def services_facts(entity, user):
    from wangjian.services.models import Objection, ReportIssue

    if user.has_capability("services.view_reports"):
        for issue in ReportIssue.objects.visible_to(user).filter(entity=entity):
            yield TimelineFact(
                timezone.localdate(issue.issued_at),
                "services_report",
                f"出具专用信用报告 {issue.number}（{issue.period_from}—{issue.period_to}）",
                str(_("专用信用报告")),
                url=reverse("services:reports", args=[entity.pk]),
            )
    if user.has_capability("services.view_objections"):
        for objection in Objection.objects.visible_to(user).filter(entity=entity):
            yield TimelineFact(
                objection.filed_on,
                "services_objection",
                f"异议：{objection.target_summary[:60]}（{objection.get_state_display()}）",
                str(_("异议")),
                url=reverse("services:objection", args=[objection.public_id]),
            )


@timeline_provider(81)
def service_request_facts(entity, user):
    """知识产权与质量服务请求 on the entity's profile."""
    from wangjian.services.models import ServiceRequest

    if not user.has_capability("services.view_service_requests"):
        return
    for service_request in ServiceRequest.objects.visible_to(user).filter(entity=entity):
        yield TimelineFact(
            service_request.submitted_on,
            "services_request",
            f"{service_request.kind_name}：{service_request.subject[:60]}"
            f"（{service_request.get_state_display()}）",
            str(_("服务请求")),
            url=reverse("services:service-request", args=[service_request.public_id]),
        )
