"""Mediation (调解): sessions, testing pauses, agreement, termination and notices."""

import datetime as dt

from django.db import transaction

from wangjian.complaints.actions.clocks import complete_clock, start_clock
from wangjian.complaints.actions.common import (
    ComplaintError,
    _conclude,
    _lock_in_state,
    _require,
    _require_state,
    _today,
)
from wangjian.complaints.choices import State
from wangjian.complaints.models import ClockStep, Complaint, MediationSession
from wangjian.complaints.rules import RulesError, clock_deadline, rule_version
from wangjian.core.audit import record_event
from wangjian.core.working_days import CalendarYearNotCovered, working_days_between


def record_session(*, actor, complaint, held_on: dt.date, mode: str, notes: str):
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.MEDIATING)
        session = MediationSession.objects.create(
            complaint=complaint, held_on=held_on, mode=mode, notes=notes, recorded_by=actor
        )
        record_event(
            actor=actor,
            event_type="complaints.mediation_session",
            target=complaint,
            division=complaint.division,
            after={"held_on": held_on, "mode": mode},
        )
    return session


def start_testing(*, actor, complaint, on: dt.date) -> ClockStep:
    """检定、检验、检测、鉴定 begins: the mediation clock stops (暂行办法 第二十条)."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.MEDIATING)
        clock = complaint.clocks.select_for_update().get(step="mediation_end")
        if clock.paused_on is not None:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 on：检测已于{clock.paused_on}开始 / testing "
                "already running",
                field="on",
                rule="testing",
            )
        clock.paused_on = on
        clock.save(update_fields=["paused_on"])
        record_event(
            actor=actor,
            event_type="complaints.testing_started",
            target=complaint,
            division=complaint.division,
            after={"on": on},
        )
    return clock


def end_testing(*, actor, complaint, on: dt.date) -> ClockStep:
    """Testing ends: the working days it took are added to the mediation period."""
    _require(actor, "complaints.handle", complaint)
    with transaction.atomic():
        clock = complaint.clocks.select_for_update().get(step="mediation_end")
        if clock.paused_on is None or on < clock.paused_on:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 on：没有进行中的检测，或结束日早于开始日 / no "
                "testing running, or it ends before it began",
                field="on",
                rule="testing",
            )
        excluded = working_days_between(clock.paused_on, on)
        clock.excluded_working_days += excluded
        version = rule_version(complaint.rule_version)
        try:
            computed = clock_deadline(
                version,
                "mediation_end",
                clock.started_on,
                extra_working_days=clock.excluded_working_days,
            )
            clock.due_on, clock.basis, clock.calendar_note = computed.due, list(computed.basis), ""
        except CalendarYearNotCovered as missing:
            clock.due_on, clock.calendar_note = None, str(missing)[:300]
        clock.paused_on = None
        clock.save(
            update_fields=["excluded_working_days", "due_on", "basis", "calendar_note", "paused_on"]
        )
        record_event(
            actor=actor,
            event_type="complaints.testing_ended",
            target=complaint,
            division=complaint.division,
            after={"excluded_working_days": excluded, "due_on": clock.due_on},
        )
    return clock


def record_agreement(*, actor, complaint, result: str, on: dt.date | None = None) -> Complaint:
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    on = on or _today()
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.MEDIATING)
        complete_clock(complaint, "mediation_end", on)
        complaint.mediation_result = result
        complaint.save(update_fields=["mediation_result"])
        _conclude(complaint, State.AGREED, on)
        record_event(
            actor=actor,
            event_type="complaints.agreed",
            target=complaint,
            division=complaint.division,
            after={"state": State.AGREED},
        )
    return complaint


def terminate_mediation(
    *, actor, complaint, ground: str, reason: str, on: dt.date | None = None
) -> Complaint:
    """终止调解 with a ground from the data (暂行办法 第二十一条); the notice clock starts."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    version = rule_version(complaint.rule_version)
    try:
        chosen = version.ground(ground, termination=True)
    except RulesError as error:
        raise ComplaintError(str(error), field="ground", rule="termination_ground") from error
    on = on or _today()
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.MEDIATING)
        complete_clock(complaint, "mediation_end", on)
        complaint.decision_ground = chosen.key
        complaint.decision_reason = reason
        complaint.save(update_fields=["decision_ground", "decision_reason"])
        _conclude(complaint, State.TERMINATED, on, chosen.basis)
        start_clock(complaint, "termination_notice", on)
        record_event(
            actor=actor,
            event_type="complaints.terminated",
            target=complaint,
            division=complaint.division,
            after={"ground": chosen.key},
            reason=reason,
        )
    return complaint


def record_notice_sent(*, actor, complaint, step: str, on: dt.date | None = None):
    """A notice went out (终止调解告知, 告知实名举报人): the step's clock completes."""
    _require(actor, "complaints.handle", complaint)
    if step not in ("termination_notice", "reporter_notice"):
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 step：无此告知环节 {step!r} / unknown notice step",
            field="step",
            rule="choice",
        )
    on = on or _today()
    with transaction.atomic():
        row = complete_clock(complaint, step, on)
        if row is None:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 step：{step} 无待办时限 / no open clock {step}",
                field="step",
                rule="state",
            )
        record_event(
            actor=actor,
            event_type="complaints.notice_sent",
            target=complaint,
            division=complaint.division,
            after={"step": step, "on": on, "timely": row.timely},
        )
    return row
