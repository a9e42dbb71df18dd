"""市场主体 and what belongs to it: former names, merchant accounts, licences.

Legal basis: 《市场主体登记管理条例》 (国务院令第746号); 《电子商务法》 (2018) 第十条 (registration
exemptions) and 第十五条 (亮照亮证).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import EntityStatus, EntityType

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
