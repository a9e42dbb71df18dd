"""Issuing a 专用信用报告: content, signed PDF, the ``ReportIssue`` row and its audit event."""

import datetime as dt
import hashlib
import uuid

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.services import report, trust
from wangjian.services.actions.common import require, require_entity
from wangjian.services.choices import AuditType, IssueChannel
from wangjian.services.error_codes import ServiceRefused
from wangjian.services.models import ReportIssue
from wangjian.services.signing import read_payload


def _number(now) -> str:
    return f"CR-{timezone.localtime(now):%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


def issue_credit_report(
    *,
    actor,
    entity,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    channel: str = IssueChannel.WEB,
) -> tuple[ReportIssue, bytes]:
    """Make, sign and log one report; return the issue row and the PDF bytes."""
    from wangjian.evidence import config
    from wangjian.registry.models import MarketEntity

    require(actor, "services.issue_report")
    require_entity(actor, entity)
    now = timezone.now().replace(microsecond=0)
    as_of_day = timezone.localdate(now)
    default_from, default_to = report.default_period(as_of_day)
    start, end = period_from or default_from, period_to or default_to
    record = f"专用信用报告（{entity.name}）"
    if start > end or end > as_of_day:
        raise ServiceRefused(
            f"{record}：报告期 {start}—{end} 无效（起日不得晚于止日，止日不得晚于今天）/ "
            f"{record}: period {start}..{end} is invalid"
        )
    with transaction.atomic():
        entity = MarketEntity.objects.select_for_update().get(pk=entity.pk)
        number = _number(now)
        content = report.build_content(
            entity, number=number, start=start, end=end, as_of=timezone.localtime(now)
        )
        pdf, payload = report.render_report_pdf(
            content,
            private_key=trust.report_key(),
            certificate=config.platform_certificate(),
            tsa_url=config.tsa_url(),
        )
        issue = ReportIssue.objects.create(
            number=number,
            entity=entity,
            period_from=start,
            period_to=end,
            as_of=now,
            content_sha256=hashlib.sha256(report.content_bytes(content)).hexdigest(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            key_id=read_payload(report.PAYLOAD_PREFIX, payload)[0]["k"],
            payload=payload,
            channel=channel,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor=actor,
            event_type=AuditType.REPORT_ISSUED.value,
            target=issue,
            division=entity.division,
            after={
                "number": number,
                "uscc": entity.uscc,
                "period": [start, end],
                "content_sha256": issue.content_sha256,
                "channel": channel,
            },
        )
    return issue, pdf
