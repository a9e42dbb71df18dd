"""Audit event types written by complaints (审计事件类型, 投诉举报), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintAuditEventType(models.TextChoices):
    ACCEPTED = "complaints.accepted", _("受理投诉")
    ADVERTISING_REPORT_TRANSFERRED = "complaints.advertising_report_transferred", _("移送广告举报")
    AGREED = "complaints.agreed", _("调解达成协议")
    ATTACHMENT_ADDED = "complaints.attachment_added", _("添加投诉附件")
    ATTACHMENTS_RECEIVED = "complaints.attachments_received", _("接收投诉附件")
    CASE_FILING_DECIDED = "complaints.case_filing_decided", _("作出是否立案决定")
    CASE_LINKED = "complaints.case_linked", _("关联案件")
    CLOCK_DATED = "complaints.clock_dated", _("登记投诉期限日期")
    CLUE_RECORDED = "complaints.clue_recorded", _("记录举报线索")
    DUPLICATE_DECIDED = "complaints.duplicate_decided", _("认定重复投诉")
    FILED = "complaints.filed", _("登记投诉举报")
    FLAG_APPEALED = "complaints.flag_appealed", _("对投诉标记提出申诉")
    FLAG_RAISED = "complaints.flag_raised", _("标记异常投诉")
    FLAG_REVIEWED = "complaints.flag_reviewed", _("复核投诉标记")
    HANDLER_ASSIGNED = "complaints.handler_assigned", _("分派承办人")
    HOTSPOT_RAISED = "complaints.hotspot_raised", _("发现投诉热点")
    IMPORT_FINISHED = "complaints.import_finished", _("完成投诉导入")
    IMPORT_STARTED = "complaints.import_started", _("开始投诉导入")
    JURISDICTION_DISPUTED = "complaints.jurisdiction_disputed", _("提出管辖争议")
    JURISDICTION_SETTLED = "complaints.jurisdiction_settled", _("确定管辖")
    LOOKUP_LOCKED = "complaints.lookup_locked", _("投诉查询锁定")
    MEDIATION_SESSION = "complaints.mediation_session", _("记录调解")
    NOT_ACCEPTED = "complaints.not_accepted", _("不予受理投诉")
    NOTICE_DELIVERED = "complaints.notice_delivered", _("送达告知书")
    NOTICE_SENT = "complaints.notice_sent", _("发出告知书")
    ODR_ANSWERED = "complaints.odr_answered", _("在线纠纷解决答复")
    ODR_DECIDED = "complaints.odr_decided", _("在线纠纷解决决定")
    ODR_EXPIRED = "complaints.odr_expired", _("在线纠纷解决超期")
    ODR_PARTICIPANT = "complaints.odr_participant", _("登记在线纠纷解决参与方")
    TERMINATED = "complaints.terminated", _("终止调解")
    TESTING_ENDED = "complaints.testing_ended", _("结束检测鉴定")
    TESTING_STARTED = "complaints.testing_started", _("开始检测鉴定")
    TRANSFERRED = "complaints.transferred", _("移送投诉")
    WARNING_APPROVED = "complaints.warning_approved", _("批准消费警示")
    WARNING_DRAFTED = "complaints.warning_drafted", _("起草消费警示")
    WARNING_RETURNED = "complaints.warning_returned", _("退回消费警示")


AUDIT_EVENT_TYPES = (ComplaintAuditEventType,)
