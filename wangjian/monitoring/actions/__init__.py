"""Every change to monitoring records, by topic: ``feeds`` (platform feeds), ``uploads``
(uploaded batches), ``registry_scan`` (registry shop pages), ``storing`` (how a scanned batch's
findings are stored), ``triage`` (confirm into a clue, dismiss with a reason, reopen) and
``clues`` (clue decisions) and ``verification`` (核查: handler, check records, submission);
limits, refusals and checks shared by all of them live in ``common``.

Each action takes a keyword-only ``actor``, runs in one transaction and writes its audit event
inside it; a clue referred for a case (立案) is recorded in credit after commit through credit's
action — never a clue that is only registered. Every public name is re-exported here, so
``from wangjian.monitoring.actions import x`` keeps working.
"""

from wangjian.monitoring.actions.clues import date_pending_clues, decide_clue, extend_clue
from wangjian.monitoring.actions.common import (
    MAX_FEED_RECORDS,
    MAX_KEPT_ERRORS,
    MAX_UPLOAD_BYTES,
    MIN_REASON_LENGTH,
    MonitoringError,
    engine,
    second_stage,
)
from wangjian.monitoring.actions.feeds import FeedReceipt, receive_feed
from wangjian.monitoring.actions.registry_scan import scan_registry_batch, start_registry_scan
from wangjian.monitoring.actions.storing import STORE_CHUNK, StoreOutcome
from wangjian.monitoring.actions.triage import (
    confirm_findings,
    dismiss_finding,
    register_source_clue,
    reopen_finding,
)
from wangjian.monitoring.actions.uploads import (
    UploadReceipt,
    fail_batch,
    scan_uploaded_batch,
    submit_upload,
    upload_directory,
)
from wangjian.monitoring.actions.verification import (
    MAX_CHECK_ATTACHMENTS,
    assign_clue_handler,
    clue_handler_candidates,
    record_clue_check,
    submit_clue_for_decision,
)

__all__ = [
    "MAX_CHECK_ATTACHMENTS",
    "MAX_FEED_RECORDS",
    "MAX_KEPT_ERRORS",
    "MAX_UPLOAD_BYTES",
    "MIN_REASON_LENGTH",
    "STORE_CHUNK",
    "FeedReceipt",
    "MonitoringError",
    "StoreOutcome",
    "UploadReceipt",
    "assign_clue_handler",
    "clue_handler_candidates",
    "confirm_findings",
    "date_pending_clues",
    "decide_clue",
    "dismiss_finding",
    "engine",
    "extend_clue",
    "fail_batch",
    "receive_feed",
    "record_clue_check",
    "register_source_clue",
    "reopen_finding",
    "scan_registry_batch",
    "scan_uploaded_batch",
    "second_stage",
    "start_registry_scan",
    "submit_clue_for_decision",
    "submit_upload",
    "upload_directory",
]
