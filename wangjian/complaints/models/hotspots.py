"""投诉热点 and 消费警示: spikes of complaints and the warnings drafted from them.

Basis: 《消费者权益保护法》 第三十七条 (消协's similar role); bureaus publish under their duty to
protect consumers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.choices import HotSpotDimension, WarningState

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class HotSpot(models.Model):
    """投诉热点: a spike of complaints on one respondent, category, platform or issue in a
    sliding window, against the windows before it."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(_("维度"), max_length=20, choices=HotSpotDimension.choices)
    value = models.CharField(_("对象"), max_length=200)
    window_start = models.DateField(_("窗口起"))
    window_end = models.DateField(_("窗口止"))
    count = models.PositiveIntegerField(_("件数"))
    baseline = models.FloatField(_("前期均值"))
    sample = models.JSONField(_("样例登记编号"), default=list)
    thresholds = models.JSONField(_("阈值"), default=dict)

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉热点")
        verbose_name_plural = _("投诉热点")
        ordering = ["-window_end", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "dimension", "value", "window_end"], name="hotspot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.value} {self.count}"


class ConsumerWarning(models.Model):
    """消费警示: drafted by a regulator from a hot spot, approved by a chief, then public
    (《消费者权益保护法》 第三十七条 gives 消协 a similar role; bureaus publish under their duty to
    protect consumers)."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    hotspot = models.ForeignKey(
        HotSpot, on_delete=models.SET_NULL, null=True, blank=True, related_name="warnings"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=20, choices=WarningState.choices, default=WarningState.DRAFT
    )
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("消费警示")
        verbose_name_plural = _("消费警示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
