"""Acceptance decisions (受理) and the online dispute resolution (ODR) steps."""

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
from wangjian.complaints.actions.lookup import _check_lookup
from wangjian.complaints.choices import State
from wangjian.complaints.models import Complaint, OdrParticipant
from wangjian.complaints.rules import RulesError, citation_for, clock_deadline, rule_version
from wangjian.core.audit import record_event
from wangjian.core.documents import missing_calendar_message
from wangjian.core.working_days import CalendarYearNotCovered


def decide_acceptance(
    *,
    actor,
    complaint,
    accept: bool,
    ground: str = "",
    reason: str = "",
    on: dt.date | None = None,
) -> Complaint:
    """受理 or 不予受理 (暂行办法 第十四条、第十五条).

    Refusal needs one of the version's statutory grounds; a serial-pattern flag is never one.
    """
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.RECEIVED)
    on = on or _today()
    version = rule_version(complaint.rule_version)
    chosen = None
    if not accept:
        if not ground:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 ground：不予受理须选择法定情形（"
                f"{citation_for(version.non_acceptance_grounds[0].basis)}等）；投诉行为提示不构成"
                f"不予受理理由 / {complaint.receipt_number} field ground: refusing needs a "
                "statutory ground; a flag is not one",
                field="ground",
                rule="statutory_ground",
            )
        try:
            chosen = version.ground(ground)
        except RulesError as error:
            raise ComplaintError(str(error), field="ground", rule="statutory_ground") from error
    else:
        # The 受理通知书 states the end of the mediation period: no acceptance without it.
        _require_deadline(complaint, version, "mediation_end", on, action="受理")
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.RECEIVED)
        complete_clock(complaint, "accept_decision", on)
        if accept:
            complaint.state = State.MEDIATING
            complaint.decided_on = None
            complaint.save(update_fields=["state", "decided_on", "updated_at"])
            start_clock(complaint, "mediation_end", on)
        else:
            complaint.decision_ground = chosen.key
            complaint.decision_reason = reason
            complaint.save(update_fields=["decision_ground", "decision_reason"])
            _conclude(complaint, State.NOT_ACCEPTED, on, chosen.basis)
        record_event(
            actor=actor,
            event_type="complaints.accepted" if accept else "complaints.not_accepted",
            target=complaint,
            division=complaint.division,
            before={"state": State.RECEIVED},
            after={"state": complaint.state, "ground": chosen.key if chosen else ""},
            reason=reason,
        )
    return complaint


def _require_deadline(complaint, version, step: str, on: dt.date, *, action: str) -> None:
    """Refuse a step whose outgoing notice would print a deadline nobody can compute yet."""
    try:
        clock_deadline(version, step, on)
    except CalendarYearNotCovered as missing:
        raise ComplaintError(
            f"{complaint.receipt_number}：{missing_calendar_message(missing.year, action=action)}",
            field="on",
            rule="calendar_year_not_covered",
        ) from missing


def answer_odr(*, actor, complaint, answer: str, on: dt.date | None = None) -> Complaint:
    """The respondent (enterprise or platform desk) answers within the ODR clock."""
    _require(actor, "complaints.answer_odr", complaint)
    _require_state(complaint, State.ODR)
    if not complaint.__class__.objects.respondent_side(actor).filter(pk=complaint.pk).exists():
        raise ComplaintError(
            f"{complaint.receipt_number} 非本单位被投诉件 / not a complaint against you",
            rule="respondent",
        )
    if len(answer.strip()) < 2:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 answer：答复不能为空 / answer is empty",
            field="answer",
            rule="required",
        )
    on = on or _today()
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.ODR)
        complaint.odr_answer = answer.strip()
        complaint.save(update_fields=["odr_answer", "updated_at"])
        complete_clock(complaint, "odr_negotiation", on)
        record_event(
            actor=actor,
            event_type="complaints.odr_answered",
            target=complaint,
            division=complaint.division,
            after={"answered_on": on},
        )
    return complaint


def consumer_odr_decision(
    *, complaint, lookup_code: str, accept: bool, on: dt.date | None = None
) -> Complaint:
    """The consumer accepts the ODR answer (和解) or escalates to the bureau."""
    _check_lookup(complaint, lookup_code)
    _require_state(complaint, State.ODR)
    on = on or _today()
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.ODR)
        complete_clock(complaint, "odr_negotiation", on)
        complaint.odr_outcome = "accepted" if accept else "escalated"
        complaint.save(update_fields=["odr_outcome"])
        if accept:
            _conclude(complaint, State.SETTLED_ODR, on)
        else:
            complaint.state = State.RECEIVED
            complaint.save(update_fields=["state", "updated_at"])
            # The regulator's 7 working days run from the escalation: ODR time is not counted.
            start_clock(complaint, "accept_decision", on)
        record_event(
            actor=None,
            event_type="complaints.odr_decided",
            target=complaint,
            division=complaint.division,
            after={"odr_outcome": complaint.odr_outcome, "state": complaint.state},
        )
    return complaint


def escalate_overdue_odr(*, actor, complaint, on: dt.date | None = None) -> Complaint:
    """The ODR clock ran out without an answer: the bureau takes the complaint."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.ODR)
    on = on or _today()
    clock = complaint.clocks.get(step="odr_negotiation")
    if clock.completed_on is None and (clock.due_on is None or on <= clock.due_on):
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 on：ODR和解期限（{clock.due_on}）未届满 / the ODR "
            f"period runs until {clock.due_on}",
            field="on",
            rule="odr_period",
        )
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.ODR)
        complete_clock(complaint, "odr_negotiation", on)
        complaint.state = State.RECEIVED
        complaint.odr_outcome = "expired"
        complaint.save(update_fields=["state", "odr_outcome", "updated_at"])
        start_clock(complaint, "accept_decision", on)
        record_event(
            actor=actor,
            event_type="complaints.odr_expired",
            target=complaint,
            division=complaint.division,
            after={"state": complaint.state},
        )
    return complaint


def register_odr_participant(*, actor, on: dt.date, entity=None, platform=None):
    _require(actor, "complaints.manage_odr")
    if (entity is None) == (platform is None):
        raise ComplaintError(
            "ODR单位须为一个市场主体或一个平台 / an ODR participant is one entity or one platform",
            field="entity",
            rule="one_of",
        )
    with transaction.atomic():
        participant, _created = OdrParticipant.objects.get_or_create(
            entity=entity, platform=platform, defaults={"joined_on": on}
        )
        record_event(
            actor=actor,
            event_type="complaints.odr_participant",
            target=participant,
            after={"joined_on": participant.joined_on},
        )
    return participant
