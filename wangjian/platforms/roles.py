"""Platforms capabilities. Jurisdiction (or the platform/merchant link) decides which rows."""

from wangjian.core.choices import Role
from wangjian.core.roles import STAFF_ROLES, register_capabilities

BUREAU = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("platforms.view_platform", STAFF_ROLES | {Role.PLATFORM_OPERATOR})
register_capabilities("platforms.record_inputs", BUREAU)
register_capabilities("platforms.declare_obligation", {Role.PLATFORM_OPERATOR})
register_capabilities("platforms.record_rule_change", BUREAU | {Role.PLATFORM_OPERATOR})
register_capabilities("platforms.review", BUREAU)
register_capabilities(
    "platforms.view_assessment", STAFF_ROLES | {Role.PLATFORM_OPERATOR, Role.MERCHANT}
)
register_capabilities("platforms.self_assess", {Role.PLATFORM_OPERATOR, Role.MERCHANT})
register_capabilities("platforms.review_assessment", BUREAU)
register_capabilities("platforms.export_assessments", BUREAU)
register_capabilities("platforms.manage_guides", BUREAU)
register_capabilities("platforms.view_guide", list(Role))
register_capabilities("platforms.request_action", BUREAU)
register_capabilities("platforms.reply_action", {Role.PLATFORM_OPERATOR})
register_capabilities("platforms.send_notice", BUREAU)
register_capabilities("platforms.answer_notice", {Role.PLATFORM_OPERATOR})
