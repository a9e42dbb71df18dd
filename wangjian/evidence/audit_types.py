"""Audit event types written by evidence (审计事件类型, 电子证据), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceAuditEventType(models.TextChoices):
    ACCESSED = "evidence.accessed", _("查阅电子证据")
    EXPORTED = "evidence.exported", _("导出电子证据")
    VERIFIED = "evidence.verified", _("校验电子证据")
    DELETION_REQUESTED = "evidence.deletion_requested", _("申请删除电子证据")
    CONTENT_DELETED = "evidence.content_deleted", _("删除电子证据内容")
    CERTIFICATE_ISSUED = "evidence.certificate_issued", _("出具电子证据证书")
    CHECKPOINT_SIGNED = "evidence.checkpoint_signed", _("签署证据日志检查点")
    SEALED = "evidence.sealed", _("封存电子证据")


AUDIT_EVENT_TYPES = (EvidenceAuditEventType,)
