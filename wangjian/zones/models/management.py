"""动态管理 (第三十三至三十五条): annual summaries of a designated zone and sanctions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.applications import ZoneApplication


class AnnualSummary(models.Model):
    """年度总结: the yearly summary a designated zone reports (第三十三条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="annual_summaries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    due_on = models.DateField(_("报送期限"))
    submitted_on = models.DateField(_("报送日期"))
    text = models.TextField(_("总结"))
    overdue = models.BooleanField(_("逾期报送"))

    class Meta:
        verbose_name = _("年度总结")
        verbose_name_plural = _("年度总结")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="zone_summary_year"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.year} 年度总结"


class Sanction(models.Model):
    """通报批评、限期整改、撤销: a sanction with its reason (第三十五条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("类别"), max_length=30)
    reason = models.TextField(_("事由"))
    decided_on = models.DateField(_("决定日期"))
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("示范区处理决定")
        verbose_name_plural = _("示范区处理决定")
        ordering = ["application", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.kind} · {self.decided_on}"
