"""Approval rounds (承办人 → 审核 → 负责人), case filing (立案) and the decision (决定)."""

import datetime as dt

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.choices import Role
from wangjian.enforcement.actions.cases.base import (
    STAGE_CAPABILITY,
    STAGE_ROLE_TEXT,
    SUBJECT_STATES,
    _deadline,
    _internal_deadline,
    _lock_active,
    _record,
    recompute_decision_due,
)
from wangjian.enforcement.actions.cases.proposals import _apply_proposal, _validate_proposal
from wangjian.enforcement.actions.common import (
    EnforcementError,
    next_number,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    SUBJECT_STAGES,
    CaseState,
    ErrorCode,
    EventType,
    Outcome,
    PenaltyKind,
    Stage,
    Subject,
)
from wangjian.enforcement.models import Approval, Case
from wangjian.enforcement.procedure import same_province, version_named

# --------------------------------------------------------------------------------------------
# Approval rounds


def current_round(case, subject) -> tuple[int, list[Approval]]:
    """The number of the subject's latest round and its steps (may be closed)."""
    steps = list(case.approvals.filter(subject=subject).order_by("created_at", "id"))
    if not steps:
        return 0, []
    number = steps[-1].round
    return number, [step for step in steps if step.round == number]


def round_is_open(subject, steps) -> bool:
    if not steps:
        return False
    if any(not step.agreed for step in steps):
        return False
    return len(steps) < len(SUBJECT_STAGES[subject])


def next_stage(case, subject) -> str:
    _number, steps = current_round(case, subject)
    if not round_is_open(subject, steps):
        return Stage.PROPOSE
    return SUBJECT_STAGES[subject][len(steps)]


def _check_role(actor, case, subject, stage, steps) -> None:
    record = _record(case)
    zh, en = STAGE_ROLE_TEXT[stage]
    if not actor.has_capability(STAGE_CAPABILITY[stage]):
        raise EnforcementError(
            ErrorCode.WRONG_ROLE,
            record,
            f"{Subject(subject).label}的“{Stage(stage).label}”须由{zh}办理，"
            f"您的角色为{actor.get_role_display()}",
            f"{subject}/{stage} belongs to {en}; your role is {actor.role}",
            field="stage",
        )
    if stage == Stage.PROPOSE and actor.pk != case.handler_id:
        raise EnforcementError(
            ErrorCode.NOT_HANDLER,
            record,
            f"本案承办人为{case.handler}",
            f"the officer is {case.handler.get_username()}",
            field="stage",
        )
    if stage == Stage.REVIEW and steps and steps[0].actor_id == actor.pk:
        raise EnforcementError(ErrorCode.SAME_PERSON, record, field="stage")


def approval_step(
    *,
    actor,
    case,
    subject: str,
    stage: str,
    opinion: str,
    agreed: bool = True,
    payload: dict | None = None,
    on: dt.date | None = None,
) -> Case:
    """One step of an approval round. The officer proposes (with the payload: whether to file,
    the proposed outcome and fine, the extension), the reviewer reviews, the head approves;
    a disagreement ends the round and returns the matter to the officer."""
    if subject not in SUBJECT_STAGES or stage not in Stage.values:
        raise EnforcementError(
            ErrorCode.INVALID,
            f"案件 #{case.pk}",
            f"审批事项 {subject!r}/{stage!r} 无效",
            "unknown subject or stage",
            field="subject",
        )
    require(actor, "enforcement.view_case")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, *SUBJECT_STATES[subject])
        number, steps = current_round(case, subject)
        open_round = round_is_open(subject, steps)
        _check_role(actor, case, subject, stage, steps if open_round else [])
        expected = SUBJECT_STAGES[subject][len(steps)] if open_round else Stage.PROPOSE
        if stage != expected:
            raise EnforcementError(
                ErrorCode.OUT_OF_ORDER,
                record,
                f"{Subject(subject).label}下一步应为“{Stage(expected).label}”",
                f"the next step of {subject} is {expected}",
                field="stage",
            )
        if subject == Subject.PROPOSAL and stage == Stage.PROPOSE:
            require_state(case, CaseState.INVESTIGATING)
        opinion = require_reason(record, opinion, "opinion", minimum=2)
        payload = dict(payload or {})
        if stage == Stage.PROPOSE:
            number += 1
            payload = _validate_payload(case, subject, payload, on)
        elif open_round:
            payload = steps[0].payload
        step = Approval.objects.create(
            case=case,
            subject=subject,
            stage=stage,
            round=number,
            actor=actor,
            role=actor.role,
            agreed=agreed,
            opinion=opinion,
            payload=payload if stage == Stage.PROPOSE else {},
            on=on,
        )
        record_event(
            actor=actor,
            event_type=EventType.APPROVAL,
            target=case,
            division=case.division,
            after={"subject": subject, "stage": stage, "round": number, "agreed": agreed},
            reason=opinion,
        )
        _after_step(actor, case, subject, step, payload, on)
        case.save()
    return case


