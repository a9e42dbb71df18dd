"""Services capabilities. A merchant acts for its own entity (``MerchantAccount``); staff for
entities in their jurisdiction; platform operators file gig-worker batches for their platform."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("services.issue_report", BUREAU_STAFF | {Role.MERCHANT})
register_capabilities("services.view_reports", BUREAU_STAFF | {Role.MERCHANT})
register_capabilities("services.issue_idcode", BUREAU_STAFF | {Role.MERCHANT})
register_capabilities("services.merchant_self_service", {Role.MERCHANT})
register_capabilities("services.answer_objection", BUREAU_STAFF)
register_capabilities("services.view_objections", BUREAU_STAFF | {Role.MERCHANT})
register_capabilities("services.file_gig_batch", {Role.PLATFORM_OPERATOR})
register_capabilities("services.view_gig_batches", BUREAU_STAFF | {Role.PLATFORM_OPERATOR})
register_capabilities("services.decide_gig_application", BUREAU_STAFF)
register_capabilities("services.manage_idcode_keys", {Role.SYSTEM_ADMIN})
register_capabilities("services.issue_link_code", BUREAU_STAFF)

# IP and quality services (杨浦区实施方案 任务12、13): an entity's account files and rates; bureau
# staff accept, assign and answer; a partner body's account answers what it is assigned.
register_capabilities("services.request_service", {Role.MERCHANT})
register_capabilities(
    "services.view_service_requests", BUREAU_STAFF | {Role.MERCHANT, Role.PARTNER_DEPARTMENT}
)
register_capabilities("services.accept_service_request", BUREAU_STAFF)
register_capabilities("services.answer_service_request", BUREAU_STAFF | {Role.PARTNER_DEPARTMENT})

# 网络消费教育: staff draft, a section chief (not the drafter) approves and so publishes.
register_capabilities("services.draft_education", BUREAU_STAFF)
register_capabilities("services.approve_education", {Role.SECTION_CHIEF})

# Self-discipline (浙江示范区创建办法 第十七、十八条): an entity's account signs commitments; an
# industry association keeps its members (as bureau staff may) and publishes its documents.
register_capabilities("services.sign_commitment", {Role.MERCHANT})
register_capabilities("services.manage_association", BUREAU_STAFF | {Role.INDUSTRY_ASSOCIATION})
register_capabilities("services.publish_association_document", {Role.INDUSTRY_ASSOCIATION})
