"""执法办案 pages, by topic: ``register`` (the case register with filters, a case opened
from a clue or registered directly), ``clocks`` (a case's clocks and timeline), ``case`` (a case
with its documents, records, measures and approval steps) and ``guidance`` (guidance issued and
received); form and query helpers live in ``common``.

Views parse input, call an action and show its refusal (Chinese first) with status 400 on the
same page; every rule is the actions'. Records are read through ``visible_to`` and the
``get_*_for`` lookups, so another bureau's record answers exactly like a missing one. Every view
is re-exported here for the URL configuration.
"""

from wangjian.enforcement.views.case import (
    case_approve,
    case_detail,
    case_document,
    case_hearing,
    case_judicial,
    case_measure,
    case_record_acknowledge,
    case_record_add,
    case_record_document,
    case_register_export,
    case_step,
    case_transfer,
)
from wangjian.enforcement.views.clocks import case_clocks, case_timeline
from wangjian.enforcement.views.common import PAGE_SIZE
from wangjian.enforcement.views.guidance import (
    guidance_detail,
    guidance_document,
    guidance_issue,
    guidance_list,
    guidance_step,
)
from wangjian.enforcement.views.register import case_from_clue, case_list, case_register

__all__ = [
    "PAGE_SIZE",
    "case_approve",
    "case_clocks",
    "case_detail",
    "case_document",
    "case_from_clue",
    "case_hearing",
    "case_judicial",
    "case_list",
    "case_measure",
    "case_record_acknowledge",
    "case_record_add",
    "case_record_document",
    "case_register",
    "case_register_export",
    "case_step",
    "case_timeline",
    "case_transfer",
    "guidance_detail",
    "guidance_document",
    "guidance_issue",
    "guidance_list",
    "guidance_step",
]
