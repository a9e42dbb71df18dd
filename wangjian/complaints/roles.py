"""Complaint capabilities. Jurisdiction (or the respondent link) decides which records."""

from wangjian.core.choices import Role
from wangjian.core.roles import STAFF_ROLES, register_capabilities

register_capabilities(
    "complaints.view_complaint", STAFF_ROLES | {Role.PLATFORM_OPERATOR, Role.MERCHANT}
)
register_capabilities("complaints.handle", {Role.REGULATOR, Role.SECTION_CHIEF})
register_capabilities("complaints.view_own", {Role.CONSUMER})
# Contact details of complainants and reporters: only those who handle them.
register_capabilities("complaints.view_personal_data", {Role.REGULATOR, Role.SECTION_CHIEF})
register_capabilities("complaints.answer_odr", {Role.PLATFORM_OPERATOR, Role.MERCHANT})
register_capabilities(
    "complaints.submit_api", {Role.REGULATOR, Role.SECTION_CHIEF, Role.PLATFORM_OPERATOR}
)
register_capabilities("complaints.import", {Role.REGULATOR, Role.SECTION_CHIEF, Role.SYSTEM_ADMIN})
register_capabilities("complaints.view_warning", STAFF_ROLES)
register_capabilities("complaints.draft_warning", {Role.REGULATOR, Role.SECTION_CHIEF})
register_capabilities("complaints.approve_warning", {Role.SECTION_CHIEF})
register_capabilities("complaints.manage_odr", {Role.SECTION_CHIEF, Role.SYSTEM_ADMIN})