def _validate_payload(case, subject, payload: dict, on: dt.date) -> dict:
    record = _record(case)
    if subject == Subject.FILING:
        if not isinstance(payload.get("file"), bool):
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须写明是否立案",
                "say whether to file the case",
                field="file",
            )
        articles = payload.get("violated_articles")
        return {"file": payload["file"], "violated_articles": list(articles or [])}
    if subject == Subject.PROPOSAL:
        return _validate_proposal(case, payload)
    if subject == Subject.DECISION:
        if case.statement_due and on <= case.statement_due and not case.statement:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                f"陈述申辩期限 {case.statement_due} 未届满，且当事人尚未陈述申辩",
                f"the statement period runs until {case.statement_due}",
                field="statement_due",
            )
        education = (payload.get("education_record") or "").strip()
        if case.outcome == Outcome.NO_PENALTY and not education:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "不予行政处罚须记录对当事人的教育（行政处罚法 第三十三条第三款）",
                "a no-penalty decision records the party's education (art. 33(3))",
                field="education_record",
            )
        return {"education_record": education, "reason": payload.get("reason", "")}
    if subject == Subject.EXTENSION:
        period = version_named(case.procedure_version).period("decision_due")
        days = period.extension.get("amount", 0)
        if case.extended_days >= days:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                record,
                "已经负责人批准延长；再延长须负责人集体讨论决定并确定期限",
                "already extended; a further extension needs the heads' collective decision",
                field="extended_days",
            )
        return {"days": days, "basis": period.extension.get("basis", "")}
    if (
        subject == Subject.CLOSING
        and case.outcome == Outcome.PENALTY
        and case.state != CaseState.EXECUTED
    ):
        raise EnforcementError(
            ErrorCode.WRONG_STATE,
            record,
            "处罚决定尚未执行完毕，不能结案",
            "the penalty is not executed yet",
            field="state",
        )
    return {}


def _after_step(actor, case, subject, step: Approval, payload: dict, on: dt.date) -> None:
    if subject == Subject.PROPOSAL and step.stage == Stage.PROPOSE:
        _apply_proposal(case, payload, on)
        case.state = CaseState.REVIEWING
        case.review_due = _deadline(case, "legal_review_due", on)
        return
    if not step.agreed:
        if subject == Subject.PROPOSAL:
            case.state = CaseState.INVESTIGATING
        record_event(
            actor=actor,
            event_type=EventType.RETURNED,
            target=case,
            division=case.division,
            after={"subject": subject, "stage": step.stage},
            reason=step.opinion,
        )
        return
    if step.stage != Stage.APPROVE:
        return
    if subject == Subject.FILING:
        _file(actor, case, payload, on)
    elif subject == Subject.PROPOSAL:
        case.state = CaseState.NOTIFIED
        case.notified_on = on
        case.statement_due = _deadline(case, "statement_due", on)
        record_event(
            actor=actor,
            event_type=EventType.NOTIFIED,
            target=case,
            division=case.division,
            after={"notified_on": on, "statement_due": case.statement_due},
        )
    elif subject == Subject.DECISION:
        _decide(actor, case, payload, on)
    elif subject == Subject.EXTENSION:
        before = case.decision_due
        case.extended_days += payload["days"]
        recompute_decision_due(case)
        record_event(
            actor=actor,
            event_type=EventType.EXTENDED,
            target=case,
            division=case.division,
            before={"decision_due": before},
            after={"decision_due": case.decision_due, "basis": payload.get("basis")},
        )
    elif subject == Subject.CLOSING:
        case.state = CaseState.CLOSED
        case.closed_on = on
        record_event(
            actor=actor,
            event_type=EventType.CLOSED,
            target=case,
            division=case.division,
            after={"closed_on": on},
        )


def _file(actor, case, payload: dict, on: dt.date) -> None:
    if payload.get("violated_articles"):
        case.violated_articles = payload["violated_articles"]
    if not payload["file"]:
        case.state = CaseState.NOT_FILED
        record_event(
            actor=actor,
            event_type=EventType.NOT_FILED,
            target=case,
            division=case.division,
            after={"on": on},
        )
        return
    case.state = CaseState.INVESTIGATING
    case.filed_on = on
    case.number = next_number(case.division, "filing", on.year)
    recompute_decision_due(case)
    record_event(
        actor=actor,
        event_type=EventType.FILED,
        target=case,
        division=case.division,
        after={"number": case.number, "filed_on": on, "decision_due": case.decision_due},
    )


def publicity_key(case) -> str:
    bureau = case.division.code
    party = case.party_division_code or bureau
    return "publicity_due" if same_province(bureau, party) else "publicity_push_due"


def publishable(case) -> bool:
    """Only penalties of the ordinary procedure are published, and not a warning alone
    (公示规定 第二条)."""
    return (
        not case.summary_procedure
        and case.outcome == Outcome.PENALTY
        and set(case.penalty_kinds) != {PenaltyKind.WARNING}
    )


def _decide(actor, case, payload: dict, on: dt.date) -> None:
    case.state = CaseState.DECIDED
    case.decided_on = on
    case.education_record = payload.get("education_record", "")
    case.decision_reason = payload.get("reason", "")
    case.decision_number = next_number(case.division, "decision", on.year)
    if publishable(case):
        key = publicity_key(case)
        case.publicity_due = _internal_deadline(case, key, on)
        case.publicity_rule = version_named(case.procedure_version).period(key).basis
    record_event(
        actor=actor,
        event_type=EventType.DECIDED,
        target=case,
        division=case.division,
        after={
            "decision_number": case.decision_number,
            "outcome": case.outcome,
            "fine_amount": case.fine_amount,
            "decided_on": on,
            "publicity_due": case.publicity_due,
            "exemption_proposal": (case.exemption_answer or {}).get("proposal"),
        },
        reason=case.decision_reason,
    )


def role_for_stage(stage: str) -> set[str]:
    """Roles that may take ``stage`` (for pages: which buttons a user sees)."""
    from wangjian.core.roles import role_has_capability

    return {role for role in Role.values if role_has_capability(role, STAGE_CAPABILITY[stage])}
