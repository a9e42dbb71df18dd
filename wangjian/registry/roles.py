"""Registry capabilities. Jurisdiction (or the platform/merchant link) decides which rows."""

from wangjian.core.choices import Role
from wangjian.core.roles import STAFF_ROLES, register_capabilities

register_capabilities(
    "registry.view_entity", STAFF_ROLES | {Role.PARTNER_DEPARTMENT, Role.MERCHANT}
)
register_capabilities("registry.view_shop", STAFF_ROLES | {Role.PLATFORM_OPERATOR, Role.MERCHANT})
register_capabilities("registry.view_platform", STAFF_ROLES | {Role.PLATFORM_OPERATOR})
register_capabilities("registry.view_submission", STAFF_ROLES | {Role.PLATFORM_OPERATOR})
register_capabilities("registry.submit", STAFF_ROLES | {Role.PLATFORM_OPERATOR})
register_capabilities("registry.view_flag", STAFF_ROLES)
register_capabilities("registry.manage_flags", {Role.REGULATOR, Role.SECTION_CHIEF})
# A platform answers the flags on its own shops with a correction (已更正) for the bureau
# to confirm.
register_capabilities("registry.respond_flag", {Role.PLATFORM_OPERATOR})
register_capabilities("registry.resolve_entities", {Role.REGULATOR, Role.SECTION_CHIEF})
register_capabilities("registry.manage_register", {Role.SYSTEM_ADMIN, Role.SECTION_CHIEF})
# Shop contacts and natural persons' masked ID numbers are personal information.
register_capabilities("registry.view_personal_data", {Role.REGULATOR, Role.SECTION_CHIEF})
