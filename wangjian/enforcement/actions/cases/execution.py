"""Service (送达), execution (执行) and publicity (公示) through the credit record."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases.approvals import publishable
from wangjian.enforcement.actions.cases.base import _internal_deadline, _lock_active, _record
from wangjian.enforcement.actions.common import (
    EnforcementError,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    HEAVY_PENALTY_KINDS,
    CaseState,
    ErrorCode,
    EventType,
    PenaltyKind,
)
from wangjian.enforcement.models import Case
from wangjian.enforcement.procedure import version_named

# --------------------------------------------------------------------------------------------
# Service, execution, publicity


def serve_decision(*, actor, case, on: dt.date | None = None, method: str = "直接送达") -> Case:
    """送达 of the decision; a fine falls due 15 days after (行政处罚法 第六十七条)."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.DECIDED)
        if on < case.decided_on:
            raise EnforcementError(
                ErrorCode.INVALID,
                _record(case),
                "送达日期早于决定日期",
                "served before the decision",
                field="on",
            )
        case.state = CaseState.SERVED
        case.served_on = on
        if PenaltyKind.FINE in case.penalty_kinds:
            case.payment_due = _internal_deadline(case, "payment_due", on)
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.SERVED,
            target=case,
            division=case.division,
            after={"served_on": on, "method": method, "payment_due": case.payment_due},
        )
    return case


def record_execution(*, actor, case, note: str, on: dt.date | None = None) -> Case:
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.SERVED)
        note = require_reason(_record(case), note, "note")
        case.state = CaseState.EXECUTED
        case.executed_on = on
        case.execution_note = note[:300]
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.EXECUTED,
            target=case,
            division=case.division,
            after={"executed_on": on, "late": bool(case.payment_due and on > case.payment_due)},
            reason=note,
        )
    return case


def late_fee(case, on: dt.date) -> Decimal | None:
    """加处罚款 accrued by ``on`` on an unpaid fine: the rate per day after the payment deadline,
    capped at the fine (行政处罚法 第七十二条; data: ``payment_due.late_fee``)."""
    if case.fine_amount is None or case.payment_due is None or case.executed_on is not None:
        return None
    days = (on - case.payment_due).days
    if days <= 0:
        return Decimal("0")
    rule = version_named(case.procedure_version).period("payment_due").late_fee
    fine = Decimal(str(case.fine_amount))
    accrued = fine * Decimal(str(rule["percent_per_day"])) / 100 * days
    return min(accrued, fine) if rule.get("capped_at_fine") else accrued


def credit_severity(case) -> str:
    from wangjian.credit.choices import Severity

    kinds = set(case.penalty_kinds)
    if kinds & HEAVY_PENALTY_KINDS:
        return Severity.HEAVY
    if kinds == {PenaltyKind.WARNING}:
        return Severity.WARNING
    if kinds <= {PenaltyKind.WARNING, PenaltyKind.CRITICISM}:
        return Severity.LOW
    return Severity.ORDINARY


def publish_penalty(*, actor, case, on: dt.date | None = None) -> Case:
    """公示: the penalty becomes a credit event through credit's own action, with its
    publicity period from credit's rules (行政处罚信息公示规定 第二条、第十三条)."""
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.choices import CreditEventKind

    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(
            case, CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTED, CaseState.CLOSED
        )
        if not publishable(case):
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "仅适用普通程序作出的行政处罚予以公示，"
                "仅受警告或不予处罚的不予公示（公示规定 第二条）",
                "only penalties other than a warning alone are published",
                field="outcome",
            )
        if case.published_on is not None:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                f"已于 {case.published_on} 公示",
                "already published",
                field="published_on",
            )
        if case.entity_id is not None:
            kinds = "、".join(str(PenaltyKind(kind).label) for kind in case.penalty_kinds)
            fine = f"，罚款 {case.fine_amount} 元" if case.fine_amount else ""
            case.credit_event = record_credit_event(
                actor=actor,
                entity=case.entity,
                kind=CreditEventKind.PENALTY,
                occurred_on=case.decided_on,
                legal_basis=case.penalty_article,
                summary=f"{case.decision_number}：{kinds}{fine}。{case.conduct[:150]}",
                source_app="enforcement",
                source_type="case",
                source_id=str(case.pk),
                severity=credit_severity(case),
                details={
                    "decision_number": case.decision_number,
                    "case_number": case.number,
                    "publicity_due": case.publicity_due.isoformat() if case.publicity_due else None,
                },
            )
        case.published_on = on
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.PUBLISHED,
            target=case,
            division=case.division,
            after={
                "published_on": on,
                "publicity_due": case.publicity_due,
                "timely": case.publicity_due is None or on <= case.publicity_due,
                "credit_event": case.credit_event_id,
            },
        )
    return case


def withdraw_publicity(
    *, actor, case, reason: str, changed_on: dt.date, on: dt.date | None = None
) -> Case:
    """撤回公示: the decision was changed, revoked, or held unlawful or void on ``changed_on``;
    the published record is withdrawn through credit's action within 3 working days
    (公示规定 第十一条; the audit event says whether it was in time)."""
    from wangjian.credit.actions import withdraw_credit_event

    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        if case.published_on is None or case.publicity_withdrawn_on is not None:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "没有可撤回的公示信息",
                "nothing published to withdraw",
                field="published_on",
            )
        reason = require_reason(record, reason)
        if changed_on < case.decided_on or on < changed_on:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "变更日期须在决定日期与撤回日期之间",
                "the change date must fall between the decision and the withdrawal",
                field="changed_on",
            )
        due = _internal_deadline(case, "publicity_withdrawal_due", changed_on)
        if case.credit_event_id is not None:
            withdraw_credit_event(
                actor=actor, event=case.credit_event, withdrawn_on=on, reason=reason
            )
        case.decision_changed_on = changed_on
        case.publicity_withdrawn_on = on
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.PUBLICITY_WITHDRAWN,
            target=case,
            division=case.division,
            after={
                "changed_on": changed_on,
                "withdrawn_on": on,
                "due": due,
                "timely": due is not None and on <= due,
            },
            reason=reason,
        )
    return case
