"""Audit event types written by monitoring (审计事件类型, 网络交易监测), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitoringAuditEventType(models.TextChoices):
    BATCH_FAILED = "monitoring.batch_failed", _("监测批次失败")
    BATCH_SCANNED = "monitoring.batch_scanned", _("完成监测批次扫描")
    CLUE_CHECK_RECORDED = "monitoring.clue_check_recorded", _("记录线索核查")
    CLUE_DATED = "monitoring.clue_dated", _("登记线索期限日期")
    CLUE_DECIDED = "monitoring.clue_decided", _("作出线索处理决定")
    CLUE_EXTENDED_FINDINGS = "monitoring.clue_extended_findings", _("线索补充发现")
    CLUE_HANDLER_ASSIGNED = "monitoring.clue_handler_assigned", _("分派线索承办人")
    CLUE_REGISTERED = "monitoring.clue_registered", _("登记监测线索")
    CLUE_SUBMITTED = "monitoring.clue_submitted", _("提交线索核查结果")
    CLUE_VERIFICATION_EXTENDED = "monitoring.clue_verification_extended", _("延长线索核查期限")
    FINDING_DISMISSED = "monitoring.finding_dismissed", _("排除监测发现")
    FINDING_REOPENED = "monitoring.finding_reopened", _("重新打开监测发现")
    UPLOAD_RECEIVED = "monitoring.upload_received", _("接收监测数据上传")


AUDIT_EVENT_TYPES = (MonitoringAuditEventType,)
