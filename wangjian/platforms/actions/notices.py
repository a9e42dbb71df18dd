"""Notices (通知) sent to a platform, acknowledged and answered."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms.actions.common import PlatformEvent, _locked_platform, _require
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformRefused
from wangjian.registry.models import Platform


def send_notice(*, actor, platform: Platform, subject: str, body: str, due_on=None, today=None):
    """A regulator sends a notice (通知) to a platform. Raise ``ValidationError`` for an empty
    subject or body, or a deadline before today."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.send_notice", platform)
    today = today or timezone.localdate()
    record = f"平台 {platform.name} 通知"
    if not subject.strip() or not body.strip():
        raise PlatformRefused(
            f"{record}：标题和正文 均必填 / subject and body are required",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    if due_on is not None and due_on < today:
        raise PlatformRefused(
            f"{record}：办理期限 {due_on} 早于今天 / deadline {due_on} is before today",
            code=PlatformErrorCode.BAD_DATE,
        )
    with transaction.atomic():
        _locked_platform(platform)
        notice = PlatformNotice.objects.create(
            platform=platform,
            division=platform.division,
            subject=subject.strip()[:200],
            body=body.strip(),
            due_on=due_on,
            sent_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_SENT,
            target=notice,
            division=notice.division,
            after={
                "platform": platform.pk,
                "subject": notice.subject,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
    return notice


def acknowledge_notice(*, actor, notice):
    """The platform confirms receipt: the time is recorded as 送达 (once)."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.answer_notice", notice.platform)
    with transaction.atomic():
        notice = PlatformNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.delivered_at is not None:
            raise PlatformRefused(
                f"通知 #{notice.pk}：已于 {timezone.localtime(notice.delivered_at):%Y-%m-%d %H:%M} "
                "确认送达 / receipt was already acknowledged"
            )
        notice.delivered_at = timezone.now()
        notice.acknowledged_by = actor
        notice.save(update_fields=["delivered_at", "acknowledged_by"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_ACKNOWLEDGED,
            target=notice,
            division=notice.division,
            after={"delivered_at": notice.delivered_at.isoformat()},
        )
    return notice


def answer_notice(*, actor, notice, answer: str):
    """The platform answers a notice; answering acknowledges receipt if not done yet. One
    answer per notice."""
    from wangjian.platforms.models import PlatformNotice

    _require(actor, "platforms.answer_notice", notice.platform)
    if not answer.strip():
        raise PlatformRefused(
            f"通知 #{notice.pk}：回复 必填 / answer is required",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        notice = PlatformNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.answered_at is not None:
            raise PlatformRefused(f"通知 #{notice.pk}：已回复 / already answered")
        now = timezone.now()
        fields = ["answer", "answered_at", "answered_by"]
        if notice.delivered_at is None:
            notice.delivered_at, notice.acknowledged_by = now, actor
            fields += ["delivered_at", "acknowledged_by"]
        notice.answer, notice.answered_at, notice.answered_by = answer.strip(), now, actor
        notice.save(update_fields=fields)
        record_event(
            actor=actor,
            event_type=PlatformEvent.NOTICE_ANSWERED,
            target=notice,
            division=notice.division,
            after={"answered_at": now.isoformat()},
            reason=notice.answer,
        )
    return notice
