"""案件 of the ordinary procedure: case numbers, the case itself, its approval rounds, paused
intervals of the decision period and transfers to another bureau.

Legal basis: 《行政处罚法》 (2021); 《市场监督管理行政处罚程序规定》 (总局令第42号, 2021修订);
deadlines and numbering are data (``data/procedure.yaml``, ``data/numbering.yaml``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.enforcement import querysets
from wangjian.enforcement.choices import (
    CaseState,
    NoPenaltyGround,
    Outcome,
    PartyKind,
    PauseKind,
    SourceKind,
    Stage,
    Subject,
)

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class NumberCounter(models.Model):
    """The last number issued in one series of one bureau and year; locked while a number is
    taken, so numbers have no gaps and no duplicates."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["division", "series", "year"], name="enforcement_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Case(models.Model):
    """案件: from the case source (核查) to the decision, its service, execution and closing."""

    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, related_name="+", verbose_name=_("办案机关辖区")
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办案机关"),
    )
    source_number = models.CharField(_("案源登记号"), max_length=60, unique=True)
    # 简易程序: decided on the spot (行政处罚法 第五十一条), without 立案 and not published.
    summary_procedure = models.BooleanField(_("简易程序"), default=False)
    number = models.CharField(_("立案号"), max_length=60, blank=True, db_index=True)
    decision_number = models.CharField(_("决定书文号"), max_length=60, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=CaseState.choices, default=CaseState.VERIFYING
    )
    source_kind = models.CharField(_("案件来源"), max_length=20, choices=SourceKind.choices)
    source_note = models.CharField(_("来源说明"), max_length=300, blank=True)
    clue = models.ForeignKey(
        "monitoring.Clue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("来源线索"),
    )
    report = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("来源举报"),
    )
    inspection_result = models.ForeignKey(
        "inspections.InspectionResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("来源检查结果"),
    )
    field_inspection = models.ForeignKey(
        "inspections.FieldInspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("来源行政检查"),
    )
    sample = models.ForeignKey(
        "inspections.Sample",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("来源监督抽查样品"),
    )
    # The party (当事人).
    party_kind = models.CharField(_("当事人类型"), max_length=20, choices=PartyKind.choices)
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("当事人（市场主体）"),
    )
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_cases",
        verbose_name=_("涉案网店"),
    )
    party_name = models.CharField(_("当事人名称"), max_length=200)
    person_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    person_id_masked = models.CharField(_("身份证号码（脱敏）"), max_length=18, blank=True)
    party_division_code = models.CharField(_("当事人登记地代码"), max_length=12, blank=True)
    # Facts and law.
    conduct = models.TextField(_("涉嫌违法行为"))
    violated_articles = models.JSONField(_("违反的条文"), default=list)
    penalty_article = models.CharField(_("处罚依据"), max_length=80, blank=True)
    exemption_items = models.JSONField(_("对应免罚清单事项"), default=list, blank=True)
    # Clocks.
    procedure_version = models.CharField(_("程序期限版本"), max_length=40)
    found_on = models.DateField(_("发现线索日期"))
    verification_due = models.DateField(_("核查期限"), null=True, blank=True)
    verification_basis = models.CharField(_("核查期限依据"), max_length=200, blank=True)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    decision_due = models.DateField(_("办案期限"), null=True, blank=True)
    extended_days = models.PositiveIntegerField(_("已延长天数"), default=0)
    review_due = models.DateField(_("法制审核期限"), null=True, blank=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    statement_due = models.DateField(_("陈述申辩期限"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    hearing_requested = models.BooleanField(_("要求听证"), default=False)
    calendar_note = models.CharField(_("日历说明"), max_length=300, blank=True)
    # The proposal and the decision.
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    penalty_kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_amount = models.DecimalField(
        _("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_base_amount = models.DecimalField(
        _("计罚基数（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_amount = models.DecimalField(
        _("没收金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    no_penalty_ground = models.CharField(
        _("不予处罚理由"), max_length=20, choices=NoPenaltyGround.choices, blank=True
    )
    exemption_answer = models.JSONField(_("免罚规则判断"), default=dict, blank=True)
    education_record = models.TextField(_("教育记录"), blank=True)
    decision_reason = models.TextField(_("处理理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    payment_due = models.DateField(_("缴款期限"), null=True, blank=True)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)
    execution_note = models.CharField(_("执行情况"), max_length=300, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    publicity_due = models.DateField(_("公示期限"), null=True, blank=True)
    publicity_rule = models.CharField(_("公示期限依据"), max_length=80, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    decision_changed_on = models.DateField(_("决定变更、撤销或确认无效日期"), null=True, blank=True)
    publicity_withdrawn_on = models.DateField(_("撤回公示日期"), null=True, blank=True)
    credit_event = models.ForeignKey(
        "credit.CreditEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("信用记录"),
    )
    transfer_pending = models.BooleanField(_("移送待接收"), default=False)
    handler = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办人")
    )
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-found_on", "-id"]
        indexes = [
            models.Index(fields=["division", "state"], name="enforcement_case_div_state"),
            # The overdue queries: one index per clock, each covering the bureau filter.
            models.Index(fields=["state", "decision_due", "division"], name="enforcement_case_due"),
            models.Index(
                fields=["state", "verification_due", "division"],
                name="enforcement_case_verif_due",
            ),
            models.Index(
                fields=["state", "statement_due", "division"], name="enforcement_case_stmt_due"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.source_number

    @property
    def display_number(self) -> str:
        return self.number or self.source_number

    @property
    def penalty_kind_labels(self) -> str:
        from wangjian.enforcement.choices import PenaltyKind

        return "、".join(
            str(PenaltyKind(kind).label)
            for kind in self.penalty_kinds
            if kind in PenaltyKind.values
        )


class Approval(models.Model):
    """One step of an approval round: the officer's opinion, the review, the head's approval."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    subject = models.CharField(_("审批事项"), max_length=20, choices=Subject.choices)
    stage = models.CharField(_("步骤"), max_length=20, choices=Stage.choices)
    round = models.PositiveIntegerField(_("轮次"))
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=30)
    agreed = models.BooleanField(_("同意"), default=True)
    opinion = models.TextField(_("意见"))
    payload = models.JSONField(default=dict, blank=True)
    on = models.DateField(_("日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} · {self.get_stage_display()}"


class Pause(models.Model):
    """A paused interval of the decision period (中止、听证、公告、检测检验鉴定)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("事由"), max_length=20, choices=PauseKind.choices)
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.CharField(_("说明"), max_length=300)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"

    @property
    def days(self) -> int | None:
        """Days not counted: from the start day up to the day before the resumption."""
        if self.ended_on is None:
            return None
        return (self.ended_on - self.started_on).days


class Transfer(models.Model):
    """移送 to another bureau: the receiving bureau takes the case over, the sender keeps
    read access to what it sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    to_division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("移送理由"))
    sent_on = models.DateField(_("移送日期"))
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    received_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"移送 {self.sent_on}"
