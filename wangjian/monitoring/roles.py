"""Monitoring capabilities. Jurisdiction decides which records; the rules page is public law."""

from wangjian.core.choices import Role
from wangjian.core.roles import STAFF_ROLES, register_capabilities

register_capabilities("monitoring.view_finding", STAFF_ROLES)
register_capabilities("monitoring.triage", {Role.REGULATOR, Role.SECTION_CHIEF})
# Reopening a triaged finding and extending or deciding a clue rest with the section head
# (《市场监督管理行政处罚程序规定》: the head approves an extension and decides on a case).
register_capabilities("monitoring.decide_clue", {Role.SECTION_CHIEF})
register_capabilities("monitoring.scan", {Role.REGULATOR, Role.SECTION_CHIEF, Role.SYSTEM_ADMIN})
register_capabilities(
    "monitoring.submit_feed", {Role.PLATFORM_OPERATOR, Role.REGULATOR, Role.SECTION_CHIEF}
)
register_capabilities("monitoring.view_batch", STAFF_ROLES | {Role.PLATFORM_OPERATOR})
register_capabilities("monitoring.view_rules", list(Role))
register_capabilities("monitoring.export_dismissals", STAFF_ROLES)
