"""Audit event types written by zones (审计事件类型, 放心消费示范区), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneAuditEventType(models.TextChoices):
    ANNUAL_SUMMARY_SUBMITTED = "zones.annual_summary_submitted", _("报送示范区年度总结")
    FEEDBACK_RECORDED = "zones.feedback_recorded", _("记录示范区评估反馈")
    GUIDANCE_GIVEN = "zones.guidance_given", _("示范区创建指导")
    INDICATOR_ENTERED = "zones.indicator_entered", _("填报示范区指标")
    INDICATORS_LOADED = "zones.indicators_loaded", _("载入示范区指标")
    ITEM_SCORED = "zones.item_scored", _("示范区评估打分")
    OBJECTION_SUBMITTED = "zones.objection_submitted", _("对示范区提出异议")
    PROGRAMME_LOADED = "zones.programme_loaded", _("载入示范区创建方案")
    QUESTIONNAIRE_ANSWERED = "zones.questionnaire_answered", _("填写示范区问卷")
    SUPPORT_RECORDED = "zones.support_recorded", _("记录示范区政策支持")
    TASK_ADDED = "zones.task_added", _("添加示范区创建任务")
    TASK_PROGRESS_REPORTED = "zones.task_progress_reported", _("报告示范区任务进展")
    PREPARE = "zones.prepare", _("示范区拟申报")
    CONSENT = "zones.consent", _("地市局同意示范区申报")
    SUBMIT = "zones.submit", _("示范区申报")
    REVIEW = "zones.review", _("审核示范区申报")
    REJECT = "zones.reject", _("示范区申报不予通过")
    APPROVE = "zones.approve", _("发文同意创建示范区")
    ADD_TASK = "zones.add_task", _("录入示范区创建任务")
    REPORT_PROGRESS = "zones.report_progress", _("报告示范区创建进展")
    GIVE_GUIDANCE = "zones.give_guidance", _("地市局指导示范区创建")
    APPLY_ACCEPTANCE = "zones.apply_acceptance", _("示范区申请验收")
    ENTRUST = "zones.entrust", _("委托第三方评估示范区")
    DECLARE = "zones.declare", _("评估机构利益冲突声明")
    SCORE = "zones.score", _("示范区专业评估评分")
    OPEN_QUESTIONNAIRE = "zones.open_questionnaire", _("发布示范区问卷")
    RECORD_FEEDBACK = "zones.record_feedback", _("记录示范区媒体网络反馈")
    ISSUE_REPORT = "zones.issue_report", _("出具示范区评估报告")
    START_NOTICE = "zones.start_notice", _("示范区公示")
    ANSWER_OBJECTION = "zones.answer_objection", _("答复示范区异议")
    DESIGNATE = "zones.designate", _("确认示范区")
    RECORD_SUPPORT = "zones.record_support", _("示范区政策支持与专项资金")
    SUBMIT_SUMMARY = "zones.submit_summary", _("示范区报送年度总结")
    EXPIRE = "zones.expire", _("示范区有效期满")
    APPLY_REEVALUATION = "zones.apply_reevaluation", _("示范区申请复评")
    RENEW = "zones.renew", _("示范区延续认定")
    SANCTION = "zones.sanction", _("示范区处理决定")


AUDIT_EVENT_TYPES = (ZoneAuditEventType,)
