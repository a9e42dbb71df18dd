"""Audit event types written by enforcement (审计事件类型, 行政处罚), labelled for the audit log."""

from wangjian.enforcement.choices import EventType

AUDIT_EVENT_TYPES = (EventType,)
