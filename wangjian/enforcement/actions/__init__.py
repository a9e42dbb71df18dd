"""Every change in the enforcement app, by topic: case sources, the procedure, guidance."""

from wangjian.enforcement.actions.cases import (
    approval_step,
    check_fine,
    close_hearing,
    next_stage,
    pause_case,
    publish_penalty,
    receive_transfer,
    record_execution,
    record_statement,
    resume_case,
    serve_decision,
    transfer_case,
    withdraw_publicity,
)
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.actions.guidance import (
    acknowledge_guidance,
    answer_guidance,
    issue_guidance,
    recheck_guidance,
    record_interview,
)
from wangjian.enforcement.actions.measures import (
    end_measure,
    extend_measure,
    record_judicial_answer,
    record_judicial_receipt,
    take_measure,
    transfer_to_judiciary,
)
from wangjian.enforcement.actions.records import (
    acknowledge_case_record,
    make_case_record,
    record_hearing,
)
from wangjian.enforcement.actions.sources import (
    case_from_clue,
    case_from_field_inspection,
    case_from_filed_report,
    case_from_inspection,
    case_from_sample,
    register_case,
)
from wangjian.enforcement.actions.summary import decide_on_the_spot

__all__ = [
    "EnforcementError",
    "acknowledge_case_record",
    "acknowledge_guidance",
    "answer_guidance",
    "approval_step",
    "case_from_clue",
    "case_from_field_inspection",
    "case_from_filed_report",
    "case_from_inspection",
    "case_from_sample",
    "check_fine",
    "close_hearing",
    "decide_on_the_spot",
    "end_measure",
    "extend_measure",
    "issue_guidance",
    "make_case_record",
    "next_stage",
    "pause_case",
    "publish_penalty",
    "receive_transfer",
    "recheck_guidance",
    "record_execution",
    "record_hearing",
    "record_interview",
    "record_judicial_answer",
    "record_judicial_receipt",
    "record_statement",
    "register_case",
    "resume_case",
    "serve_decision",
    "take_measure",
    "transfer_case",
    "transfer_to_judiciary",
    "withdraw_publicity",
]
