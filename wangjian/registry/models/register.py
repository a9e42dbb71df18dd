"""登记数据导入: loads of the registration register, their row errors and what they changed.

Legal basis: 《市场主体登记管理条例》 (国务院令第746号).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import RegisterChangeKind
from wangjian.registry.models.entities import MarketEntity

DIVISION = "core.Division"


class RegisterLoad(models.Model):
    """登记数据导入: one load of a registration-register export (new, changed and closed
    entities). ``content_hash`` makes loading the same file again a no-op.

    Legal basis: 《市场主体登记管理条例》 第八条 (registered particulars), 第二十四条 (changes),
    第三十一条 (注销), 第三十八条 (吊销) — article numbers as cited by the registry models.
    """

    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    content_hash = models.CharField(max_length=64, unique=True)
    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("驳回行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    changed = models.PositiveIntegerField(_("变更"), default=0)
    status_changed = models.PositiveIntegerField(_("状态变更"), default=0)
    unchanged = models.PositiveIntegerField(_("无变化"), default=0)

    objects = querysets.RegisterLoadQuerySet.as_manager()

    class Meta:
        verbose_name = _("登记数据导入")
        verbose_name_plural = _("登记数据导入")
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} #{self.pk}"


class RegisterLoadError(models.Model):
    """登记数据导入错误: one problem in one row of a register load (row, column, value, rule)."""

    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return self.message


class RegisterChange(models.Model):
    """登记变更记录: what one load did to one entity, with the values before and after; a
    closure (注销、吊销、迁出) is a status change, never a deletion."""

    load = models.ForeignKey(
        RegisterLoad, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    entity = models.ForeignKey(
        MarketEntity, on_delete=models.CASCADE, related_name="register_changes"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RegisterChangeKind.choices)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("登记变更记录")
        verbose_name_plural = _("登记变更记录")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_kind_display()}"
