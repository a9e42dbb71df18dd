"""数字经济发展常态化监测指标: collection rounds and the values entered or computed in them.

Basis: 《杨浦区创建网络市场监管与服务示范区实施方案》 (task 1); the indicators are data
(``data/indicators.yaml``), due dates local practice (地方做法).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets


class IndicatorRound(models.Model):
    """指标采集轮次: one period (a quarter) of the digital-economy indicators for a bureau."""

    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("期别"), max_length=10)
    starts_on = models.DateField(_("期初"))
    ends_on = models.DateField(_("期末"))
    due_on = models.DateField(_("填报截止日"))
    catalogue_version = models.CharField(_("指标体系版本"), max_length=60)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.IndicatorRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标采集轮次")
        verbose_name_plural = _("指标采集轮次")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "period"], name="indicator_round_once"),
        ]

    def __str__(self) -> str:
        return self.period


class IndicatorValue(models.Model):
    """One indicator's value in a round: entered by its owner department or computed."""

    round = models.ForeignKey(IndicatorRound, on_delete=models.CASCADE, related_name="values")
    indicator = models.CharField(_("指标"), max_length=60)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    computed = models.BooleanField(_("系统计算"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, null=True, related_name="+")
    entered_on = models.DateField(_("填报日期"))
    is_late = models.BooleanField(_("逾期填报"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = querysets.IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["round_id", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="indicator_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}"
