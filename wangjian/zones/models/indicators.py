"""监测指标 board: the indicators loaded from ``data/indicators.yaml`` and the figures entered
against them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.applications import ZoneApplication


class IndicatorDefinition(models.Model):
    """监测指标: one indicator of the board, loaded from ``data/indicators.yaml``."""

    key = models.SlugField(_("键"), max_length=60, unique=True)
    name = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    kind = models.CharField(_("类型"), max_length=10)
    function = models.CharField(_("计算函数"), max_length=100, blank=True)
    basis = models.CharField(_("依据"), max_length=80)
    comparison = models.CharField(_("对比基准"), max_length=100, blank=True)
    catalogue_version = models.CharField(_("目录版本"), max_length=40)
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("监测指标")
        verbose_name_plural = _("监测指标")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """指标数值: one entered figure with its period and source."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("统计期"), max_length=20)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20)
    source = models.CharField(_("数据来源"), max_length=200)
    comparison_value = models.DecimalField(
        _("对比值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["application", "indicator__position", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator", "period"], name="zone_indicator_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.indicator} · {self.period}"
