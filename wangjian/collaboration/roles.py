"""协查 capabilities: bureau staff send and answer; province staff read the requests between
their districts; section chiefs convert the registry's referrals."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("collaboration.view_request", BUREAU_STAFF | {Role.PROVINCE_ADMIN})
register_capabilities("collaboration.send_request", BUREAU_STAFF)
register_capabilities("collaboration.answer_request", BUREAU_STAFF)
register_capabilities("collaboration.convert_referral", BUREAU_STAFF)

# 联合惩戒: the bureau sends list entries to partner departments; partners record measures,
# confirm lifting them, and push their own records.
register_capabilities(
    "collaboration.view_discipline",
    BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.PARTNER_DEPARTMENT},
)
register_capabilities("collaboration.dispatch_discipline", BUREAU_STAFF)
register_capabilities("collaboration.record_measure", {Role.PARTNER_DEPARTMENT})
register_capabilities("collaboration.push_partner_record", {Role.PARTNER_DEPARTMENT})
register_capabilities("collaboration.manage_partners", {Role.SYSTEM_ADMIN})

# 风险预警: staff see and handle alerts; the section chief runs the evaluation.
register_capabilities("collaboration.view_warning", BUREAU_STAFF | {Role.PROVINCE_ADMIN})
register_capabilities("collaboration.handle_warning", BUREAU_STAFF)
register_capabilities("collaboration.evaluate_warnings", {Role.SECTION_CHIEF, Role.SYSTEM_ADMIN})

# 物联感知: vendors' systems post through a partner account; staff read the alerts.
register_capabilities("collaboration.push_device_alert", {Role.PARTNER_DEPARTMENT})
register_capabilities(
    "collaboration.view_device_alert", BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.PARTNER_DEPARTMENT}
)

# 专项整治: the section chief launches and plans; members report; all of them read.
register_capabilities(
    "collaboration.view_campaign", BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.PARTNER_DEPARTMENT}
)
register_capabilities("collaboration.manage_campaign", {Role.SECTION_CHIEF})
register_capabilities("collaboration.report_progress", BUREAU_STAFF | {Role.PARTNER_DEPARTMENT})

# 数字经济监测指标: the section chief opens rounds; owner departments enter their values.
register_capabilities(
    "collaboration.view_indicators", BUREAU_STAFF | {Role.PROVINCE_ADMIN, Role.PARTNER_DEPARTMENT}
)
register_capabilities("collaboration.open_round", {Role.SECTION_CHIEF})
register_capabilities("collaboration.enter_indicator", {Role.PARTNER_DEPARTMENT})
