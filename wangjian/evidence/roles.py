from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

STAFF = {Role.REGULATOR, Role.SECTION_CHIEF, Role.SYSTEM_ADMIN, Role.PROVINCE_ADMIN}

register_capabilities("evidence.view_evidence", STAFF)
register_capabilities("evidence.capture_evidence", {Role.REGULATOR, Role.SECTION_CHIEF})
register_capabilities("evidence.view_custody_log", STAFF)
register_capabilities("evidence.manage_custody_log", {Role.SYSTEM_ADMIN})
