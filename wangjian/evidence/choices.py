from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceState(models.TextChoices):
    SEALED = "sealed", _("已封存")
    CONTENT_DELETED = "content_deleted", _("内容已删除（日志保留）")


class CustodyEventType(models.TextChoices):
    CAPTURE = "capture", _("采集")
    SEAL = "seal", _("封存")
    ACCESS = "access", _("查阅")
    EXPORT = "export", _("导出")
    VERIFY = "verify", _("校验")
    DELETION_REQUEST = "deletion-request", _("删除请求")
    CONTENT_DELETED = "content-deleted", _("内容删除")
    # The audit chain's head, published here so that a database administrator cannot cut the
    # audit log's tail unnoticed (wangjian.core.audit.publish_head).
    AUDIT_HEAD = "audit-head", _("审计链头")
