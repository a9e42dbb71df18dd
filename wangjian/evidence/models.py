from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.evidence.choices import CustodyEventType, EvidenceState
from wangjian.evidence.querysets import EvidenceItemQuerySet


class EvidenceItem(models.Model):
    """电子数据存证: one captured and sealed web page (网络在线提取), kept in a WACZ bundle.

    Legal basis: 市场监督管理行政执法电子数据取证暂行规定 (2024) on 网络在线提取;
    互联网法院规定 第十一条 (哈希值校验、可信时间戳); 民事诉讼证据规定 第十四、十五、九十三、
    九十四条. Rows are never deleted: retention expiry removes the content only.
    """

    bundle_id = models.CharField(_("存证编号"), max_length=32, unique=True)
    division = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, related_name="evidence_items"
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_items"
    )
    witness = models.CharField(_("见证人"), max_length=200, blank=True)
    case_reference = models.CharField(
        _("案件或任务编号"), max_length=100, blank=True, db_index=True
    )
    case_reason = models.CharField(_("案由"), max_length=300, blank=True)
    # Generic references: monitoring findings and registry shops live in other apps.
    subject_type = models.CharField(_("关联对象类型"), max_length=50, blank=True)
    subject_id = models.CharField(_("关联对象编号"), max_length=100, blank=True)
    url = models.URLField(_("采集网址"), max_length=2000)
    final_url = models.URLField(_("最终网址"), max_length=2000, blank=True)
    title = models.CharField(_("页面标题"), max_length=500, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=EvidenceState.choices, default=EvidenceState.SEALED
    )
    captured_at = models.DateTimeField(_("采集开始时间"))
    sealed_at = models.DateTimeField(_("封存时间"))
    manifest_sha256 = models.CharField(_("清单 SHA-256"), max_length=64)
    manifest_sm3 = models.CharField(_("清单 SM3"), max_length=64)
    log_index = models.PositiveBigIntegerField(_("日志位置"))
    bundle_path = models.CharField(_("证据包文件"), max_length=500, blank=True)
    bundle_bytes = models.PositiveBigIntegerField(_("证据包大小"), default=0)
    retain_until = models.DateField(_("保存期限"), null=True, blank=True)
    content_deleted_at = models.DateTimeField(_("内容删除时间"), null=True, blank=True)

    objects = EvidenceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("电子数据存证")
        verbose_name_plural = _("电子数据存证")
        ordering = ["-sealed_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.bundle_id


class CustodyLogHead(models.Model):
    """保管日志头: the single row that serialises appends (locked for update on PostgreSQL)."""

    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("保管日志头")

    def __str__(self) -> str:
        return f"custody log, {self.size} leaves"


class CustodyLogEntry(models.Model):
    """保管日志条目: one leaf of the append-only RFC 6962 custody log (保管方式妥当、可验证).

    ``data`` is the canonical JSON whose ``SHA-256(0x00 || data)`` is the leaf hash. Entries are
    never updated or deleted, including when evidence content expires (evidence-design.md §4.3).
    """

    index = models.PositiveBigIntegerField(_("位置"), unique=True)
    event_type = models.CharField(_("事件"), max_length=30, choices=CustodyEventType.choices)
    bundle_id = models.CharField(_("存证编号"), max_length=32, db_index=True)
    data = models.TextField(_("条目"))
    leaf_hash = models.CharField(_("叶哈希"), max_length=64)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保管日志条目")
        verbose_name_plural = _("保管日志条目")
        ordering = ["index"]

    def __str__(self) -> str:
        return f"{self.index} {self.event_type} {self.bundle_id}"


class CustodyLogNode(models.Model):
    """A complete subtree hash of the custody log (level 0 = leaves), written once."""

    level = models.PositiveSmallIntegerField()
    position = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "position"], name="evidence_node_unique")
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.position}"


class CustodyCheckpoint(models.Model):
    """签名检查点: a C2SP tlog-checkpoint signed by the platform key, with an RFC 3161 token."""

    size = models.PositiveBigIntegerField(_("树大小"), unique=True)
    root_hash = models.CharField(_("根哈希"), max_length=64)
    note = models.TextField(_("签名检查点"))
    timestamp_token = models.BinaryField(_("时间戳令牌"), blank=True, default=b"")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("签名检查点")
        verbose_name_plural = _("签名检查点")
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
