"""Capabilities of the zones app.

Applicant staff (the county bureau acting for its government) and city-level bureau staff have
the same roles; which of the two they are for an application is decided by jurisdiction in
``wangjian.zones.actions``.
"""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities(
    "zones.view_application",
    BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN, Role.EVALUATOR},
)
register_capabilities("zones.apply", BUREAU_STAFF)
register_capabilities("zones.guide", BUREAU_STAFF)
register_capabilities("zones.decide", {Role.PROVINCE_ADMIN})
register_capabilities("zones.evaluate", {Role.EVALUATOR})
register_capabilities("zones.enter_indicator", BUREAU_STAFF | {Role.PROVINCE_ADMIN})
