"""先行登记保存, 查封/扣押 and 移送司法机关 of a case.

Deadlines come from procedure.yaml (the case's version): preservation_decision_due (行政处罚法
第五十六条: 七日内作出处理决定, working days by 第八十五条), seizure_due (行政强制法 第二十五条:
30 days, once +30 with the head's approval), judicial_acceptance_due (移送规定 第八条)."""

import datetime as dt

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases import (
    _deadline,
    _lock_active,
    _record,
    recompute_decision_due,
)
from wangjian.enforcement.actions.common import (
    EnforcementError,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    MEASURE_PERIOD,
    CaseState,
    ErrorCode,
    EventType,
    JudicialAnswer,
    MeasureKind,
    PauseKind,
)
from wangjian.enforcement.models import JudicialTransfer, Measure, Pause
from wangjian.enforcement.procedure import period_deadline, version_named

MEASURE_STATES = (CaseState.VERIFYING, *DECISION_CLOCK_STATES)


def measure_period(case, kind: str):
    return version_named(case.procedure_version).period(MEASURE_PERIOD[kind])


def take_measure(
    *, actor, case, kind: str, items: str, reason: str, on: dt.date | None = None
) -> Measure:
    """Record a 先行登记保存 or 查封/扣押 (taken with the head's approval, which the officer
    records here); its deadline is computed from the case's procedure version."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, *MEASURE_STATES)
        if kind not in MeasureKind.values:
            raise EnforcementError(
                ErrorCode.INVALID, record, f"措施 {kind!r} 无效", "unknown measure", field="kind"
            )
        if on > today():
            raise EnforcementError(
                ErrorCode.INVALID, record, "采取日期晚于今天", "in the future", field="on"
            )
        items = require_reason(record, items, "items")
        reason = require_reason(record, reason)
        due = _deadline(case, MEASURE_PERIOD[kind], on)
        measure = Measure.objects.create(
            case=case,
            kind=kind,
            items=items,
            reason=reason,
            started_on=on,
            due=due,
            recorded_by=actor,
        )
        record_event(
            actor=actor,
            event_type=EventType.MEASURE_TAKEN,
            target=case,
            division=case.division,
            after={"measure": measure.pk, "kind": kind, "started_on": on, "due": due},
            reason=reason,
        )
    return measure


def _lock_measure(actor, measure) -> Measure:
    _lock_active(actor, measure.case)
    return Measure.objects.select_for_update().select_related("case").get(pk=measure.pk)


def extend_measure(*, actor, measure, reason: str, on: dt.date | None = None) -> Measure:
    """查封/扣押 extended once by the period's extension, approved by the head, before the
    period runs out (行政强制法 第二十五条)."""
    require(actor, "enforcement.approve")
    on = on or today()
    with transaction.atomic():
        measure = _lock_measure(actor, measure)
        case = measure.case
        record = f"{_record(case)} {measure.get_kind_display()}"
        period = measure_period(case, measure.kind)
        if not period.extension or measure.kind == MeasureKind.PRESERVATION:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "先行登记保存不能延长，须在期限内作出处理决定",
                "a preservation cannot be extended",
                field="kind",
            )
        if measure.ended_on or measure.extended_days:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "已处理或已延长过一次",
                "already ended or extended once",
                field="extended_days",
            )
        if on > measure.due:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                f"期限已于 {measure.due} 届满，不能再延长",
                f"the period ended on {measure.due}",
                field="on",
            )
        reason = require_reason(record, reason)
        before = measure.due
        extra = int(period.extension["amount"])
        measure.due = period_deadline(period, measure.started_on, extra_days=extra).due
        measure.extended_days = extra
        measure.extended_by = actor
        measure.save(update_fields=["due", "extended_days", "extended_by"])
        record_event(
            actor=actor,
            event_type=EventType.MEASURE_EXTENDED,
            target=case,
            division=case.division,
            before={"due": before},
            after={"measure": measure.pk, "due": measure.due, "days": extra},
            reason=reason,
        )
    return measure


def end_measure(*, actor, measure, outcome: str, on: dt.date | None = None) -> Measure:
    """The decision on the preserved or seized goods (解除、没收、移送、检验 …)."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        measure = _lock_measure(actor, measure)
        case = measure.case
        record = f"{_record(case)} {measure.get_kind_display()}"
        if measure.ended_on:
            raise EnforcementError(
                ErrorCode.WRONG_STATE, record, "已作出处理决定", "already ended", field="ended_on"
            )
        if on < measure.started_on:
            raise EnforcementError(
                ErrorCode.INVALID, record, "处理日期早于采取日期", "before it began", field="on"
            )
        outcome = require_reason(record, outcome, "outcome")
        measure.ended_on = on
        measure.outcome = outcome[:300]
        measure.save(update_fields=["ended_on", "outcome"])
        record_event(
            actor=actor,
            event_type=EventType.MEASURE_ENDED,
            target=case,
            division=case.division,
            after={"measure": measure.pk, "ended_on": on, "late": on > measure.due},
            reason=outcome,
        )
    return measure


