"""The ordinary procedure of a case, by topic: ``approvals`` (approval rounds 承办人 → 审核 →
负责人, filing and the decision), ``proposals`` (the handler's proposal checked against the
penalty article), ``hearings`` (告知 and statements, hearings and other paused intervals),
``execution`` (service, execution, publicity through the credit record) and ``transfer`` (to
another bureau); the case lock, record name and clocks shared by all of them live in ``base``.

Every public name, and the helpers the other enforcement action modules use, is re-exported
here, so ``from wangjian.enforcement.actions.cases import x`` keeps working.
"""

from wangjian.enforcement.actions.cases.approvals import (
    approval_step,
    current_round,
    next_stage,
    publicity_key,
    publishable,
    role_for_stage,
    round_is_open,
)
from wangjian.enforcement.actions.cases.base import (
    STAGE_CAPABILITY,
    STAGE_ROLE_TEXT,
    SUBJECT_STATES,
    _deadline,
    _lock_active,
    _record,
    paused_days,
    recompute_decision_due,
)
from wangjian.enforcement.actions.cases.execution import (
    credit_severity,
    late_fee,
    publish_penalty,
    record_execution,
    serve_decision,
    withdraw_publicity,
)
from wangjian.enforcement.actions.cases.hearings import (
    close_hearing,
    hearing_right,
    pause_case,
    record_statement,
    resume_case,
)
from wangjian.enforcement.actions.cases.proposals import _decimal, check_fine
from wangjian.enforcement.actions.cases.transfer import receive_transfer, transfer_case

__all__ = [
    "STAGE_CAPABILITY",
    "STAGE_ROLE_TEXT",
    "SUBJECT_STATES",
    "_deadline",
    "_decimal",
    "_lock_active",
    "_record",
    "approval_step",
    "check_fine",
    "close_hearing",
    "credit_severity",
    "current_round",
    "hearing_right",
    "late_fee",
    "next_stage",
    "pause_case",
    "paused_days",
    "publicity_key",
    "publish_penalty",
    "publishable",
    "receive_transfer",
    "recompute_decision_due",
    "record_execution",
    "record_statement",
    "resume_case",
    "role_for_stage",
    "round_is_open",
    "serve_decision",
    "transfer_case",
    "withdraw_publicity",
]
