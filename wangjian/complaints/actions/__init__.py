"""Every change to complaints and reports, by topic: ``intake`` (filing, receipt numbers),
``clocks`` (statutory working-day clocks), ``evidence`` (attachments), ``screening`` (duplicates
and serial flags), ``lookup`` (the consumer's lookup code), ``decisions`` (acceptance and ODR),
``mediation``, ``reports`` (case filing, clues, jurisdiction, advertising transfer),
``hotspots`` (hot spots and consumer warnings) and ``handling`` (承办人 and 送达记录); shared
refusals and checks live in ``common``.

Each action takes a keyword-only ``actor`` (None for the public form and the consumer's own
steps, which are identified by receipt number and lookup code), runs in one transaction and
writes its audit event inside it; outcome announcements to other apps run on commit. Every
public name is re-exported here, so ``from wangjian.complaints.actions import x`` keeps working.
"""

from wangjian.complaints.actions.clocks import complete_clock, recompute_clocks, start_clock
from wangjian.complaints.actions.common import ComplaintError, complainant_key
from wangjian.complaints.actions.decisions import (
    answer_odr,
    consumer_odr_decision,
    decide_acceptance,
    escalate_overdue_odr,
    register_odr_participant,
)
from wangjian.complaints.actions.evidence import CheckedFile, add_attachment, check_attachments
from wangjian.complaints.actions.handling import (
    DELIVERABLE,
    NOTICE_CLOCKS,
    assign_handler,
    handler_candidates,
    record_notice_delivery,
)
from wangjian.complaints.actions.hotspots import approve_warning, detect_hotspots, draft_warning
from wangjian.complaints.actions.intake import (
    Filed,
    IntakeData,
    file_submission,
    file_submissions,
    validate_intake,
)
from wangjian.complaints.actions.lookup import (
    LOOKUP_ALPHABET,
    LOOKUP_CODE_LENGTH,
    find_by_lookup,
    hash_lookup_code,
    new_lookup_code,
    normalise_lookup_code,
)
from wangjian.complaints.actions.mediation import (
    end_testing,
    record_agreement,
    record_notice_sent,
    record_session,
    start_testing,
    terminate_mediation,
)
from wangjian.complaints.actions.reports import (
    advertising_transfer_target,
    decide_case_filing,
    open_jurisdiction_dispute,
    record_violation_clue,
    settle_jurisdiction,
    transfer_advertising_report,
)
from wangjian.complaints.actions.screening import (
    SCREEN_POOL,
    appeal_flag,
    decide_duplicate,
    review_flag,
    screen,
    screen_pending,
)

__all__ = [
    "DELIVERABLE",
    "LOOKUP_ALPHABET",
    "LOOKUP_CODE_LENGTH",
    "NOTICE_CLOCKS",
    "SCREEN_POOL",
    "CheckedFile",
    "ComplaintError",
    "Filed",
    "IntakeData",
    "add_attachment",
    "advertising_transfer_target",
    "answer_odr",
    "appeal_flag",
    "approve_warning",
    "assign_handler",
    "check_attachments",
    "complainant_key",
    "complete_clock",
    "consumer_odr_decision",
    "decide_acceptance",
    "decide_case_filing",
    "decide_duplicate",
    "detect_hotspots",
    "draft_warning",
    "end_testing",
    "escalate_overdue_odr",
    "file_submission",
    "file_submissions",
    "find_by_lookup",
    "handler_candidates",
    "hash_lookup_code",
    "new_lookup_code",
    "normalise_lookup_code",
    "open_jurisdiction_dispute",
    "recompute_clocks",
    "record_agreement",
    "record_notice_delivery",
    "record_notice_sent",
    "record_session",
    "record_violation_clue",
    "register_odr_participant",
    "review_flag",
    "screen",
    "screen_pending",
    "settle_jurisdiction",
    "start_clock",
    "start_testing",
    "terminate_mediation",
    "transfer_advertising_report",
    "validate_intake",
]
