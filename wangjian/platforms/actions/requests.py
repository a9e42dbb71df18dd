"""Requests to a platform (平台处置要求) about a finding, and the platform's reply."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms.actions.common import PlatformEvent, _locked_platform, _require
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformNotPermitted, PlatformRefused
from wangjian.registry.models import Platform

# --------------------------------------------------------------------------------------------
# 平台处置要求 and 通知

MAX_REPLY_ATTACHMENTS = 9


MAX_REPLY_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _finding_platform(finding, record: str) -> Platform:
    shop = finding.shop
    if shop is None or shop.platform_id is None:
        raise PlatformRefused(
            f"{record}：未关联平台内店铺，无法要求平台处置 / {record}: not linked to a shop on a "
            "platform, so no platform can be asked to act"
        )
    return shop.platform


def request_platform_action(
    *,
    actor,
    kind: str,
    reason: str,
    subject: str = "",
    platform: Platform | None = None,
    finding=None,
    clue=None,
    today=None,
):
    """A regulator asks a platform to take down or rectify a listing, from a finding, a clue or
    the platform's page. The deadline counts the period in force (versioned data) on the
    working-day calendar from the day of issue.

    Raise ``ValidationError`` for an unknown kind, an empty reason, a finding or clue without a
    platform shop, or a deadline reaching a year the calendar does not cover (never guessed).
    """
    from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
    from wangjian.platforms.action_periods import period_for
    from wangjian.platforms.choices import ActionKind
    from wangjian.platforms.models import PlatformActionRequest

    today = today or timezone.localdate()
    shop = None
    division = None
    if finding is not None:
        record = f"监测发现 #{finding.pk}"
        if finding.state != "confirmed":
            raise PlatformRefused(
                f"{record}：须先确认（研判状态为 {finding.get_state_display()}）再要求平台处置 / "
                f"{record}: confirm the finding before asking the platform to act",
                code=PlatformErrorCode.WRONG_STATE,
            )
        platform = _finding_platform(finding, record)
        shop, division = finding.shop, finding.division
        subject = subject.strip() or f"{finding.shop.name}：{finding.match}"
    elif clue is not None:
        record = f"线索 {clue.number}"
        if clue.shop is None or clue.shop.platform_id is None:
            raise PlatformRefused(
                f"{record}：未关联平台内店铺，无法要求平台处置 / {record}: not linked to a shop "
                "on a platform, so no platform can be asked to act"
            )
        platform, shop, division = clue.shop.platform, clue.shop, clue.division
        subject = subject.strip() or f"{clue.shop.name}：{clue.summary[:200]}"
    elif platform is not None:
        record = f"平台 {platform.name}"
        division = platform.division
    else:
        raise PlatformRefused("须指明平台、监测发现或线索 / name a platform, finding or clue")
    # From a finding or clue the regulator acts within the jurisdiction it was routed to (the
    # shop's platform may be registered elsewhere); from the platform page, on the platform.
    source = finding or clue
    _require(actor, "platforms.request_action", None if source else platform)
    if (
        actor is not None
        and source is not None
        and not type(source).objects.visible_to(actor).filter(pk=source.pk).exists()
    ):
        raise PlatformNotPermitted(
            f"无权操作{record} / not permitted for this record",
        )
    if kind not in ActionKind.values:
        raise PlatformRefused(
            f"{record}：处置要求 {kind!r} 须为 删除、屏蔽或下架 或 督促整改 / kind must be "
            "takedown or rectify"
        )
    if not subject.strip():
        raise PlatformRefused(
            f"{record}：处置对象 必填（商品、链接或店铺）/ subject is required (listing, link or "
            "shop)",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    if not reason.strip():
        raise PlatformRefused(
            f"{record}：理由 必填 / reason is required", code=PlatformErrorCode.REASON_MISSING
        )
    rule = period_for(kind, today)
    try:
        due = add_working_days(today, rule.working_days)
    except CalendarYearNotCovered as error:
        raise PlatformRefused(
            f"{record}：处置期限涉及尚未录入的工作日历年度（{error}），请系统管理员先录入该年度"
            "节假日安排 / the working-day calendar does not cover the year the deadline reaches",
            code=PlatformErrorCode.BAD_DATE,
        ) from error
    with transaction.atomic():
        _locked_platform(platform)
        request = PlatformActionRequest.objects.create(
            platform=platform,
            division=division,
            finding=finding,
            clue=clue,
            shop=shop,
            kind=kind,
            subject=subject.strip()[:500],
            reason=reason.strip(),
            basis=[dict(b) for b in rule.basis],
            working_days=rule.working_days,
            rules_version=rule.version,
            issued_on=today,
            due_on=due,
            requested_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ACTION_REQUESTED,
            target=request,
            division=division,
            after={
                "platform": platform.pk,
                "kind": kind,
                "finding": finding.pk if finding else None,
                "clue": clue.pk if clue else None,
                "due_on": due.isoformat(),
                "working_days": rule.working_days,
                "rules_version": rule.version,
            },
        )
    return request


def _check_uploads(record: str, uploads) -> list[tuple[Upload, str]]:
    from wangjian.complaints.attachments import detect_type

    uploads = [u for u in (uploads or ()) if u.name or u.content]
    if len(uploads) > MAX_REPLY_ATTACHMENTS:
        raise PlatformRefused(
            f"{record}：附件最多 {MAX_REPLY_ATTACHMENTS} 个 / at most "
            f"{MAX_REPLY_ATTACHMENTS} attachments"
        )
    checked = []
    for upload in uploads:
        if not upload.content or len(upload.content) > MAX_REPLY_ATTACHMENT_BYTES:
            raise PlatformRefused(
                f"{record}：附件“{upload.name}”为空或超过 10 MB / attachment {upload.name!r} "
                "is empty or larger than 10 MB",
                code=PlatformErrorCode.LIMIT_EXCEEDED,
            )
        file_type = detect_type(upload.content)
        if file_type is None:
            raise PlatformRefused(
                f"{record}：附件“{upload.name}”不是 PDF、JPEG、PNG、WebP 或 MP4 文件 / "
                f"attachment {upload.name!r} is not a PDF, JPEG, PNG, WebP or MP4 file"
            )
        checked.append((upload, file_type.content_type))
    return checked


def reply_to_action_request(*, actor, request, reply: str, note: str, attachments=(), today=None):
    """The platform answers a request: taken down, rectified or disputed, with a note (required)
    and attachments. A request is answered once; a late answer is kept and shown as late.

    Raise ``ValidationError`` for an unknown reply, an empty note, a bad attachment or a request
    already answered.
    """
    import hashlib

    from wangjian.platforms.choices import ActionReply, ActionRequestState
    from wangjian.platforms.models import ActionReplyAttachment, PlatformActionRequest

    _require(actor, "platforms.reply_action", request.platform)
    today = today or timezone.localdate()
    record = f"处置要求 #{request.pk}"
    if reply not in ActionReply.values:
        raise PlatformRefused(
            f"{record}：答复 {reply!r} 须为 已下架、已整改 或 有异议 / reply must be taken_down, "
            "rectified or disputed"
        )
    if not note.strip():
        raise PlatformRefused(
            f"{record}：答复说明 必填 / note is required", code=PlatformErrorCode.FIELD_REQUIRED
        )
    checked = _check_uploads(record, attachments)
    with transaction.atomic():
        request = PlatformActionRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ActionRequestState.AWAITING:
            raise PlatformRefused(
                f"{record}：已于 {request.replied_on} 答复 / already answered on "
                f"{request.replied_on}"
            )
        request.state = ActionRequestState.ANSWERED
        request.reply = reply
        request.reply_note = note.strip()
        request.replied_by = actor
        request.replied_on = today
        request.save(update_fields=["state", "reply", "reply_note", "replied_by", "replied_on"])
        for upload, content_type in checked:
            ActionReplyAttachment.objects.create(
                request=request,
                name=upload.name[:200],
                content=upload.content,
                content_type=content_type,
                sha256=hashlib.sha256(upload.content).hexdigest(),
                size=len(upload.content),
                uploaded_by=actor,
            )
        record_event(
            actor=actor,
            event_type=PlatformEvent.ACTION_REPLIED,
            target=request,
            division=request.division,
            before={"state": ActionRequestState.AWAITING},
            after={
                "state": request.state,
                "reply": reply,
                "late": request.replied_late,
                "attachments": [upload.name for upload, _type in checked],
            },
            reason=request.reply_note,
        )
    return request
