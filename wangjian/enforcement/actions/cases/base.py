"""The case lock, record name and statutory clocks shared by every step of the procedure."""

import datetime as dt

from wangjian.core.working_days import CalendarYearNotCovered
from wangjian.enforcement.actions.common import EnforcementError, lock_case
from wangjian.enforcement.choices import DECISION_CLOCK_STATES, CaseState, ErrorCode, Stage, Subject
from wangjian.enforcement.models import Case
from wangjian.enforcement.procedure import period_deadline, version_named

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
