"""网络消费教育: consumer-education articles and campaigns, written by staff, approved by a
different person with the approval capability, then public (杨浦区实施方案 (2023) 任务14:
积极开展网络消费教育和消费警示; approved the way 消费警示 are)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.services.choices import EducationKind, EducationState
from wangjian.services.querysets import EducationQuerySet

USER = settings.AUTH_USER_MODEL


class EducationArticle(models.Model):
    """消费教育文章或活动: topic, audience and period, the 消费警示 and 投诉热点 it answers, and
    a read count that holds no personal data (one per browser session)."""

    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("类型"), max_length=12, choices=EducationKind.choices, default=EducationKind.ARTICLE
    )
    title = models.CharField(_("标题"), max_length=200)
    topic = models.CharField(_("主题"), max_length=100)
    audience = models.CharField(_("面向人群"), max_length=100)
    period_from = models.DateField(_("活动开始日期"), null=True, blank=True)
    period_to = models.DateField(_("活动结束日期"), null=True, blank=True)
    body = models.TextField(_("正文"))
    warnings = models.ManyToManyField(
        "complaints.ConsumerWarning", blank=True, related_name="+", verbose_name=_("消费警示")
    )
    hotspots = models.ManyToManyField(
        "complaints.HotSpot", blank=True, related_name="+", verbose_name=_("投诉热点")
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=EducationState.choices, default=EducationState.DRAFT
    )
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    read_count = models.PositiveIntegerField(_("阅读次数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EducationQuerySet.as_manager()

    class Meta:
        verbose_name = _("网络消费教育")
        verbose_name_plural = _("网络消费教育")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
