"""监督抽查 of product quality: plans, samples bought online or taken in shops, the testing
body's report, notification of producer and seller, the objection period, publication and the
follow-up of a 不合格 result.

Legal bases: 《产品质量法》(2018) 第十五条 (监督抽查; objection and re-test within 15 days of
receiving the result), 第十七条 (不合格: 责令限期改正); 《产品质量监督抽查管理暂行办法》
(市场监管总局令第18号, 2020-01-01) on plans, sampling, testing, objections and publication
(article numbers unconfirmed, see data/product_sampling.yaml).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.querysets import JurisdictionQuerySet


class SamplingPlanQuerySet(JurisdictionQuerySet):
    def public(self):
        """Plans with a published result (公布), which the public results page shows."""
        return self.filter(samples__published_on__isnull=False).distinct()


class SampleQuerySet(JurisdictionQuerySet):
    division_path_lookup = "plan__division__path"

    def published(self):
        return self.filter(published_on__isnull=False)


class SamplingPlan(models.Model):
    """监督抽查计划: the product category, the standard tested against with its test items, the
    sample count per stratum and the budget (产品质量法 第十五条; 暂行办法 on 抽查计划)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    product_category = models.CharField(_("产品类别"), max_length=100)
    standard = models.CharField(_("检验依据（标准或规定）"), max_length=200)
    test_items = models.JSONField(_("检验项目"), default=list)
    strata = models.JSONField(_("分层及样品数"), default=list)
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2)
    testing_body = models.CharField(_("承检机构"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SamplingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("监督抽查计划")
        verbose_name_plural = _("监督抽查计划")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class SampleState(models.TextChoices):
    SAMPLED = "sampled", _("已抽样")
    TESTED = "tested", _("已出具检验报告")
    NOTIFIED = "notified", _("已告知检验结果")
    OBJECTED = "objected", _("异议复检中")
    FINAL = "final", _("结果已确定")
    CLOSED = "closed", _("已处理")


class Sample(models.Model):
    """样品: one sample with where it was bought (a shop online, with the listing captured as
    evidence, or a shop offline), the report (result per item, 合格/不合格), the notices to
    producer and seller with the objection deadline, publication and the follow-up."""

    plan = models.ForeignKey(SamplingPlan, on_delete=models.PROTECT, related_name="samples")
    number = models.CharField(_("样品编号"), max_length=40)
    stratum = models.CharField(_("分层"), max_length=50)
    channel = models.CharField(_("抽样渠道"), max_length=10)
    seller = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.PROTECT, related_name="samples_sold"
    )
    producer = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samples_made",
    )
    producer_name = models.CharField(_("标称生产者"), max_length=200)
    product_name = models.CharField(_("产品名称"), max_length=200)
    batch = models.CharField(_("批号或生产日期"), max_length=100, blank=True)
    listing_url = models.URLField(_("商品页面网址"), max_length=2000, blank=True)
    listing_evidence = models.CharField(_("商品页面存证编号"), max_length=32, blank=True)
    price = models.DecimalField(_("购样费用（元）"), max_digits=10, decimal_places=2)
    sampled_on = models.DateField(_("抽样日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=SampleState.choices, default=SampleState.SAMPLED
    )
    report_number = models.CharField(_("检验报告编号"), max_length=60, blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    item_results = models.JSONField(_("逐项检验结果"), default=dict, blank=True)
    conclusion = models.CharField(_("检验结论"), max_length=12, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_file = models.FileField(upload_to="inspections/sampling/%Y/", blank=True)
    report_custody_index = models.PositiveBigIntegerField(null=True, blank=True)
    producer_notified_on = models.DateField(_("告知生产者日期"), null=True, blank=True)
    seller_notified_on = models.DateField(_("告知销售者日期"), null=True, blank=True)
    objection_due_on = models.DateField(_("异议期限"), null=True, blank=True)
    objection_rule = models.JSONField(default=dict, blank=True)
    objection_filed_on = models.DateField(_("异议提出日期"), null=True, blank=True)
    objection_text = models.TextField(_("异议内容"), blank=True)
    retest_conclusion = models.CharField(_("复检结论"), max_length=12, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    follow_up = models.CharField(_("后续处理"), max_length=12, blank=True)
    rectify_due_on = models.DateField(_("改正期限"), null=True, blank=True)
    case_number = models.CharField(_("立案案源编号"), max_length=60, blank=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("样品")
        verbose_name_plural = _("样品")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="sample_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.product_name}"

    @property
    def final_conclusion(self) -> str:
        return self.retest_conclusion or self.conclusion
