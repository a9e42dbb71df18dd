from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingDayYear(models.Model):
    """A year's 放假调休 table entered by an administrator from the 国务院办公厅 notice.

    The published calendar cannot be computed (《全国年节及纪念日放假办法》 第七条 lets the
    State Council arrange 调休 each year), so a year the bundled package does not cover must be
    entered here before any deadline in it can be computed. When a year has a table, the table
    wins over the package, so an administrator can also correct a year.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source_document = models.CharField(_("依据文件"), max_length=200)
    published_on = models.DateField(_("发布日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作日年度表")
        verbose_name_plural = _("工作日年度表")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.source_document})"


class CalendarDay(models.Model):
    """One exception to the Monday–Friday rule in a ``WorkingDayYear``: a holiday or a 调休 day."""

    year = models.ForeignKey(WorkingDayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_working_day else '休'} {self.name}"
