"""主体责任: rule-change notices and the platform's declarations that it meets an obligation.

Legal basis: 《电子商务法》 (2018) 第二十七至三十九条 (platform operators' duties), 第三十四条 on
rule changes; the obligations are data (``data/obligations/``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import DeclarationState

PLATFORM = "registry.Platform"
USER = settings.AUTH_USER_MODEL


class RuleChangeNotice(models.Model):
    """平台规则变更公示: a change of the platform's service agreement or trading rules, with the
    day it was made public and the day it takes effect (电子商务法 第三十四条: at least seven days
    ahead)."""

    platform = models.ForeignKey(
        PLATFORM, on_delete=models.CASCADE, related_name="rule_change_notices"
    )
    title = models.CharField(_("变更事项"), max_length=200)
    url = models.URLField(_("公示网址"), blank=True)
    published_on = models.DateField(_("公示日期"))
    effective_on = models.DateField(_("施行日期"))
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("规则变更公示")
        verbose_name_plural = _("规则变更公示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def days_ahead(self) -> int:
        return (self.effective_on - self.published_on).days


class ObligationDeclaration(models.Model):
    """主体责任履行声明: the platform's statement, with evidence, that it meets an obligation
    wangjian cannot compute; it counts only once a regulator accepts it."""

    platform = models.ForeignKey(
        PLATFORM, on_delete=models.CASCADE, related_name="obligation_declarations"
    )
    obligation_key = models.CharField(_("义务"), max_length=60)
    period = models.CharField(_("期间"), max_length=10)
    statement = models.TextField(_("履行情况说明"))
    evidence = models.TextField(_("证明材料"))
    state = models.CharField(
        _("状态"), max_length=20, choices=DeclarationState.choices, default=DeclarationState.PENDING
    )
    declared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("声明时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("主体责任履行声明")
        verbose_name_plural = _("主体责任履行声明")
        ordering = ["-declared_at", "-id"]

    def __str__(self) -> str:
        return f"{self.platform} {self.obligation_key} {self.period}"

    @property
    def obligation_title(self) -> str:
        from wangjian.platforms.obligations import obligation

        item = obligation(self.obligation_key)
        return item["title"] if item else "（已停用的义务）"
