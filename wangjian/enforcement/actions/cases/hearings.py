"""告知 and statements (陈述申辩), hearings (听证) and paused intervals (中止)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases.base import _lock_active, _record, recompute_decision_due
from wangjian.enforcement.actions.common import (
    EnforcementError,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    CaseState,
    ErrorCode,
    EventType,
    Outcome,
    PauseKind,
)
from wangjian.enforcement.models import Case, Pause
from wangjian.enforcement.procedure import version_named

# --------------------------------------------------------------------------------------------
# Statements, hearings, pauses


def hearing_right(case) -> bool:
    """Whether the proposed penalty gives the party a right to a hearing (听证办法 第五条, data:
    ``procedure.yaml`` ``hearing``): heavy kinds, or a fine or confiscation from the amount."""
    rule = version_named(case.procedure_version).hearing
    if case.outcome != Outcome.PENALTY or not rule:
        return False
    if set(case.penalty_kinds) & set(rule.get("kinds", [])):
        return True
    key = "person_min_amount" if case.party_kind == "person" else "organisation_min_amount"
    threshold = Decimal(str(rule[key]))
    amounts = [
        Decimal(str(value)) for value in (case.fine_amount, case.confiscation_amount) if value
    ]
    return any(amount >= threshold for amount in amounts)


def record_statement(
    *, actor, case, statement: str, hearing_requested: bool = False, on: dt.date | None = None
) -> Case:
    """The party's 陈述、申辩 after 告知; a hearing request pauses the decision period."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.NOTIFIED)
        statement = require_reason(_record(case), statement, "statement")
        if hearing_requested and not hearing_right(case):
            rule = version_named(case.procedure_version).hearing
            raise EnforcementError(
                ErrorCode.INVALID,
                _record(case),
                f"拟作出的处罚不属于应当告知听证权利的情形。《{rule.get('instrument')}》"
                f"{rule.get('article')}：{' '.join(str(rule.get('quote', '')).split())}",
                "the proposed penalty carries no right to a hearing",
                field="hearing_requested",
            )
        if hearing_requested and case.statement_due and on > case.statement_due:
            period = version_named(case.procedure_version).period("statement_due")
            raise EnforcementError(
                ErrorCode.INVALID,
                _record(case),
                f"听证要求须在 {case.statement_due} 前提出。{period.citation}：{period.counting}",
                f"a hearing must be requested by {case.statement_due}",
                field="hearing_requested",
            )
        case.statement = statement
        case.hearing_requested = hearing_requested
        if hearing_requested:
            case.state = CaseState.HEARING
            Pause.objects.create(
                case=case,
                kind=PauseKind.HEARING,
                started_on=on,
                reason="当事人要求听证",
                recorded_by=actor,
            )
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.HEARING_REQUESTED if hearing_requested else EventType.STATEMENT,
            target=case,
            division=case.division,
            after={"on": on, "hearing_requested": hearing_requested},
            reason=statement,
        )
    return case


def close_hearing(*, actor, case, note: str, on: dt.date | None = None) -> Case:
    """End the hearing pause without a hearing record (the party withdrew its request or did
    not appear); a hearing held is recorded with ``record_hearing``."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        require_state(case, CaseState.HEARING)
        note = require_reason(_record(case), note, "note")
        pause = case.pauses.filter(kind=PauseKind.HEARING, ended_on__isnull=True).last()
        if pause is not None:
            pause.ended_on = on
            pause.save(update_fields=["ended_on"])
        case.state = CaseState.NOTIFIED
        case.statement = f"{case.statement}\n听证：{note}".strip()
        recompute_decision_due(case)
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.HEARING_HELD,
            target=case,
            division=case.division,
            after={"on": on, "decision_due": case.decision_due},
            reason=note,
        )
    return case


def pause_case(*, actor, case, kind: str, reason: str, started_on: dt.date | None = None):
    """Stop the decision clock (中止、公告、检测检验鉴定; a hearing pauses through its request)."""
    require(actor, "enforcement.handle")
    started_on = started_on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, *DECISION_CLOCK_STATES)
        if kind not in PauseKind.values:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                f"事由 {kind!r} 无效",
                "unknown pause kind",
                field="kind",
            )
        if case.pauses.filter(ended_on__isnull=True).exists():
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "已有未结束的中止期间",
                "a paused interval is still open",
                field="kind",
            )
        if case.filed_on and started_on < case.filed_on:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "起始日期早于立案日期",
                "the pause starts before the filing",
                field="started_on",
            )
        reason = require_reason(record, reason)
        pause = Pause.objects.create(
            case=case, kind=kind, started_on=started_on, reason=reason, recorded_by=actor
        )
        record_event(
            actor=actor,
            event_type=EventType.PAUSED,
            target=case,
            division=case.division,
            after={"kind": kind, "started_on": started_on},
            reason=reason,
        )
    return pause


def resume_case(*, actor, case, ended_on: dt.date | None = None) -> Case:
    """Restart the decision clock: the decision period grows by the paused days."""
    require(actor, "enforcement.handle")
    ended_on = ended_on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        pause = case.pauses.filter(ended_on__isnull=True).exclude(kind=PauseKind.HEARING).last()
        if pause is None:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "没有未结束的中止期间",
                "no open paused interval",
                field="pause",
            )
        if ended_on < pause.started_on:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "结束日期早于起始日期",
                "ends before it starts",
                field="ended_on",
            )
        pause.ended_on = ended_on
        pause.save(update_fields=["ended_on"])
        before = case.decision_due
        recompute_decision_due(case)
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.RESUMED,
            target=case,
            division=case.division,
            before={"decision_due": before},
            after={"ended_on": ended_on, "days": pause.days, "decision_due": case.decision_due},
        )
    return case
