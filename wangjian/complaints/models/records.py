"""投诉举报件: a complaint or report as received, with the rule version that governs it.

Legal basis: 暂行办法 第七条、第九条、第十二条、第二十七条、第三十三条 (see the model's docstring);
which 办法 applies to a record is its ``rule_version``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.choices import (
    AdPublisher,
    Channel,
    PurchaseChannel,
    RecordKind,
    RespondentKind,
    State,
)

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """投诉举报件: one complaint (投诉) or one report (举报) as received.

    Fields follow 暂行办法 第九条 (complainant name, phone, address; respondent name and address;
    request and facts). ``division`` is the handling bureau's division, assigned by 第十二条
    (complaints) or 第二十七条 (reports); ``sibling`` links the two halves of a mixed submission
    (第七条). The complainant's contact and a reporter's identity are personal data: shown only
    to roles with ``complaints.view_personal_data``, audited, and never to the respondent
    (第三十三条).
    """

    receipt_number = models.CharField(_("登记编号"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=RecordKind.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    external_id = models.CharField(_("外部编号"), max_length=80, blank=True)
    sibling = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("收到日期"))
    rule_version = models.CharField(_("适用规则版本"), max_length=40)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    # Complainant / reporter (personal data).
    complainant_name = models.CharField(_("投诉人（举报人）姓名"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    complainant_address = models.CharField(_("联系地址"), max_length=300, blank=True)
    complainant_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    real_name = models.BooleanField(_("实名举报"), default=True)
    lookup_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Respondent.
    respondent_name = models.CharField(_("被投诉人名称"), max_length=200)
    respondent_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    respondent_address = models.CharField(_("被投诉人地址"), max_length=300, blank=True)
    address_shown = models.BooleanField(_("经营者在平台公示了地址"), default=True)
    respondent_kind = models.CharField(
        _("被投诉人类型"), max_length=20, choices=RespondentKind.choices
    )
    respondent_entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("登记主体"),
    )
    respondent_shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("网店"),
    )
    platform = models.ForeignKey(
        "registry.Platform",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("平台"),
    )
    match_method = models.CharField(_("匹配方式"), max_length=20, blank=True)
    # The signed-in consumer who filed it online, so their home lists their own records; forms
    # filed without an account, by phone or through 12315 have none.
    filed_by = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("提交账号"),
    )
    respondent_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    purchase_channel = models.CharField(
        _("购买渠道"), max_length=20, choices=PurchaseChannel.choices
    )
    shop_url = models.CharField(_("店铺网址"), max_length=500, blank=True)
    # A report of an illegal advertisement goes by the publisher's place (暂行办法 第二十八条).
    advertisement = models.BooleanField(_("举报违法广告"), default=False)
    ad_publisher = models.CharField(
        _("广告发布者"), max_length=20, choices=AdPublisher.choices, blank=True
    )
    ad_publisher_name = models.CharField(_("广告发布者名称"), max_length=200, blank=True)
    ad_publisher_uscc = models.CharField(_("广告发布者统一社会信用代码"), max_length=18, blank=True)
    ad_publisher_entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("广告发布者（登记主体）"),
    )
    facts = models.TextField(_("事实与理由"))
    request = models.TextField(_("诉求"), blank=True)
    category = models.CharField(_("商品或服务类别"), max_length=60, blank=True)
    issue = models.CharField(_("问题类型"), max_length=60, blank=True)
    amount = models.DecimalField(
        _("涉及金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    known_on = models.DateField(_("知道权益受损日期"), null=True, blank=True)
    evidence_note = models.TextField(_("证据材料说明"), blank=True)
    # Jurisdiction.
    received_by = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, related_name="+", verbose_name=_("收到部门区划")
    )
    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, related_name="+", verbose_name=_("处理部门区划")
    )
    jurisdiction_reason = models.TextField(_("管辖依据"), blank=True)
    # Handling.
    odr_applies = models.BooleanField(_("适用ODR"), default=False)
    odr_answer = models.TextField(_("经营者答复"), blank=True)
    odr_outcome = models.CharField(_("ODR结果"), max_length=20, blank=True)
    decision_ground = models.CharField(_("不予受理/终止情形"), max_length=10, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    handler = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    mediation_result = models.TextField(_("调解结果"), blank=True)
    case_reference = models.CharField(_("案件编号"), max_length=80, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    published = models.BooleanField(_("公开"), default=False)
    signature = models.JSONField(default=list, blank=True, editable=False)
    # 重复与系列筛查: run after the record is committed, by the batched screening task; empty
    # while the flags are still pending.
    screened_at = models.DateTimeField(_("筛查时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = querysets.ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉举报件")
        verbose_name_plural = _("投诉举报件")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id", "kind"],
                condition=~models.Q(external_id=""),
                name="complaint_external_id_unique",
            )
        ]
        indexes = [models.Index(fields=["division", "received_on"])]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.get_kind_display()}"
