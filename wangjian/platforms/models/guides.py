"""合规指引: compliance guides per business type, frozen when published (杨浦区规划 任务15)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import BusinessType, GuideState

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class ComplianceGuide(models.Model):
    """合规指引: a guide for one business type, assembled from the obligations, the monitoring
    rule families that apply and the articles; frozen (``content`` and ``sha256``) when
    published (杨浦区规划 任务15)."""

    business_type = models.CharField(_("业务类型"), max_length=30, choices=BusinessType.choices)
    version = models.CharField(_("版本"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    source_sha256 = models.CharField(max_length=64)
    content = models.JSONField(_("内容"), default=dict)
    sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=GuideState.choices, default=GuideState.DRAFT
    )
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = querysets.ComplianceGuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("合规指引")
        verbose_name_plural = _("合规指引")
        ordering = ["business_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["business_type", "version"], name="guide_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"
