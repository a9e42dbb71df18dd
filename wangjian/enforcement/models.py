"""Cases (案件) of the ordinary procedure, their approvals, paused intervals and transfers, and
the non-penalty tools (行政指导). Every change goes through ``actions``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.enforcement import querysets
from wangjian.enforcement.choices import (
    Acknowledgement,
    CaseState,
    GuidanceKind,
    GuidanceState,
    JudicialAnswer,
    MeasureKind,
    NoPenaltyGround,
    Outcome,
    PartyKind,
    PauseKind,
    RecordKind,
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


class Guidance(models.Model):
    """A non-penalty tool addressed to an entity or platform: 提醒告诫, 行政指导建议书, 行政约谈,
    警示, 责令改正. A recipient with an account acknowledges (送达) and answers."""

    kind = models.CharField(_("种类"), max_length=20, choices=GuidanceKind.choices)
    number = models.CharField(_("文书编号"), max_length=60, unique=True)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=20, choices=GuidanceState.choices, default=GuidanceState.ISSUED
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("对象（市场主体）"),
    )
    platform = models.ForeignKey(
        "registry.Platform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("对象（平台）"),
    )
    recipient_name = models.CharField(_("对象名称"), max_length=200)
    source_kind = models.CharField(_("来源"), max_length=20, choices=SourceKind.choices)
    source_note = models.CharField(_("来源说明"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="guidance"
    )
    clue = models.ForeignKey(
        "monitoring.Clue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inspection_result = models.ForeignKey(
        "inspections.InspectionResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hotspot = models.ForeignKey(
        "complaints.HotSpot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("来源投诉热点"),
    )
    content = models.TextField(_("内容"))
    legal_basis = models.JSONField(_("依据"), default=list, blank=True)
    # 行政约谈: notice with time, place and participants; the record; the commitment.
    meeting_at = models.DateTimeField(_("约谈时间"), null=True, blank=True)
    meeting_place = models.CharField(_("约谈地点"), max_length=200, blank=True)
    participants = models.CharField(_("参加人员"), max_length=300, blank=True)
    meeting_record = models.TextField(_("约谈记录"), blank=True)
    commitment = models.TextField(_("整改承诺"), blank=True)
    follow_up_due = models.DateField(_("整改跟踪期限"), null=True, blank=True)
    # 责令改正: the rectification deadline and the re-check.
    rectification_due = models.DateField(_("改正期限"), null=True, blank=True)
    rechecked_on = models.DateField(_("复查日期"), null=True, blank=True)
    recheck_result = models.TextField(_("复查结果"), blank=True)
    rectified = models.BooleanField(_("已改正"), null=True, blank=True)
    issued_on = models.DateField(_("发出日期"))
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("签收（送达）时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("答复（整改报告）"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政指导文书")
        verbose_name_plural = _("行政指导文书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def follow_up_date(self):
        return self.follow_up_due or self.rectification_due


class CaseRecord(models.Model):
    """询问笔录 or 现场检查笔录 of a case: who, when, where, the officers with their 执法证
    numbers (copied from the inspections 名录库 at the time of the record), the questions and
    answers or the observations, and the party's signature state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("笔录种类"), max_length=20, choices=RecordKind.choices)
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    # [{"user_id", "name", "certificate"}]
    officers = models.JSONField(_("执法人员"), default=list)
    subject_name = models.CharField(_("被询问人/在场人"), max_length=100)
    subject_role = models.CharField(_("身份/职务"), max_length=100, blank=True)
    # [{"q", "a"}] of an inquiry.
    questions = models.JSONField(_("问答"), default=list, blank=True)
    observations = models.TextField(_("检查情况"), blank=True)
    acknowledgement = models.CharField(
        _("签字确认"),
        max_length=20,
        choices=Acknowledgement.choices,
        default=Acknowledgement.PENDING,
    )
    acknowledgement_note = models.CharField(_("签字情况说明"), max_length=300, blank=True)
    acknowledged_on = models.DateField(_("签字日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("笔录")
        verbose_name_plural = _("笔录")
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"

    @property
    def officer_text(self) -> str:
        return "、".join(f"{o['name']}（执法证号 {o['certificate']}）" for o in self.officers)


class CaseRecordAttachment(models.Model):
    """A file of a record (photo, video, scanned signature page), stored under its SHA-256."""

    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    storage_path = models.CharField(_("存储路径"), max_length=300, editable=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.sha256[:12]}"


class HearingRecord(models.Model):
    """听证笔录: the hearing held on the party's request, tied to the paused interval of the
    decision period that the request opened (it ends on the hearing day)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    pause = models.OneToOneField(
        Pause, on_delete=models.PROTECT, null=True, blank=True, related_name="hearing_record"
    )
    held_on = models.DateField(_("听证日期"))
    place = models.CharField(_("听证地点"), max_length=200)
    host = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("听证主持人")
    )
    participants = models.TextField(_("听证参加人"))
    officer_statement = models.TextField(_("办案人员提出的事实、证据和处理意见"), blank=True)
    party_statement = models.TextField(_("当事人的陈述、申辩和质证意见"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("听证笔录")
        verbose_name_plural = _("听证笔录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"听证 {self.held_on}"


class Measure(models.Model):
    """先行登记保存 (行政处罚法 第五十六条) or 查封/扣押 (行政强制法 第二十五条) in a case, with
    the deadline computed from procedure.yaml when it was taken."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("措施"), max_length=20, choices=MeasureKind.choices)
    items = models.TextField(_("物品清单"))
    reason = models.CharField(_("理由"), max_length=300)
    started_on = models.DateField(_("采取日期"))
    due = models.DateField(_("期限"))
    extended_days = models.PositiveIntegerField(_("延长天数"), default=0)
    ended_on = models.DateField(_("处理日期"), null=True, blank=True)
    outcome = models.CharField(_("处理决定"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    extended_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class JudicialTransfer(models.Model):
    """移送司法机关: a case of a suspected crime sent to the public-security organ
    (行政处罚法 第二十七条; 行政执法机关移送涉嫌犯罪案件的规定), its receipt and the answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="judicial_transfers")
    organ = models.CharField(_("接收机关"), max_length=200)
    reason = models.TextField(_("涉嫌犯罪的事实和移送理由"))
    materials = models.TextField(_("移送材料"))
    sent_on = models.DateField(_("移送日期"))
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    receipt_number = models.CharField(_("回执编号"), max_length=80, blank=True)
    answer = models.CharField(
        _("答复"), max_length=20, choices=JudicialAnswer.choices, default=JudicialAnswer.PENDING
    )
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer_note = models.CharField(_("答复说明"), max_length=300, blank=True)
    pause = models.OneToOneField(
        Pause, on_delete=models.PROTECT, null=True, blank=True, related_name="judicial_transfer"
    )

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"移送 {self.organ} {self.sent_on}"
