"""Credit capabilities. Tiers are internal: only bureau staff see them (不对外公开)."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("credit.view_record", BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN})
register_capabilities("credit.view_tier", BUREAU_STAFF | {Role.PROVINCE_ADMIN})
register_capabilities("credit.record_event", BUREAU_STAFF)
register_capabilities("credit.manage_lists", BUREAU_STAFF)
# Listing, removal and repair decisions are taken by the bureau, here its section chief.
register_capabilities("credit.decide_listing", {Role.SECTION_CHIEF})
register_capabilities("credit.recompute", {Role.SECTION_CHIEF, Role.SYSTEM_ADMIN})
