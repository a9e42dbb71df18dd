"""Audit event types written by inspections (审计事件类型, 检查与抽检), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionAuditEventType(models.TextChoices):
    FIELD_ATTACHMENT_ADDED = "inspections.field_attachment_added", _("添加现场检查附件")
    FIELD_CONCLUDED = "inspections.field_concluded", _("完成现场检查")
    FIELD_RECHECKED = "inspections.field_rechecked", _("现场复查")
    FIELD_RECORD_SAVED = "inspections.field_record_saved", _("保存现场检查记录")
    FIELD_SIGNATURE_RECORDED = "inspections.field_signature_recorded", _("记录现场签名")
    FIELD_STARTED = "inspections.field_started", _("开始现场检查")
    INSPECTOR_CERTIFICATE_RENEWED = "inspections.inspector_certificate_renewed", _("更新执法证件")
    INSPECTOR_POOL_CHANGED = "inspections.inspector_pool_changed", _("调整检查人员名录")
    INSPECTOR_REGISTERED = "inspections.inspector_registered", _("登记检查人员")
    ITEM_LOADED = "inspections.item_loaded", _("载入检查事项")
    PLAN_COMMITTED = "inspections.plan_committed", _("确定抽查计划")
    PLAN_CREATED = "inspections.plan_created", _("新建抽查计划")
    PLAN_DRAWN = "inspections.plan_drawn", _("随机抽取")
    RECUSAL_DECLARED = "inspections.recusal_declared", _("声明回避")
    RESULT_PUBLISHED = "inspections.result_published", _("公示抽查结果")
    RESULT_RECORDED = "inspections.result_recorded", _("录入抽查结果")
    SAMPLE_FINAL = "inspections.sample_final", _("抽检结论确定")
    SAMPLE_FOLLOWED_UP = "inspections.sample_followed_up", _("抽检不合格后处置")
    SAMPLE_NOTIFIED = "inspections.sample_notified", _("告知抽检结果")
    SAMPLE_OBJECTION_FILED = "inspections.sample_objection_filed", _("提出抽检异议")
    SAMPLE_REPORTED = "inspections.sample_reported", _("报告检验结果")
    SAMPLE_TAKEN = "inspections.sample_taken", _("抽取样品")
    SAMPLING_PLAN_CREATED = "inspections.sampling_plan_created", _("新建抽检计划")
    SAMPLING_PUBLISHED = "inspections.sampling_published", _("公布抽检信息")


AUDIT_EVENT_TYPES = (InspectionAuditEventType,)
