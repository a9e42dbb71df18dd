"""提示 and 移送: what a submission or a licence check raises for a regulator to look at.

Legal basis: 《电子商务法》 (2018) 第十五条 and 第二十八条; 《网络交易监督管理办法》 (总局令第37号)
on territorial jurisdiction.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import FlagKind, FlagState
from wangjian.registry.models.entities import MarketEntity
from wangjian.registry.models.shops import OnlineShop
from wangjian.registry.models.submissions import Submission

DIVISION = "core.Division"


class Flag(models.Model):
    """提示: something a regulator should look at, raised by a submission or a licence check
    (电子商务法 第二十八条; 网络交易办法 第八条 for the turnover threshold)."""

    kind = models.CharField(_("类型"), max_length=40, choices=FlagKind.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=FlagState.choices, default=FlagState.OPEN
    )
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(
        MarketEntity, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    shop = models.ForeignKey(
        OnlineShop, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    detail = models.TextField(_("说明"))
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    basis_data = models.JSONField(_("适用数据"), default=dict, blank=True)
    raised_on = models.DateField(_("提示日期"))
    closed_at = models.DateTimeField(null=True, blank=True)
    handling_note = models.TextField(_("处理说明"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_division = models.ForeignKey(
        DIVISION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移送至"),
    )
    correction_note = models.TextField(_("平台更正说明"), blank=True)
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = querysets.FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("提示")
        verbose_name_plural = _("提示")
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail[:60]}"


class Referral(models.Model):
    """移送: a shop whose operator is outside the jurisdiction, listed for the competent bureau
    (《市场监督管理行政处罚程序规定》 第十八条 on transfer; 电子商务法 第二十八条 reporting)."""

    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="referrals")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="referrals")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    target_division = models.ForeignKey(
        DIVISION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移送至"),
    )
    address = models.CharField(_("经营地址"), max_length=300)
    created_on = models.DateField(_("列入日期"))

    objects = querysets.ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("移送清单")
        verbose_name_plural = _("移送清单")
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "submission"], name="referral_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shop} → {self.target_division}"
