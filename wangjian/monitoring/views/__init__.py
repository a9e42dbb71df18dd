"""以网管网 pages, by topic: ``findings`` (the findings queue and a finding in its text,
triage: confirm into a clue, dismiss, reopen; the dismissals export), ``batches`` (scan batches
and uploads), ``clues`` (clues, their decisions and the clue record), ``verification`` (核查:
handler, check records and material, submission) and ``rules`` (the rule pack
as live documentation); form and text helpers live in ``common``.

Views parse input, call an action and show its refusal (Chinese first) with status 400 on the
same page; every rule is the actions'. Records are read through ``visible_to`` and the
``get_*_for`` lookups, so another bureau's record answers exactly like a missing one. Every view
is re-exported here for the URL configuration.
"""

from wangjian.monitoring.views.batches import batch_detail, batch_list, batch_upload, registry_scan
from wangjian.monitoring.views.clues import (
    capture_urls,
    clue_decide,
    clue_detail,
    clue_export,
    clue_extend,
    clue_list,
    clue_record,
)
from wangjian.monitoring.views.common import PAGE_SIZE, QUEUE_CONTEXT
from wangjian.monitoring.views.findings import (
    dismissals_export,
    finding_confirm,
    finding_detail,
    finding_dismiss,
    finding_list,
    finding_reopen,
    findings_confirm,
    findings_export,
)
from wangjian.monitoring.views.rules import rule_detail, rule_list
from wangjian.monitoring.views.verification import (
    clue_assign,
    clue_attachment,
    clue_check,
    clue_submit,
)

__all__ = [
    "PAGE_SIZE",
    "QUEUE_CONTEXT",
    "batch_detail",
    "batch_list",
    "batch_upload",
    "capture_urls",
    "clue_assign",
    "clue_attachment",
    "clue_check",
    "clue_decide",
    "clue_detail",
    "clue_export",
    "clue_extend",
    "clue_list",
    "clue_record",
    "clue_submit",
    "dismissals_export",
    "finding_confirm",
    "finding_detail",
    "finding_dismiss",
    "finding_list",
    "finding_reopen",
    "findings_confirm",
    "findings_export",
    "registry_scan",
    "rule_detail",
    "rule_list",
]
