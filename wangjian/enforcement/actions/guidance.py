"""Non-penalty tools (行政指导): 提醒告诫, 行政指导建议书, 行政约谈, 警示, 责令改正.

Each is addressed to an entity or a platform and may come from a case, a clue, a report or an
inspection result. A recipient with an account acknowledges it (the time is recorded as
service, 送达) and answers (the rectification report)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.common import (
    EnforcementError,
    actor_bureau,
    next_number,
    require,
    require_reason,
    today,
)
from wangjian.enforcement.choices import (
    ErrorCode,
    EventType,
    GuidanceKind,
    GuidanceState,
    SourceKind,
)
from wangjian.enforcement.models import Guidance


def _record(guidance) -> str:
    return f"{guidance.get_kind_display()} {guidance.number}"


def issue_guidance(
    *,
    actor,
    kind: str,
    content: str,
    entity=None,
    platform=None,
    legal_basis=(),
    case=None,
    clue=None,
    report=None,
    inspection_result=None,
    hotspot=None,
    source_note: str = "",
    meeting_at=None,
    meeting_place: str = "",
    participants: str = "",
    follow_up_due: dt.date | None = None,
    rectification_due: dt.date | None = None,
    on: dt.date | None = None,
) -> Guidance:
    """Issue one tool. A 约谈 needs its time, place and participants; a 责令改正 its
    rectification deadline (nothing leaves the bureau with a blank deadline)."""
    require(actor, "enforcement.handle")
    on = on or today()
    record = str(GuidanceKind(kind).label) if kind in GuidanceKind.values else "行政指导文书"
    if kind not in GuidanceKind.values:
        raise EnforcementError(
            ErrorCode.INVALID, record, f"种类 {kind!r} 无效", "unknown kind", field="kind"
        )
    if (entity is None) == (platform is None):
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "须指明一个对象：市场主体或平台",
            "address it to one entity or one platform",
            field="recipient",
        )
    content = require_reason(record, content, "content")
    if kind == GuidanceKind.INTERVIEW and not (meeting_at and meeting_place and participants):
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "约谈通知须写明时间、地点和参加人员",
            "an interview notice names its time, place and participants",
            field="meeting_at",
        )
    if kind == GuidanceKind.RECTIFICATION and rectification_due is None:
        raise EnforcementError(
            ErrorCode.BLANK_DEADLINE,
            record,
            "责令改正通知书须写明改正期限",
            "a rectification order needs its deadline",
            field="rectification_due",
        )
    for name, due in (("rectification_due", rectification_due), ("follow_up_due", follow_up_due)):
        if due is not None and due <= on:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "期限须晚于发出日期",
                "the deadline must be later",
                field=name,
            )
    source_kind = SourceKind.OTHER
    for kind_value, source in (
        (SourceKind.CLUE, clue),
        (SourceKind.REPORT, report),
        (SourceKind.INSPECTION, inspection_result),
    ):
        if source is not None:
            source_kind = kind_value
    if hotspot is not None:
        from wangjian.complaints.models import HotSpot

        if not HotSpot.objects.visible_to(actor).filter(pk=hotspot.pk).exists():
            raise EnforcementError(ErrorCode.NOT_VISIBLE, record, field="hotspot")
        source_kind = SourceKind.HOTSPOT
        source_note = source_note or (
            f"投诉热点：{hotspot.get_dimension_display()}“{hotspot.value}”，"
            f"{hotspot.window_start}至{hotspot.window_end} 共 {hotspot.count} 件"
        )
    division, _unit = actor_bureau(actor)
    with transaction.atomic():
        if case is not None:
            from wangjian.enforcement.models import Case

            if not Case.objects.handled_by(actor).filter(pk=case.pk).exists():
                raise EnforcementError(ErrorCode.NOT_VISIBLE, record, field="case")
        guidance = Guidance.objects.create(
            kind=kind,
            number=next_number(division, "guidance", on.year),
            division=division,
            entity=entity,
            platform=platform,
            recipient_name=(entity or platform).name,
            source_kind=source_kind,
            source_note=source_note[:300],
            case=case,
            clue=clue,
            report=report,
            inspection_result=inspection_result,
            hotspot=hotspot,
            content=content,
            legal_basis=list(legal_basis or []),
            meeting_at=meeting_at,
            meeting_place=meeting_place,
            participants=participants,
            follow_up_due=follow_up_due,
            rectification_due=rectification_due,
            issued_on=on,
            issued_by=actor,
        )
        record_event(
            actor=actor,
            event_type=EventType.GUIDANCE_ISSUED,
            target=guidance,
            division=division,
            after={
                "kind": kind,
                "recipient": guidance.recipient_name,
                "rectification_due": rectification_due,
                "follow_up_due": follow_up_due,
                "source": source_kind,
                "hotspot": hotspot.pk if hotspot is not None else None,
            },
        )
    return guidance


def _lock_staff(actor, guidance) -> Guidance:
    locked = Guidance.objects.visible_to(actor).select_for_update().filter(pk=guidance.pk).first()
    if locked is None or actor.jurisdiction is None:
        raise EnforcementError(ErrorCode.NOT_VISIBLE, f"文书 #{guidance.pk}", field="guidance")
    return locked


def record_interview(
    *, actor, guidance, record_text: str, commitment: str, follow_up_due: dt.date
) -> Guidance:
    """The 约谈记录 and the party's 整改承诺 with the follow-up deadline."""
    require(actor, "enforcement.handle")
    with transaction.atomic():
        guidance = _lock_staff(actor, guidance)
        record = _record(guidance)
        if guidance.kind != GuidanceKind.INTERVIEW:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "仅行政约谈有约谈记录",
                "only interviews",
                field="kind",
            )
        if follow_up_due is None:
            raise EnforcementError(
                ErrorCode.BLANK_DEADLINE,
                record,
                "整改承诺须有跟踪期限",
                "a commitment needs its follow-up deadline",
                field="follow_up_due",
            )
        guidance.meeting_record = require_reason(record, record_text, "meeting_record")
        guidance.commitment = require_reason(record, commitment, "commitment")
        guidance.follow_up_due = follow_up_due
        guidance.save()
        record_event(
            actor=actor,
            event_type=EventType.GUIDANCE_RECORDED,
            target=guidance,
            division=guidance.division,
            after={"follow_up_due": follow_up_due},
        )
    return guidance


