"""The ordinary procedure of a case: approval rounds (承办人 → 审核 → 负责人), 告知 and
statements, hearings and other paused intervals, the decision, service, execution, publicity
through the credit record, closing, and transfer to another bureau."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.choices import Role
from wangjian.core.working_days import CalendarYearNotCovered
from wangjian.enforcement import exemptions
from wangjian.enforcement.actions.common import (
    EnforcementError,
    bureau_of,
    lock_case,
    next_number,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    HEAVY_PENALTY_KINDS,
    SUBJECT_STAGES,
    CaseState,
    ErrorCode,
    EventType,
    NoPenaltyGround,
    Outcome,
    PauseKind,
    PenaltyKind,
    Stage,
    Subject,
)
from wangjian.enforcement.models import Approval, Case, Pause, Transfer
from wangjian.enforcement.procedure import period_deadline, same_province, version_named
from wangjian.enforcement.rules import fine_rule

STAGE_CAPABILITY = {
    Stage.PROPOSE: "enforcement.handle",
    Stage.REVIEW: "enforcement.review",
    Stage.APPROVE: "enforcement.approve",
}
STAGE_ROLE_TEXT = {
    Stage.PROPOSE: ("承办人（监管人员）", "the case officer"),
    Stage.REVIEW: ("审核人员", "a reviewer"),
    Stage.APPROVE: ("负责人（科室负责人）", "the head (section chief)"),
}
# The state each subject's round runs in.
SUBJECT_STATES = {
    Subject.FILING: (CaseState.VERIFYING,),
    Subject.PROPOSAL: (CaseState.INVESTIGATING, CaseState.REVIEWING),
    Subject.DECISION: (CaseState.NOTIFIED,),
    Subject.EXTENSION: DECISION_CLOCK_STATES,
    Subject.CLOSING: (CaseState.SERVED, CaseState.EXECUTED),
}


def _record(case) -> str:
    return f"案件 {case.display_number}"


def _calendar_error(case, error: CalendarYearNotCovered) -> EnforcementError:
    return EnforcementError(
        ErrorCode.CALENDAR, _record(case), str(error)[:200], f"year {error.year}", field="date"
    )


def _lock_active(actor, case) -> Case:
    case = lock_case(actor, case)
    if case.transfer_pending:
        raise EnforcementError(
            ErrorCode.WRONG_STATE,
            _record(case),
            "移送尚待接收机关签收",
            "the transfer awaits the receiving bureau's receipt",
            field="transfer_pending",
        )
    return case


# --------------------------------------------------------------------------------------------
# Clocks


def recompute_decision_due(case) -> None:
    """办案期限: 90 days from 立案 plus the approved extension plus the closed paused intervals
    (not stored on the row until saved by the caller)."""
    if case.filed_on is None:
        return
    period = version_named(case.procedure_version).period("decision_due")
    paused = sum(pause.days or 0 for pause in case.pauses.all())
    try:
        case.decision_due = period_deadline(
            period, case.filed_on, extra_days=case.extended_days + paused
        ).due
    except CalendarYearNotCovered as error:
        case.decision_due, case.calendar_note = None, str(error)[:300]


def paused_days(case) -> int:
    return sum(pause.days or 0 for pause in case.pauses.all())


def _deadline(case, key: str, start: dt.date) -> dt.date:
    period = version_named(case.procedure_version).period(key)
    try:
        return period_deadline(period, start).due
    except CalendarYearNotCovered as error:
        raise _calendar_error(case, error) from error


def _internal_deadline(case, key: str, start: dt.date) -> dt.date | None:
    """A deadline kept for the bureau's own follow-up (payment, publicity): when its year's
    working-day table is missing it stays blank with the reason, and is never guessed."""
    period = version_named(case.procedure_version).period(key)
    try:
        return period_deadline(period, start).due
    except CalendarYearNotCovered as error:
        case.calendar_note = str(error)[:300]
        return None


# --------------------------------------------------------------------------------------------
# Proposal validation


def _decimal(record: str, value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            f"{value!r} 不是金额",
            f"{value!r} is not an amount",
            field=field,
        ) from error
    if amount < 0:
        raise EnforcementError(
            ErrorCode.INVALID, record, "金额不能为负", "an amount cannot be negative", field=field
        )
    return amount


def check_fine(record: str, penalty_article: str, fine, base=None) -> None:
    """Refuse a fine outside the penalty article's range, quoting the article."""
    rule = fine_rule(penalty_article)
    if rule is None:
        raise EnforcementError(
            ErrorCode.FINE_RULE_UNKNOWN,
            record,
            f"处罚依据 {penalty_article} 未载入罚款幅度（enforcement/data/fines.yaml）",
            f"no fine range for {penalty_article}",
            field="penalty_article",
        )
    low, high = rule.bounds(base)
    if fine < low or fine > high:
        base_text = f"（{rule.base} {base} 元）" if base else ""
        raise EnforcementError(
            ErrorCode.FINE_OUT_OF_RANGE,
            record,
            f"罚款 {fine} 元不在 {low}–{high} 元之间{base_text}。{rule.citation}：{rule.quote}",
            f"a fine of {fine} is outside {low}–{high} under {rule.basis}",
            field="fine_amount",
        )


