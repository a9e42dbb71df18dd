"""询问笔录 and 现场检查笔录: structured records of the investigation with their attachments.

行政处罚法 (2021) 第四十二条: 执法人员不得少于两人, with 行政执法资格 — checked against the
inspections app's 执法检查人员名录库 (active, certificate valid on the record's day).
第五十五条第二款: 询问或者检查应当制作笔录."""

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases import _lock_active, _record
from wangjian.enforcement.actions.common import (
    EnforcementError,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    Acknowledgement,
    CaseState,
    ErrorCode,
    EventType,
    PauseKind,
    RecordKind,
)
from wangjian.enforcement.models import CaseRecord, CaseRecordAttachment, HearingRecord

MIN_OFFICERS = 2  # 行政处罚法 第四十二条第一款
STORAGE_PARTS = ("enforcement", "records")
RECORD_STATES = (CaseState.VERIFYING, *DECISION_CLOCK_STATES)


def _officer_rows(record: str, officers, on: dt.date) -> list[dict]:
    from wangjian.inspections.models import Inspector

    people = list(dict.fromkeys(officers))
    if len(people) < MIN_OFFICERS:
        raise EnforcementError(
            ErrorCode.OFFICERS,
            record,
            "执法人员不得少于两人（《中华人民共和国行政处罚法》第四十二条第一款）",
            "at least two officers (Administrative Penalty Law art. 42(1))",
            field="officers",
        )
    rows = []
    for user in people:
        inspector = Inspector.objects.filter(user=user, active=True).first()
        if inspector is None or inspector.certificate_valid_until < on:
            raise EnforcementError(
                ErrorCode.OFFICERS,
                record,
                f"{user.display_name or user.username} 未在执法检查人员名录库中或执法证已过期",
                f"{user.username} has no valid enforcement certificate on {on}",
                field="officers",
            )
        rows.append(
            {
                "user_id": user.pk,
                "name": inspector.name,
                "certificate": inspector.certificate_number,
            }
        )
    return rows


def _checked_files(record: str, files) -> list[tuple[str, bytes, object]]:
    from wangjian.complaints import attachments

    checked = []
    if len(files) > attachments.MAX_FILES:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            f"附件至多 {attachments.MAX_FILES} 个",
            f"at most {attachments.MAX_FILES} files",
            field="attachments",
        )
    for name, content in files:
        kind = attachments.detect_type(content)
        if kind is None or len(content) > attachments.MAX_BYTES:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                f"附件 {attachments.clean_name(name)} 须为 "
                f"{attachments.accepted_labels('、')}，且不超过 10 MB",
                f"attachment {attachments.clean_name(name)}: "
                f"{attachments.accepted_labels(', ')} up to 10 MB",
                field="attachments",
            )
        checked.append((attachments.clean_name(name), content, kind))
    return checked


def _store(content: bytes, sha256: str) -> str:
    """Write ``content`` once under its hash; atomic rename. Returns the MEDIA_ROOT path."""
    relative = "/".join((*STORAGE_PARTS, sha256[:2], sha256))
    target = Path(settings.MEDIA_ROOT).joinpath(*relative.split("/"))
    if target.is_file() and target.stat().st_size == len(content):
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return relative


def make_case_record(
    *,
    actor,
    case,
    kind: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    place: str,
    officers,
    subject_name: str,
    subject_role: str = "",
    questions=(),
    observations: str = "",
    files=(),
) -> CaseRecord:
    """Record a 询问笔录 (questions and answers) or 现场检查笔录 (observations) on a case in
    核查 or 调查; the actor is one of the officers. ``files`` are (name, bytes) pairs."""
    from wangjian.complaints import attachments

    require(actor, "enforcement.handle")
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = f"{_record(case)} 笔录"
        require_state(case, *RECORD_STATES)
        if kind not in RecordKind.values:
            raise EnforcementError(
                ErrorCode.INVALID, record, f"笔录种类 {kind!r} 无效", "unknown kind", field="kind"
            )
        if started_at is None or ended_at is None or ended_at < started_at:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须填写开始和结束时间，结束不得早于开始",
                "start and end required; the end may not precede the start",
                field="ended_at",
            )
        if ended_at > timezone.now():
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "结束时间不得晚于现在",
                "the end lies in the future",
                field="ended_at",
            )
        place = require_reason(record, place, "place", minimum=2)
        subject_name = require_reason(record, subject_name, "subject_name", minimum=2)
        if actor not in officers:
            officers = [actor, *officers]
        rows = _officer_rows(record, officers, timezone.localtime(started_at).date())
        pairs = [
            {"q": str(q).strip(), "a": str(a).strip()}
            for q, a in questions
            if str(q).strip() or str(a).strip()
        ]
        if kind == RecordKind.INQUIRY:
            if not pairs or any(not pair["q"] or not pair["a"] for pair in pairs):
                raise EnforcementError(
                    ErrorCode.INVALID,
                    record,
                    "询问笔录须有问答，每一问须有答",
                    "an inquiry record needs questions, each with its answer",
                    field="questions",
                )
            observations = ""
        else:
            observations = require_reason(record, observations, "observations")
            pairs = []
        checked = _checked_files(record, list(files))
        made = CaseRecord.objects.create(
            case=case,
            kind=kind,
            started_at=started_at,
            ended_at=ended_at,
            place=place,
            officers=rows,
            subject_name=subject_name,
            subject_role=(subject_role or "").strip()[:100],
            questions=pairs,
            observations=observations,
            recorded_by=actor,
        )
        for name, content, file_type in checked:
            sha256 = attachments.sha256_of(content)
            CaseRecordAttachment.objects.create(
                record=made,
                name=name,
                content_type=file_type.content_type,
                size=len(content),
                sha256=sha256,
                storage_path=_store(content, sha256),
                uploaded_by=actor,
            )
        record_event(
            actor=actor,
            event_type=EventType.RECORD_MADE,
            target=case,
            division=case.division,
            after={
                "record": made.pk,
                "kind": kind,
                "officers": [row["certificate"] for row in rows],
                "attachments": [attachments.sha256_of(content) for _, content, _ in checked],
            },
        )
    return made