def acknowledge_guidance(*, actor, guidance) -> Guidance:
    """The recipient signs for it: the time is recorded as service (送达)."""
    require(actor, "enforcement.answer_guidance")
    with transaction.atomic():
        locked = (
            Guidance.objects.addressed_to(actor).select_for_update().filter(pk=guidance.pk).first()
        )
        if locked is None:
            raise EnforcementError(ErrorCode.NOT_VISIBLE, f"文书 #{guidance.pk}", field="guidance")
        if locked.acknowledged_at is not None:
            return locked
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.state = GuidanceState.ACKNOWLEDGED
        locked.save()
        record_event(
            actor=actor,
            event_type=EventType.GUIDANCE_ACKNOWLEDGED,
            target=locked,
            division=locked.division,
            after={"acknowledged_at": locked.acknowledged_at},
        )
    return locked


def answer_guidance(*, actor, guidance, answer: str) -> Guidance:
    """The recipient's answer (rectification report); signing for it first if not yet done."""
    acknowledge_guidance(actor=actor, guidance=guidance)
    with transaction.atomic():
        locked = (
            Guidance.objects.addressed_to(actor).select_for_update().filter(pk=guidance.pk).first()
        )
        locked.answer = require_reason(_record(locked), answer, "answer")
        locked.answered_at = timezone.now()
        locked.state = GuidanceState.ANSWERED
        locked.save()
        record_event(
            actor=actor,
            event_type=EventType.GUIDANCE_ANSWERED,
            target=locked,
            division=locked.division,
            after={"answered_at": locked.answered_at},
        )
    return locked


def recheck_guidance(
    *, actor, guidance, rectified: bool, result: str, on: dt.date | None = None
) -> Guidance:
    """The re-check after the deadline (责令改正复查 / 约谈整改跟踪); closes the matter."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        guidance = _lock_staff(actor, guidance)
        record = _record(guidance)
        if guidance.state == GuidanceState.CLOSED:
            raise EnforcementError(
                ErrorCode.WRONG_STATE, record, "已办结", "already closed", field="state"
            )
        guidance.rechecked_on = on
        guidance.recheck_result = require_reason(record, result, "recheck_result")
        guidance.rectified = rectified
        guidance.state = GuidanceState.CLOSED
        guidance.save()
        record_event(
            actor=actor,
            event_type=EventType.GUIDANCE_RECHECKED,
            target=guidance,
            division=guidance.division,
            after={"rechecked_on": on, "rectified": rectified},
        )
    return guidance
