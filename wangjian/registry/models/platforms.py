"""电子商务平台经营者 and the accounts that submit for them.

Legal basis: 《电子商务法》 (2018) 第九条 (platform operators), 第二十七条 (platform KYC) and
第二十八条 (reporting in-platform operators).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.models.entities import MarketEntity

DIVISION = "core.Division"


class Platform(models.Model):
    """电子商务平台经营者 (电子商务法 第九条): the entity running a platform, its services and
    categories.

    ``division`` is the jurisdiction that receives its submissions (电子商务法 第二十八条).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="platforms")
    name = models.CharField(_("平台名称"), max_length=200, unique=True)
    services = models.JSONField(_("服务类型"), default=list, blank=True)
    categories = models.JSONField(_("经营类目"), default=list, blank=True)
    agreement_url = models.URLField(_("服务协议网址"), blank=True)
    domains = models.JSONField(_("域名"), default=list, blank=True)
    app_names = models.JSONField(_("应用程序名称"), default=list, blank=True)
    icp_filing = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送受理辖区")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("电子商务平台")
        verbose_name_plural = _("电子商务平台")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlatformAccount(models.Model):
    """平台报送账号: a platform_operator user who submits for a platform (电子商务法 第二十八条)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_accounts"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="accounts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "platform"], name="platform_account_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.platform}"
