from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.querysets import AuditEventQuerySet


class AuditEvent(models.Model):
    """审计日志: one append-only record of a write or of a view of personal data.

    Each event carries the SHA-256 of its predecessor's hash and of its own canonical content,
    so an edited, inserted or deleted row breaks the chain (``wangjian audit verify``). Basis:
    《中华人民共和国个人信息保护法》第五十一条 (security measures) and 《网络安全法》第二十一条
    (network logs kept at least six months).
    """

    sequence = models.BigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor_username = models.CharField(_("操作人"), max_length=150, blank=True)
    actor_org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Jurisdiction of the target, for scoping who may read this event.",
    )
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    event_type = models.CharField(_("事件类型"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # 1: rows written before the id was hashed; 2: the id and this version are hashed too
    # (wangjian.core.audit.HASHED_FIELDS_V2).
    chain_version = models.PositiveSmallIntegerField(default=1)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type} {self.target_repr}"


class AuditChainHead(models.Model):
    """The latest hash of the audit chain, one row; lets verification notice a truncated tail."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"