# --------------------------------------------------------------------------------------------
# 移送司法机关


def transfer_to_judiciary(
    *, actor, case, organ: str, reason: str, materials: str, on: dt.date | None = None
) -> JudicialTransfer:
    """移送 a suspected crime to the public-security organ, approved by the head (移送规定
    第五条). The decision period of a filed case is suspended (中止) while the organ decides."""
    require(actor, "enforcement.approve")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, *MEASURE_STATES)
        organ = require_reason(record, organ, "organ")
        reason = require_reason(record, reason)
        materials = require_reason(record, materials, "materials")
        if case.filed_on and on < case.filed_on:
            raise EnforcementError(
                ErrorCode.INVALID, record, "移送日期早于立案日期", "before the filing", field="on"
            )
        pause = None
        if case.filed_on and not case.pauses.filter(ended_on__isnull=True).exists():
            pause = Pause.objects.create(
                case=case,
                kind=PauseKind.SUSPENSION,
                started_on=on,
                reason=f"移送司法机关：{organ}"[:300],
                recorded_by=actor,
            )
        transfer = JudicialTransfer.objects.create(
            case=case,
            organ=organ,
            reason=reason,
            materials=materials,
            sent_on=on,
            sent_by=actor,
            pause=pause,
        )
        before = case.state
        case.state = CaseState.JUDICIAL
        case.save(update_fields=["state"])
        record_event(
            actor=actor,
            event_type=EventType.JUDICIAL_TRANSFERRED,
            target=case,
            division=case.division,
            before={"state": before},
            after={"transfer": transfer.pk, "organ": organ, "sent_on": on},
            reason=reason,
        )
    return transfer


def _open_judicial(case) -> JudicialTransfer:
    transfer = (
        case.judicial_transfers.select_for_update().filter(answer=JudicialAnswer.PENDING).last()
    )
    if transfer is None:
        raise EnforcementError(
            ErrorCode.WRONG_STATE,
            _record(case),
            "没有待答复的移送",
            "no transfer awaits an answer",
            field="judicial_transfer",
        )
    return transfer


def record_judicial_receipt(
    *, actor, case, receipt_number: str, received_on: dt.date
) -> JudicialTransfer:
    """The receiving organ's 回执 (移送规定 第八条: the organ signs for the case)."""
    require(actor, "enforcement.handle")
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.JUDICIAL)
        transfer = _open_judicial(case)
        record = f"{_record(case)} 移送司法机关"
        if transfer.received_on:
            raise EnforcementError(
                ErrorCode.WRONG_STATE, record, "回执已记录", "receipt recorded", field="received_on"
            )
        if received_on < transfer.sent_on or received_on > today():
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                f"接收日期须在移送日期 {transfer.sent_on} 与今天之间",
                "the receipt date lies outside the transfer and today",
                field="received_on",
            )
        transfer.receipt_number = require_reason(record, receipt_number, "receipt_number", 2)
        transfer.received_on = received_on
        transfer.save(update_fields=["receipt_number", "received_on"])
        record_event(
            actor=actor,
            event_type=EventType.JUDICIAL_RECEIPT,
            target=case,
            division=case.division,
            after={"transfer": transfer.pk, "received_on": received_on},
            reason=transfer.receipt_number,
        )
    return transfer


def record_judicial_answer(
    *, actor, case, accepted: bool, note: str, on: dt.date | None = None
) -> JudicialTransfer:
    """The organ's answer: 立案 (the case stays with the organ) or 不予立案 (the case returns
    to the bureau: the suspension ends and the decision period runs again)."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.JUDICIAL)
        transfer = _open_judicial(case)
        record = f"{_record(case)} 移送司法机关"
        if transfer.received_on is None:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "须先记录接收回执",
                "record the receipt first",
                field="received_on",
            )
        if on < transfer.received_on:
            raise EnforcementError(
                ErrorCode.INVALID, record, "答复日期早于接收日期", "before receipt", field="on"
            )
        note = require_reason(record, note, "note")
        transfer.answer = JudicialAnswer.ACCEPTED if accepted else JudicialAnswer.DECLINED
        transfer.answered_on = on
        transfer.answer_note = note[:300]
        transfer.save(update_fields=["answer", "answered_on", "answer_note"])
        if not accepted:
            case.state = CaseState.INVESTIGATING if case.filed_on else CaseState.VERIFYING
            if transfer.pause_id:
                transfer.pause.ended_on = on
                transfer.pause.save(update_fields=["ended_on"])
                recompute_decision_due(case)
            case.save()
        record_event(
            actor=actor,
            event_type=EventType.JUDICIAL_ANSWER,
            target=case,
            division=case.division,
            after={
                "transfer": transfer.pk,
                "answer": transfer.answer,
                "on": on,
                "state": case.state,
                "decision_due": case.decision_due,
            },
            reason=note,
        )
    return transfer
