"""Enforcement capabilities: the officer (承办人), the reviewer (审核) and the head (负责人)."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("enforcement.view_case", BUREAU_STAFF)
# The officer's steps: register a case source, give the officer's opinion, record statements,
# pauses, service and execution, issue guidance.
register_capabilities("enforcement.handle", BUREAU_STAFF)
# 审核 (案件审核 / 法制审核): bureau staff other than the proposing officer.
register_capabilities("enforcement.review", BUREAU_STAFF)
# 负责人: filing, decisions, extensions, closing and transfers are the head's.
register_capabilities("enforcement.approve", {Role.SECTION_CHIEF})
# Recipients of guidance with an account acknowledge and answer it.
register_capabilities(
    "enforcement.view_guidance", BUREAU_STAFF | {Role.PLATFORM_OPERATOR, Role.MERCHANT}
)
register_capabilities("enforcement.answer_guidance", {Role.PLATFORM_OPERATOR, Role.MERCHANT})