def _validate_proposal(case, payload: dict) -> dict:
    record = _record(case)
    outcome = payload.get("outcome")
    if outcome not in Outcome.values:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "处理结果须为行政处罚或不予行政处罚",
            "outcome must be penalty or no_penalty",
            field="outcome",
        )
    article = (payload.get("penalty_article") or case.penalty_article or "").strip()
    clean = {"outcome": outcome, "penalty_article": article}
    if outcome == Outcome.PENALTY:
        kinds = list(payload.get("penalty_kinds") or [])
        if not kinds or any(kind not in PenaltyKind.values for kind in kinds):
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须选择处罚种类",
                "choose the penalty kinds",
                field="penalty_kinds",
            )
        if ":" not in article:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须写明处罚依据条文",
                "give the penalty article",
                field="penalty_article",
            )
        fine = _decimal(record, payload.get("fine_amount"), "fine_amount")
        base = _decimal(record, payload.get("fine_base_amount"), "fine_base_amount")
        if PenaltyKind.FINE in kinds:
            if fine is None:
                raise EnforcementError(
                    ErrorCode.INVALID,
                    record,
                    "罚款须写明金额",
                    "a fine needs its amount",
                    field="fine_amount",
                )
            check_fine(record, article, fine, base)
        clean.update(
            penalty_kinds=kinds,
            fine_amount=str(fine) if fine is not None else None,
            fine_base_amount=str(base) if base is not None else None,
            confiscation_amount=str(
                _decimal(record, payload.get("confiscation_amount"), "confiscation_amount") or ""
            )
            or None,
        )
    else:
        ground = payload.get("no_penalty_ground")
        if ground not in NoPenaltyGround.values:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "须写明不予处罚的理由（第三十三条）",
                "give the ground for no penalty",
                field="no_penalty_ground",
            )
        clean["no_penalty_ground"] = ground
    clean["facts"] = {"corrected": payload.get("corrected"), "harm": payload.get("harm")}
    return clean


def _apply_proposal(case, clean: dict, on: dt.date) -> None:
    case.outcome = clean["outcome"]
    case.penalty_article = clean["penalty_article"]
    case.penalty_kinds = clean.get("penalty_kinds", [])
    case.fine_amount = clean.get("fine_amount")
    case.fine_base_amount = clean.get("fine_base_amount")
    case.confiscation_amount = clean.get("confiscation_amount")
    case.no_penalty_ground = clean.get("no_penalty_ground", "")
    facts = clean["facts"]
    case.exemption_answer = exemptions.assess(
        case, corrected=facts.get("corrected"), harm=facts.get("harm"), on=on
    )


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


# --------------------------------------------------------------------------------------------
# Transfer


def transfer_case(*, actor, case, to_division, reason: str, on: dt.date | None = None) -> Case:
    """移送 to the bureau of ``to_division`` (the head's decision). The sender keeps read
    access; the receiver signs for it before acting."""
    require(actor, "enforcement.approve")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, CaseState.VERIFYING, *DECISION_CLOCK_STATES)
        reason = require_reason(record, reason)
        target, unit = bureau_of(to_division)
        if case.division.path.startswith(target.path) or target.path.startswith(case.division.path):
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "接收机关须为其他辖区的市场监管部门",
                "the receiving bureau must be another jurisdiction's",
                field="to_division",
            )
        Transfer.objects.create(
            case=case,
            from_division=case.division,
            to_division=target,
            reason=reason,
            sent_on=on,
            sent_by=actor,
        )
        record_event(
            actor=actor,
            event_type=EventType.TRANSFERRED,
            target=case,
            division=case.division,
            before={"division": case.division.code},
            after={"division": target.code, "on": on},
            reason=reason,
        )
        case.division = target
        case.org_unit = unit
        case.transfer_pending = True
        case.save()
    return case


def receive_transfer(*, actor, case, on: dt.date | None = None) -> Case:
    """The receiving bureau signs for a transferred case; the receiver becomes its officer."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = lock_case(actor, case)
        if not case.transfer_pending:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                _record(case),
                "没有待接收的移送",
                "no transfer to receive",
                field="transfer_pending",
            )
        transfer = case.transfers.filter(received_on__isnull=True).last()
        transfer.received_on = on
        transfer.received_by = actor
        transfer.save(update_fields=["received_on", "received_by"])
        case.transfer_pending = False
        case.handler = actor
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.TRANSFER_RECEIVED,
            target=case,
            division=case.division,
            after={"received_on": on, "from": transfer.from_division.code},
        )
    return case


def role_for_stage(stage: str) -> set[str]:
    """Roles that may take ``stage`` (for pages: which buttons a user sees)."""
    from wangjian.core.roles import role_has_capability

    return {role for role in Role.values if role_has_capability(role, STAGE_CAPABILITY[stage])}