def acknowledge_case_record(
    *, actor, record, state: str, note: str = "", on: dt.date | None = None
) -> CaseRecord:
    """The signature state of a record: signed after checking, or refused (the officers note
    the refusal on the record)."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        _lock_active(actor, record.case)
        record = CaseRecord.objects.select_for_update().get(pk=record.pk)
        label = f"{_record(record.case)} {record.get_kind_display()} #{record.pk}"
        if record.acknowledgement != Acknowledgement.PENDING:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                label,
                f"签字确认已记录为“{record.get_acknowledgement_display()}”",
                f"already recorded as {record.acknowledgement}",
                field="acknowledgement",
            )
        if state not in (Acknowledgement.SIGNED, Acknowledgement.REFUSED):
            raise EnforcementError(
                ErrorCode.INVALID, label, "签字情况无效", "invalid state", field="acknowledgement"
            )
        if state == Acknowledgement.REFUSED:
            note = require_reason(label, note, "note")
        if on < timezone.localtime(record.started_at).date():
            raise EnforcementError(
                ErrorCode.INVALID, label, "签字日期早于笔录", "before the record", field="on"
            )
        record.acknowledgement = state
        record.acknowledgement_note = (note or "").strip()[:300]
        record.acknowledged_on = on
        record.save(update_fields=["acknowledgement", "acknowledgement_note", "acknowledged_on"])
        record_event(
            actor=actor,
            event_type=EventType.RECORD_ACKNOWLEDGED,
            target=record.case,
            division=record.case.division,
            after={"record": record.pk, "acknowledgement": state, "on": on},
            reason=note or "",
        )
    return record


def record_hearing(
    *,
    actor,
    case,
    held_on: dt.date,
    place: str,
    host,
    participants: str,
    party_statement: str,
    officer_statement: str = "",
) -> HearingRecord:
    """听证笔录 of the hearing the party requested: the hearing's paused interval ends on the
    hearing day, the case returns to 告知 for the decision, and the decision period grows by
    the paused days. The host is a member of the bureau other than the case officer
    (听证办法: 办案人员不得担任听证主持人; article number not verified here)."""
    from wangjian.enforcement.actions.cases import recompute_decision_due
    from wangjian.enforcement.models import Case

    require(actor, "enforcement.handle")
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = f"{_record(case)} 听证笔录"
        require_state(case, CaseState.HEARING)
        pause = (
            case.pauses.select_for_update()
            .filter(kind=PauseKind.HEARING, ended_on__isnull=True)
            .last()
        )
        if pause is not None and held_on < pause.started_on:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                f"听证日期早于听证申请日 {pause.started_on}",
                f"the hearing precedes the request of {pause.started_on}",
                field="held_on",
            )
        if held_on > today():
            raise EnforcementError(
                ErrorCode.INVALID, record, "听证日期晚于今天", "in the future", field="held_on"
            )
        if host is None or host.pk == case.handler_id:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "听证主持人不得由本案办案人员担任",
                "the case officer may not host the hearing",
                field="host",
            )
        if not Case.objects.handled_by(host).filter(pk=case.pk).exists():
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "听证主持人须为本机关人员",
                "the host must belong to the bureau",
                field="host",
            )
        place = require_reason(record, place, "place", minimum=2)
        participants = require_reason(record, participants, "participants")
        party_statement = require_reason(record, party_statement, "party_statement")
        if pause is not None:
            pause.ended_on = held_on
            pause.save(update_fields=["ended_on"])
        hearing = HearingRecord.objects.create(
            case=case,
            pause=pause,
            held_on=held_on,
            place=place,
            host=host,
            participants=participants,
            officer_statement=(officer_statement or "").strip(),
            party_statement=party_statement,
            recorded_by=actor,
        )
        before = case.decision_due
        case.state = CaseState.NOTIFIED
        recompute_decision_due(case)
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.HEARING_HELD,
            target=case,
            division=case.division,
            before={"decision_due": before},
            after={
                "hearing": hearing.pk,
                "held_on": held_on,
                "paused_days": pause.days if pause else None,
                "decision_due": case.decision_due,
            },
            reason=party_statement,
        )
    return hearing
