"""Audit event types written by services (审计事件类型, 公共服务), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServicesAuditEventType(models.TextChoices):
    CREDIT_REPORT_ISSUED = "services.credit_report_issued", _("出具信用报告")
    IDCODE_KEY_CREATED = "services.idcode_key_created", _("新建身份码密钥")
    IDCODE_KEY_REVOKED = "services.idcode_key_revoked", _("作废身份码密钥")
    IDCODE_ISSUED = "services.idcode_issued", _("签发身份码")
    OBJECTION_FILED = "services.objection_filed", _("提出异议")
    OBJECTION_ANSWERED = "services.objection_answered", _("答复异议")
    REPAIR_APPLIED_BY_MERCHANT = "services.repair_applied_by_merchant", _("经营者申请信用修复")
    GIG_BATCH_FILED = "services.gig_batch_filed", _("报送零工登记批次")
    GIG_APPLICATION_DECIDED = "services.gig_application_decided", _("作出零工登记决定")
    LINK_CODE_ISSUED = "services.link_code_issued", _("签发关联码")
    LINK_CODE_REDEEMED = "services.link_code_redeemed", _("使用关联码")
    GIG_DEREGISTRATION_REQUESTED = "services.gig_deregistration_requested", _("申请零工简易注销")
    GIG_DEREGISTRATION_DECIDED = "services.gig_deregistration_decided", _("作出零工简易注销决定")
    GIG_WORKER_LEFT_PLATFORM = "services.gig_worker_left_platform", _("零工退出平台")
    GIG_ANNUAL_REPORT_REMINDERS = "services.gig_annual_report_reminders", _("发送年度报告提醒")
    SERVICE_REQUEST_SUBMITTED = "services.service_request_submitted", _("提交服务申请")
    SERVICE_REQUEST_ACCEPTED = "services.service_request_accepted", _("受理服务申请")
    SERVICE_REQUEST_MESSAGE = "services.service_request_message", _("服务申请留言")
    SERVICE_REQUEST_ANSWERED = "services.service_request_answered", _("答复服务申请")
    SERVICE_REQUEST_CLOSED = "services.service_request_closed", _("办结服务申请")
    SERVICE_REQUEST_RATED = "services.service_request_rated", _("评价服务申请")
    SERVICE_REQUEST_TAKEDOWN_RAISED = "services.service_request_takedown_raised", _("提出下架请求")
    SERVICE_ATTACHMENT_VIEWED = "services.service_attachment_viewed", _("查阅服务申请附件")
    EDUCATION_DRAFTED = "services.education_drafted", _("起草消费教育")
    EDUCATION_SUBMITTED = "services.education_submitted", _("提交消费教育审批")
    EDUCATION_PUBLISHED = "services.education_published", _("发布消费教育")
    EDUCATION_RETURNED = "services.education_returned", _("退回消费教育")
    COMMITMENT_SIGNED = "services.commitment_signed", _("签署信用承诺")
    COMMITMENT_REVOKED = "services.commitment_revoked", _("撤销信用承诺")
    ASSOCIATION_MEMBER_ADDED = "services.association_member_added", _("添加行业协会会员")
    ASSOCIATION_MEMBER_REMOVED = "services.association_member_removed", _("移除行业协会会员")
    ASSOCIATION_DOCUMENT_PUBLISHED = (
        "services.association_document_published",
        _("发布行业自律文件"),
    )


AUDIT_EVENT_TYPES = (ServicesAuditEventType,)
