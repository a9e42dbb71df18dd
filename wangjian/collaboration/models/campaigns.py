"""专项整治 and 联席会议: campaigns, their themed scans, tasks, progress reports and
meeting records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets


class Campaign(models.Model):
    """专项整治: a campaign with a theme, a period, a lead unit and member departments; the
    theme's rule families select the monitoring findings it counts (联席会议 records below)."""

    title = models.CharField(_("名称"), max_length=200)
    theme = models.TextField(_("整治主题"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    lead_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("牵头单位")
    )
    member_units = models.ManyToManyField(
        "core.OrgUnit", related_name="+", blank=True, verbose_name=_("成员单位")
    )
    families = models.JSONField(_("监测规则族"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项整治")
        verbose_name_plural = _("专项整治")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CampaignScan(models.Model):
    """A themed monitoring scan a campaign launched: monitoring's registry-shop scan with the
    campaign's rule families (monitoring does not know campaigns; the link is kept here)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scans")
    batch = models.ForeignKey(
        "monitoring.ScanBatch",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("扫描批次"),
    )
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    launched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专项整治监测扫描")
        verbose_name_plural = _("专项整治监测扫描")
        ordering = ["-launched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "batch"], name="campaign_scan_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.batch_id}"


class CampaignTask(models.Model):
    """A task of a campaign, owned by one member unit, with its due date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=300)
    owner_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    due_on = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项整治任务")
        verbose_name_plural = _("专项整治任务")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """工作进展: what a member unit reports on the campaign (or one of its tasks)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(
        CampaignTask, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("进展"))
    reported_on = models.DateField(_("报送日期"))

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作进展")
        verbose_name_plural = _("工作进展")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.reported_on}"


class MeetingRecord(models.Model):
    """联席会议纪要: the record of a joint meeting of the campaign's members."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    attendees = models.TextField(_("参会单位"))
    minutes = models.TextField(_("会议纪要"))
    decisions = models.TextField(_("议定事项"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("联席会议纪要")
        verbose_name_plural = _("联席会议纪要")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title
