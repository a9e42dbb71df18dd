"""Self-discipline: 诚信网商 / 放心网店 public commitments and industry associations with their
members and published 自律公约 and standards (《浙江省网络监管与服务示范区创建办法（试行）》(2017)
第十七条、第十八条; templates and the revocation rule are data: ``data/commitments.yaml``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.services.choices import AssociationDocumentKind, CommitmentState
from wangjian.services.querysets import (
    AssociationChildQuerySet,
    AssociationQuerySet,
    EntityServiceQuerySet,
)

USER = settings.AUTH_USER_MODEL
ENTITY = "registry.MarketEntity"


class Commitment(models.Model):
    """公开承诺 (诚信网商承诺 or 放心网店承诺): the text of a template version signed by the
    entity's account, with who signed, when, the version and the SHA-256 of the text; revoked
    automatically when the entity is listed (the rule is data)."""

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="commitments")
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("网店"),
    )
    template_key = models.CharField(_("承诺类型"), max_length=40)
    template_name = models.CharField(_("承诺名称"), max_length=100)
    template_version = models.CharField(_("模板版本"), max_length=20)
    text = models.TextField(_("承诺内容"))
    text_sha256 = models.CharField(_("承诺内容 SHA-256"), max_length=64)
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签署时间"))
    state = models.CharField(
        _("状态"), max_length=10, choices=CommitmentState.choices, default=CommitmentState.ACTIVE
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    revocation_basis = models.JSONField(_("撤销依据"), default=dict, blank=True)
    revoked_by_listing = models.ForeignKey(
        "credit.CreditListEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EntityServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开承诺")
        verbose_name_plural = _("公开承诺")
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "template_key"],
                condition=models.Q(state="active", shop__isnull=True),
                name="services_one_active_entity_commitment",
            ),
            models.UniqueConstraint(
                fields=["shop", "template_key"],
                condition=models.Q(state="active", shop__isnull=False),
                name="services_one_active_shop_commitment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_name} {self.entity_id}"


class IndustryAssociation(models.Model):
    """行业协会 (e.g. 网商协会): its accounts publish 自律公约 and standards and see their
    members' commitments (浙江示范区创建办法 第十八条: 发挥网商协会等行业协会的引领作用)."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("简介"), blank=True)
    accounts = models.ManyToManyField(USER, blank=True, related_name="industry_associations")

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("行业协会")
        verbose_name_plural = _("行业协会")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssociationMembership(models.Model):
    """An entity's membership of an association, kept by bureau staff or the association."""

    association = models.ForeignKey(
        IndustryAssociation, on_delete=models.CASCADE, related_name="memberships"
    )
    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("入会日期"))
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    objects = AssociationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("协会会员")
        verbose_name_plural = _("协会会员")
        ordering = ["entity__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "entity"], name="services_membership_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.entity_id}"


class AssociationDocument(models.Model):
    """自律公约 or 行业标准 published by an association; public once published."""

    association = models.ForeignKey(
        IndustryAssociation, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=AssociationDocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    version = models.CharField(_("版本"), max_length=20)
    body = models.TextField(_("正文"))
    published_on = models.DateField(_("发布日期"))
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = AssociationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("协会自律文件")
        verbose_name_plural = _("协会自律文件")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
