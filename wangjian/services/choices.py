import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditType(enum.StrEnum):
    """Audit event types written by the services app."""

    REPORT_ISSUED = "services.credit_report_issued"
    IDCODE_KEY_CREATED = "services.idcode_key_created"
    IDCODE_KEY_REVOKED = "services.idcode_key_revoked"
    IDCODE_ISSUED = "services.idcode_issued"
    OBJECTION_FILED = "services.objection_filed"
    OBJECTION_ANSWERED = "services.objection_answered"
    REPAIR_APPLIED_BY_MERCHANT = "services.repair_applied_by_merchant"
    GIG_BATCH_FILED = "services.gig_batch_filed"
    GIG_APPLICATION_DECIDED = "services.gig_application_decided"
    LINK_CODE_ISSUED = "services.link_code_issued"
    LINK_CODE_REDEEMED = "services.link_code_redeemed"
    DEREGISTRATION_REQUESTED = "services.gig_deregistration_requested"
    DEREGISTRATION_DECIDED = "services.gig_deregistration_decided"
    WORKER_LEFT_PLATFORM = "services.gig_worker_left_platform"
    ANNUAL_REPORT_REMINDERS = "services.gig_annual_report_reminders"


class IssueChannel(models.TextChoices):
    WEB = "web", _("网页")
    COMMAND_LINE = "command_line", _("命令行")
    DEMO = "demo", _("演示数据")


class ObjectionTarget(models.TextChoices):
    CREDIT_EVENT = "credit_event", _("信用记录")
    LIST_ENTRY = "list_entry", _("名单列入")


class ObjectionState(models.TextChoices):
    PENDING = "pending", _("待答复")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class GigApplicationState(models.TextChoices):
    INVALID = "invalid", _("校验未通过")
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已核准登记")
    REFUSED = "refused", _("不予登记")


class DeregistrationState(models.TextChoices):
    PENDING = "pending", _("异议期中")
    OBJECTED = "objected", _("有关部门提出异议")
    COMPLETED = "completed", _("已注销")


class GigNoticeKind(models.TextChoices):
    APPROVED = "approved", _("登记核准通知")
    ANNUAL_REPORT = "annual_report", _("年度报告提醒")
    DEREGISTRATION = "deregistration", _("简易注销通知")


class ServiceAuditType(enum.StrEnum):
    """Audit event types of the IP and quality services, education and commitments."""

    REQUEST_SUBMITTED = "services.service_request_submitted"
    REQUEST_ACCEPTED = "services.service_request_accepted"
    REQUEST_MESSAGE = "services.service_request_message"
    REQUEST_ANSWERED = "services.service_request_answered"
    REQUEST_CLOSED = "services.service_request_closed"
    REQUEST_RATED = "services.service_request_rated"
    REQUEST_TAKEDOWN = "services.service_request_takedown_raised"
    ATTACHMENT_VIEWED = "services.service_attachment_viewed"


class ServiceRequestState(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    RATED = "rated", _("已评价")


class EducationAuditType(enum.StrEnum):
    DRAFTED = "services.education_drafted"
    SUBMITTED = "services.education_submitted"
    PUBLISHED = "services.education_published"
    RETURNED = "services.education_returned"


class EducationKind(models.TextChoices):
    ARTICLE = "article", _("消费教育文章")
    CAMPAIGN = "campaign", _("消费教育活动")


class EducationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")


class DisciplineAuditType(enum.StrEnum):
    COMMITMENT_SIGNED = "services.commitment_signed"
    COMMITMENT_REVOKED = "services.commitment_revoked"
    ASSOCIATION_MEMBER_ADDED = "services.association_member_added"
    ASSOCIATION_MEMBER_REMOVED = "services.association_member_removed"
    ASSOCIATION_DOCUMENT_PUBLISHED = "services.association_document_published"


class CommitmentState(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")


class AssociationDocumentKind(models.TextChoices):
    CONVENTION = "convention", _("自律公约")
    STANDARD = "standard", _("行业标准")
