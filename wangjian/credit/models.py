"""信用记录、名单、信用修复与信用风险分类.

Legal bases: 《企业信息公示暂行条例》(国务院令第654号); 《企业经营异常名录管理暂行办法》
(工商总局令第68号); 《市场监督管理严重违法失信名单管理办法》(总局令第44号);
《市场监督管理行政处罚信息公示规定》(总局令第45号); 《市场监督管理信用修复管理办法》;
《市场监管总局关于推进企业信用风险分类管理进一步提升监管效能的意见》(国市监信发〔2022〕6号).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.credit.choices import (
    CreditEventKind,
    CreditListKind,
    ListEntryState,
    RemovalReason,
    RepairKind,
    RepairState,
    Severity,
    Tier,
    TierRunKind,
)
from wangjian.credit.querysets import CreditQuerySet

ENTITY = "registry.MarketEntity"


class CreditEvent(models.Model):
    """信用记录: one dated fact about a market entity from any source (行政处罚, 名单列入与移出,
    抽查结果, 监测发现, 投诉举报, 许可问题, 年报), with its legal basis and a reference to the
    record in the app that produced it (``source_app``/``source_type``/``source_id``).

    ``publicity_until`` is the end of the publicity period (行政处罚信息公示规定 第十三条);
    ``publicity_ended_on`` is an early stop granted by 信用修复; ``withdrawn_on`` marks a
    record withdrawn because its decision was changed, revoked or held void (同规定 第十一条).
    """

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="credit_events")
    kind = models.CharField(_("种类"), max_length=30, choices=CreditEventKind.choices)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, blank=True, default=""
    )
    occurred_on = models.DateField(_("日期"))
    legal_basis = models.CharField(_("法律依据"), max_length=120)
    summary = models.CharField(_("摘要"), max_length=300)
    source_app = models.CharField(_("来源"), max_length=30)
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    sensitive_sector = models.BooleanField(_("食品、药品、特种设备领域"), default=False)
    publicity_until = models.DateField(_("公示期至"), null=True, blank=True)
    publicity_ended_on = models.DateField(_("提前停止公示日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["entity", "kind", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_app", "source_type", "source_id", "kind"],
                condition=~models.Q(source_id=""),
                name="credit_event_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}: {self.summary[:60]}"


class CreditListEntry(models.Model):
    """名单列入: 经营异常名录 or 严重违法失信名单 for one entity, from 告知 through listing to
    removal (经营异常名录管理暂行办法 第四条; 严重违法失信名单管理办法 第二条).

    The statement deadline, the scheduled end and the earliest early removal are computed from
    the dated rules in ``data/rules.yaml`` when the notice is given or the listing decided.
    """

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="credit_lists")
    list_kind = models.CharField(_("名单"), max_length=10, choices=CreditListKind.choices)
    ground = models.CharField(_("列入事由"), max_length=300)
    ground_basis = models.CharField(_("列入依据"), max_length=120)
    state = models.CharField(_("状态"), max_length=12, choices=ListEntryState.choices)
    notified_on = models.DateField(_("告知日期"))
    statement_due_on = models.DateField(_("陈述申辩截止日"))
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    hearing_requested = models.BooleanField(_("申请听证"), default=False)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    expires_on = models.DateField(_("期满日期"), null=True, blank=True)
    early_removal_from = models.DateField(_("可申请提前移出日期"), null=True, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(
        _("移出原因"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    decision_note = models.TextField(_("决定说明"), blank=True)
    penalty_event = models.ForeignKey(
        CreditEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rules_applied = models.JSONField(_("适用规则"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("名单列入")
        verbose_name_plural = _("名单列入")
        ordering = ["-notified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()} {self.entity_id} ({self.get_state_display()})"


class RepairApplication(models.Model):
    """信用修复申请 (信用修复管理办法 第二条、第四条): removal from 经营异常名录, early removal
    from 严重违法失信名单 or an early stop of penalty publicity, with the conditions checked on
    the application date and the decision deadline on the working-day calendar."""

    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="credit_repairs")
    kind = models.CharField(_("修复类型"), max_length=30, choices=RepairKind.choices)
    list_entry = models.ForeignKey(
        CreditListEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="repairs"
    )
    penalty_event = models.ForeignKey(
        CreditEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="repairs"
    )
    applied_on = models.DateField(_("申请日期"))
    due_on = models.DateField(_("决定期限"))
    due_basis = models.JSONField(_("期限依据"), default=dict)
    conditions = models.JSONField(_("修复条件"), default=list)
    statement = models.TextField(_("申请说明"), blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=RepairState.choices, default=RepairState.PENDING
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entity_id} {self.applied_on}"


class TierModel(models.Model):
    """信用风险分类指标模型版本: the indicator system (国市监信发〔2022〕6号 "通用型") as loaded
    from ``data/tier_models/*.yaml``; ``content`` is the file's data and ``sha256`` its digest,
    so a past classification names exactly the model it used."""

    key = models.CharField(_("模型"), max_length=60)
    version = models.CharField(_("版本"), max_length=30)
    title = models.CharField(_("名称"), max_length=200)
    effective_on = models.DateField(_("施行日期"))
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("分类模型")
        verbose_name_plural = _("分类模型")
        ordering = ["key", "-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="tier_model_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class TierRun(models.Model):
    """分类批次: one monthly recompute of the register, or the recompute of one entity."""

    model = models.ForeignKey(TierModel, on_delete=models.PROTECT, related_name="runs")
    kind = models.CharField(_("类型"), max_length=10, choices=TierRunKind.choices)
    as_of = models.DateField(_("分类基准日"))
    entity_count = models.PositiveIntegerField(_("主体数"), default=0)
    # False once a later whole-register run has superseded every row of this run, so that the
    # next run need not look at it.
    holds_current = models.BooleanField(default=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("分类批次")
        verbose_name_plural = _("分类批次")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of}"


class TierAssessment(models.Model):
    """信用风险分类结果: one entity's score and tier under one model version on one date.
    Internal (监管内部参考, never on public pages). Older rows stay as history;
    ``is_current`` marks the latest."""

    run = models.ForeignKey(TierRun, on_delete=models.CASCADE, related_name="assessments")
    entity = models.ForeignKey(ENTITY, on_delete=models.CASCADE, related_name="tier_assessments")
    score = models.IntegerField(_("风险分"))
    tier = models.CharField(_("分类"), max_length=1, choices=Tier.choices)
    direct_rule = models.CharField(_("直接判定规则"), max_length=60, blank=True)
    is_current = models.BooleanField(default=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用风险分类结果")
        verbose_name_plural = _("信用风险分类结果")
        ordering = ["-run_id"]
        # An entity's current tier (the draw's object pool reads it for every entity) must be
        # one index lookup whatever the planner's statistics: without this index PostgreSQL
        # walked the run_id index backwards, filtering the whole run for each entity.
        indexes = [
            models.Index(
                fields=["entity", "-run"],
                condition=models.Q(is_current=True),
                name="credit_assessment_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.tier} ({self.score})"


class TierContribution(models.Model):
    """One indicator's points for one entity in one run, with how many records gave them."""

    run = models.ForeignKey(TierRun, on_delete=models.CASCADE, related_name="+", db_index=False)
    entity = models.ForeignKey(ENTITY, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.CharField(max_length=60)
    points = models.IntegerField()
    record_count = models.IntegerField()

    class Meta:
        ordering = ["-points", "indicator"]
        indexes = [models.Index(fields=["run", "entity"], name="credit_contribution_run_entity")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.points}"


class TierEvidence(models.Model):
    """A record behind an indicator for one entity in one run: a credit event, a list entry, or
    the entity's own registration (for basic attributes)."""

    run = models.ForeignKey(TierRun, on_delete=models.CASCADE, related_name="+", db_index=False)
    entity = models.ForeignKey(ENTITY, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.CharField(max_length=60)
    record_type = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    record_on = models.DateField(null=True)

    class Meta:
        ordering = ["indicator", "record_on", "record_id"]
        indexes = [models.Index(fields=["run", "entity"], name="credit_evidence_run_entity")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.record_type} {self.record_id}"
