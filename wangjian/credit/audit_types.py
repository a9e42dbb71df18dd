"""Audit event types written by credit (审计事件类型, 信用监管), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditAuditEventType(models.TextChoices):
    EVENT_RECORDED = "credit.event_recorded", _("记录信用信息")
    EVENT_WITHDRAWN = "credit.event_withdrawn", _("撤回信用信息")
    LIST_REMOVED = "credit.list_removed", _("移出名单")
    LISTING_DECIDED = "credit.listing_decided", _("作出列入名单决定")
    LISTING_NOTIFIED = "credit.listing_notified", _("告知拟列入名单")
    LISTING_STATEMENT = "credit.listing_statement", _("记录陈述申辩")
    REPAIR_APPLIED = "credit.repair_applied", _("申请信用修复")
    REPAIR_DECIDED = "credit.repair_decided", _("作出信用修复决定")
    TIER_MODEL_LOADED = "credit.tier_model_loaded", _("载入信用分级模型")
    TIERS_RECOMPUTED = "credit.tiers_recomputed", _("重新计算信用分级")


AUDIT_EVENT_TYPES = (CreditAuditEventType,)
