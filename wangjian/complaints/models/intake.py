"""Intake: imports of 12315 export files with their row errors, and the ODR units a complaint
goes to first.

Legal basis: 暂行办法 第六条; 《电子商务法》 第六十三条 for platforms' own mechanisms.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class ImportBatch(models.Model):
    """12315 导出文件的一次导入: rows read, committed, rejected; its row errors."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=255)
    content_hash = models.CharField(max_length=64)
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_committed = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("12315导入批次")
        verbose_name_plural = _("12315导入批次")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ImportRowError(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return f"{self.row} {self.column} {self.rule}"


class OdrParticipant(models.Model):
    """在线消费纠纷解决（ODR）单位: an enterprise or a platform that resolves disputes online
    (暂行办法 第六条; 《电子商务法》 第六十三条 for platforms' own mechanisms). A complaint against
    it goes to ODR first, a time not counted in the regulator's clock."""

    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    platform = models.ForeignKey(
        "registry.Platform", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("ODR单位")
        verbose_name_plural = _("ODR单位")

    def __str__(self) -> str:
        return str(self.platform or self.entity)
