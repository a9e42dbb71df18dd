"""Audit event types written by collaboration (审计事件类型, 协同监管), for the audit log."""

from wangjian.collaboration.choices import (
    AuditEventType,
    CampaignAuditEventType,
    DisciplineAuditEventType,
    IndicatorAuditEventType,
    IotAuditEventType,
    WarningAuditEventType,
)

AUDIT_EVENT_TYPES = (
    AuditEventType,
    DisciplineAuditEventType,
    WarningAuditEventType,
    IotAuditEventType,
    CampaignAuditEventType,
    IndicatorAuditEventType,
)
