"""Where an entity sells online: shops on platforms, self-run sites, live rooms and hosts.

Legal basis: 《电子商务法》 (2018) 第九条 and 第十条; 《网络交易监督管理办法》 (总局令第37号).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import ExemptionGround, OperatorKind, SiteKind
from wangjian.registry.models.entities import MarketEntity
from wangjian.registry.models.platforms import Platform

DIVISION = "core.Division"


class OnlineShop(models.Model):
    """平台内经营者的店铺: a shop on a platform, run by a market entity or an exempt natural person.

    Natural persons need an exemption ground (电子商务法 第十条); their ID number is kept only as
    a keyed hash and a masked form (《个人信息保护法》 第二十八条, sensitive personal information).
    ``division`` places the shop by its actual business address.
    """

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="shops")
    shop_id = models.CharField(_("店铺编号"), max_length=100)
    name = models.CharField(_("店铺名称"), max_length=200)
    url = models.CharField(_("店铺网址"), max_length=500)
    operator_kind = models.CharField(_("经营者类型"), max_length=20, choices=OperatorKind.choices)
    entity = models.ForeignKey(
        MarketEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shops",
        verbose_name=_("市场主体"),
    )
    operator_name = models.CharField(_("经营者名称"), max_length=200)
    declared_uscc = models.CharField(_("报送的统一社会信用代码"), max_length=18, blank=True)
    person_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    person_id_masked = models.CharField(_("身份证号码（脱敏）"), max_length=18, blank=True)
    exemption_ground = models.CharField(
        _("免于登记情形"), max_length=30, choices=ExemptionGround.choices, blank=True
    )
    declared_turnover = models.DecimalField(
        _("申报年交易额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    address = models.CharField(_("实际经营地址"), max_length=300)
    division = models.ForeignKey(
        DIVISION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经营地所在区划"),
    )
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    category = models.CharField(_("主营类目"), max_length=100, blank=True)
    opened_on = models.DateField(_("开店日期"), null=True, blank=True)
    first_seen_on = models.DateField(_("首次报送日期"))
    last_seen_on = models.DateField(_("最近报送日期"))
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = querysets.OnlineShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("网店")
        verbose_name_plural = _("网店")
        ordering = ["platform_id", "shop_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "shop_id"], name="shop_unique_per_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelfRunSite(models.Model):
    """自建网站、应用程序、小程序 with its ICP备案号 (电子商务法 第九条 "自建网站";
    《互联网信息服务管理办法》 第四条 on ICP filing)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="sites")
    kind = models.CharField(_("类型"), max_length=20, choices=SiteKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    url = models.CharField(_("网址/标识"), max_length=500)
    icp_filing = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    first_seen_on = models.DateField(_("发现日期"), null=True, blank=True)

    objects = querysets.EntityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("自建网站/应用")
        verbose_name_plural = _("自建网站/应用")
        ordering = ["entity_id", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class LiveRoom(models.Model):
    """直播间: a live-stream room selling for a shop.

    Legal basis: 网络交易办法 on live commerce; 《直播电商监督管理办法》 (2026).
    """

    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="live_rooms")
    room_id = models.CharField(_("直播间编号"), max_length=100)
    name = models.CharField(_("直播间名称"), max_length=200)
    url = models.CharField(_("网址"), max_length=500, blank=True)
    first_seen_on = models.DateField(_("发现日期"), null=True, blank=True)

    objects = querysets.LiveRoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("直播间")
        verbose_name_plural = _("直播间")
        ordering = ["shop_id", "room_id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "room_id"], name="live_room_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class LiveHost(models.Model):
    """主播: a host appearing in a live room (直播营销人员)."""

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="hosts")
    name = models.CharField(_("主播昵称"), max_length=100)
    account = models.CharField(_("平台账号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("主播")
        verbose_name_plural = _("主播")
        ordering = ["room_id", "name"]

    def __str__(self) -> str:
        return self.name
