"""平台分类分级: the yearly inputs of a platform and the category and tier computed from them.

Basis: 《互联网平台分类分级指南（征求意见稿）》 (2021-10-29, draft guidance, not a legal
designation); the rules are data (``data/classification/``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import RestrictionAbility, Tier

PLATFORM = "registry.Platform"
USER = settings.AUTH_USER_MODEL


class PlatformYearInput(models.Model):
    """分类分级输入: what a platform reported (or the bureau found) for one year, with its source.

    Basis: 《互联网平台分类分级指南（征求意见稿）》 (2021-10-29): user scale (上年度年活跃用户),
    business breadth (业务种类), economic weight (上年底市值/估值) and restriction ability.
    ``business_lines`` is a list of ``{name, category, subtype, is_main, is_core}``.
    """

    platform = models.ForeignKey(PLATFORM, on_delete=models.CASCADE, related_name="year_inputs")
    year = models.PositiveSmallIntegerField(_("年度"))
    annual_active_users = models.BigIntegerField(_("年活跃用户数"))
    business_lines = models.JSONField(_("业务线"), default=list)
    market_value_100m = models.DecimalField(
        _("上年底市值或估值（亿元）"), max_digits=12, decimal_places=2
    )
    restriction_ability = models.CharField(
        _("限制商户接触消费者的能力"), max_length=20, choices=RestrictionAbility.choices
    )
    source = models.CharField(_("数据来源"), max_length=300)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("分类分级输入")
        verbose_name_plural = _("分类分级输入")
        ordering = ["platform_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="year_input_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year}"

    def as_inputs(self) -> dict:
        return {
            "annual_active_users": self.annual_active_users,
            "business_lines": self.business_lines,
            "market_value_100m": str(self.market_value_100m),
            "restriction_ability": self.restriction_ability,
        }


class PlatformClassification(models.Model):
    """平台分类分级结果: the category and tier computed for a platform-year by one rule version,
    with the inputs it read and the reasons. Draft guidance: not a legal designation."""

    platform = models.ForeignKey(PLATFORM, on_delete=models.CASCADE, related_name="classifications")
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("平台类别"), max_length=40, blank=True)
    subtype = models.CharField(_("子类"), max_length=40, blank=True)
    tier = models.CharField(_("平台分级"), max_length=20, choices=Tier.choices)
    rule_key = models.CharField(max_length=60)
    rule_version = models.CharField(_("规则版本"), max_length=40)
    rule_sha256 = models.CharField(max_length=64)
    inputs = models.JSONField(_("输入"))
    reasons = models.JSONField(_("理由"))
    is_current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台分类分级")
        verbose_name_plural = _("平台分类分级")
        ordering = ["platform_id", "-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year"],
                condition=models.Q(is_current=True),
                name="classification_current_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year} {self.get_tier_display()}"

    @property
    def rules(self):
        from wangjian.platforms.classification import rules_version

        return rules_version(self.rule_version)

    @property
    def category_label(self) -> str:
        label = self.rules.category_label(self.category)
        subtype = self.rules.subtype_label(self.category, self.subtype)
        return f"{label} · {subtype}" if subtype else label or "未确定"
