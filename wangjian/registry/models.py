"""网络经营主体数据库: market entities, platforms, shops, sites, live rooms, licences, platform
submissions (报送) and what they raise (flags, referrals, entity links).

Legal bases: 《电子商务法》(2018) 第十条 (registration exemptions), 第十五条 (亮照亮证),
第二十七条 (platform KYC), 第二十八条 (reporting in-platform operators);
《网络交易监督管理办法》 (总局令第37号);
《网络交易合规数据报送管理暂行办法》 (in force 2025-04-25).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import (
    EntityStatus,
    EntityType,
    ExemptionGround,
    FlagKind,
    FlagState,
    LinkMethod,
    LinkState,
    OperatorKind,
    RegisterChangeKind,
    SiteKind,
    SubmissionChannel,
    SubmissionState,
)

DIVISION = "core.Division"


class MarketEntity(models.Model):
    """市场主体: an enterprise, 个体工商户 or 农民专业合作社 on the register, keyed by its
    统一社会信用代码.

    Legal basis: 《市场主体登记管理条例》 (国务院令第746号) 第八条 (registered particulars);
    GB 32100-2015 for the code. ``search_text`` is the normalised text the search index reads.
    """

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    entity_type = models.CharField(_("主体类型"), max_length=30, choices=EntityType.choices)
    legal_representative = models.CharField(_("法定代表人/经营者"), max_length=100, blank=True)
    # The representative's 居民身份证号码 as a keyed hash (registry.personal): people are linked
    # across entities by this, never by name — common names would link strangers.
    legal_representative_id_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    registered_address = models.CharField(_("住所"), max_length=300, blank=True)
    division = models.ForeignKey(
        DIVISION,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所在区划"),
    )
    registration_authority = models.CharField(_("登记机关"), max_length=100, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(
        _("登记状态"), max_length=20, choices=EntityStatus.choices, default=EntityStatus.ACTIVE
    )
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = querysets.MarketEntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("市场主体")
        verbose_name_plural = _("市场主体")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class FormerName(models.Model):
    """曾用名: a name the entity was registered under before a change.

    Legal basis: 《市场主体登记管理条例》 第二十四条 (registration of changes).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("曾用名"), max_length=200)
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")
        ordering = ["changed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="former_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


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


class MerchantAccount(models.Model):
    """经营者账号: a merchant user acting for a market entity."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_accounts"
    )
    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="accounts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "entity"], name="merchant_account_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.entity}"


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


class Licence(models.Model):
    """行政许可: a licence held by a market entity, e.g. 食品经营许可证 (食品安全法 第三十五条).

    Kinds and their number patterns are versioned data (``data/licensing.yaml``).
    """

    holder = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("许可种类"), max_length=40)
    number = models.CharField(_("许可证编号"), max_length=60)
    issuing_authority = models.CharField(_("发证机关"), max_length=100, blank=True)
    scope = models.TextField(_("许可范围"), blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    objects = querysets.LicenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政许可")
        verbose_name_plural = _("行政许可")
        ordering = ["holder_id", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="licence_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    def is_valid_on(self, day) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_until is None or day <= self.valid_until)


class Submission(models.Model):
    """报送: a platform's half-yearly report of its in-platform operators (电子商务法 第二十八条;
    《网络交易合规数据报送管理暂行办法》). ``content_hash`` makes re-submission a no-op."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(_("报送期"), max_length=7)
    channel = models.CharField(_("渠道"), max_length=20, choices=SubmissionChannel.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    content_hash = models.CharField(max_length=64)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=20, choices=SubmissionState.choices)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_committed = models.PositiveIntegerField(_("入库行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("驳回行数"), default=0)
    flags_raised = models.PositiveIntegerField(_("提示数"), default=0)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diff = models.JSONField(_("与上期差异"), default=dict, blank=True)

    objects = querysets.SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台报送")
        verbose_name_plural = _("平台报送")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "content_hash"], name="submission_unique_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.period} #{self.pk}"


class SubmissionError(models.Model):
    """报送错误: one problem in one row of a submission (row, column, value and rule)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return self.message


class SubmissionRecord(models.Model):
    """报送记录: a shop as one submission reported it; the diff between periods compares these."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="records")
    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="records")
    row = models.PositiveIntegerField()
    data = models.JSONField()
    row_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "shop"], name="record_unique_shop"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row}"


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


class EntityLink(models.Model):
    """主体关联: a proposed or decided link from a shop to a market entity, with its confidence.

    Links from an exact USCC are automatic; name and address matches under the threshold wait
    for a regulator. Decisions are audited and can be reversed (the previous state is kept).
    """

    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="links")
    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="links")
    method = models.CharField(_("方式"), max_length=20, choices=LinkMethod.choices)
    confidence = models.FloatField(_("置信度"))
    state = models.CharField(_("状态"), max_length=20, choices=LinkState.choices)
    previous_state = models.CharField(max_length=20, choices=LinkState.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.EntityLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("主体关联")
        verbose_name_plural = _("主体关联")
        ordering = ["-confidence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "entity"], name="entity_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shop} → {self.entity} ({self.confidence:.2f})"


class RegisterLoad(models.Model):
    """登记数据导入: one load of a registration-register export (new, changed and closed
    entities). ``content_hash`` makes loading the same file again a no-op.

    Legal basis: 《市场主体登记管理条例》 第八条 (registered particulars), 第二十四条 (changes),
    第三十一条 (注销), 第三十八条 (吊销) — article numbers as cited by the registry models.
    """

    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    content_hash = models.CharField(max_length=64, unique=True)
    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("驳回行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    changed = models.PositiveIntegerField(_("变更"), default=0)
    status_changed = models.PositiveIntegerField(_("状态变更"), default=0)
    unchanged = models.PositiveIntegerField(_("无变化"), default=0)

    objects = querysets.RegisterLoadQuerySet.as_manager()

    class Meta:
        verbose_name = _("登记数据导入")
        verbose_name_plural = _("登记数据导入")
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} #{self.pk}"


class RegisterLoadError(models.Model):
    """登记数据导入错误: one problem in one row of a register load (row, column, value, rule)."""

    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return self.message


class RegisterChange(models.Model):
    """登记变更记录: what one load did to one entity, with the values before and after; a
    closure (注销、吊销、迁出) is a status change, never a deletion."""

    load = models.ForeignKey(
        RegisterLoad, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    entity = models.ForeignKey(
        MarketEntity, on_delete=models.CASCADE, related_name="register_changes"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RegisterChangeKind.choices)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("登记变更记录")
        verbose_name_plural = _("登记变更记录")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_kind_display()}"
