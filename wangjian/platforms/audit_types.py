"""Audit event types written by platforms (审计事件类型, 平台监管), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformAuditEventType(models.TextChoices):
    INPUTS_RECORDED = "platforms.inputs_recorded", _("记录平台分级输入")
    CLASSIFIED = "platforms.classified", _("平台分级分类")
    RULE_CHANGE_RECORDED = "platforms.rule_change_recorded", _("记录平台规则变更")
    OBLIGATION_DECLARED = "platforms.obligation_declared", _("申报平台义务履行")
    DECLARATION_REVIEWED = "platforms.declaration_reviewed", _("审核平台义务申报")
    ASSESSMENT_STARTED = "platforms.assessment_started", _("开始平台评估")
    ASSESSMENT_SAVED = "platforms.assessment_saved", _("保存平台评估")
    ASSESSMENT_SUBMITTED = "platforms.assessment_submitted", _("提交平台评估")
    ASSESSMENT_COMMENTED = "platforms.assessment_commented", _("评议平台评估")
    ASSESSMENT_REVIEWED = "platforms.assessment_reviewed", _("审核平台评估")
    RECTIFICATION_COMPLETED = "platforms.rectification_completed", _("平台整改完成")
    GUIDE_DRAFTED = "platforms.guide_drafted", _("起草合规指引")
    GUIDE_PUBLISHED = "platforms.guide_published", _("发布合规指引")
    ACTION_REQUESTED = "platforms.action_requested", _("要求平台采取措施")
    ACTION_REPLIED = "platforms.action_replied", _("平台答复处置要求")
    NOTICE_SENT = "platforms.notice_sent", _("向平台发出通知")
    NOTICE_ACKNOWLEDGED = "platforms.notice_acknowledged", _("平台签收通知")
    NOTICE_ANSWERED = "platforms.notice_answered", _("平台答复通知")


AUDIT_EVENT_TYPES = (PlatformAuditEventType,)
