"""公示 and 确认 (第二十五至二十七条): objections raised during the public notice and the
support given to a designated zone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.applications import ZoneApplication


class Objection(models.Model):
    """公示异议: an objection raised during the public notice (第二十五、二十六条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="objections"
    )
    submitted_on = models.DateField(_("提出日期"))
    name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.application} · 异议 #{self.pk}"


class SupportRecord(models.Model):
    """政策支持与专项资金: support given to a zone (第二十七条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="support"
    )
    kind = models.CharField(_("类别"), max_length=20)
    description = models.TextField(_("内容"))
    amount_yuan = models.DecimalField(
        _("金额(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    granted_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("政策支持与专项资金")
        verbose_name_plural = _("政策支持与专项资金")
        ordering = ["application", "granted_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.kind} · {self.granted_on}"
