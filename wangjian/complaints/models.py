"""投诉举报: complaints and reports, their statutory clocks, handling steps, near-duplicates,
serial-claim flags, hot spots and consumer warnings (消费警示).

Legal basis: 《市场监督管理投诉举报处理暂行办法》 (总局令第20号, 2019, amended 2022; repealed
2026-04-15) and 《市场监督管理投诉举报处理办法》 (总局令第121号, in force 2026-04-15); which one
applies to a record is its ``rule_version`` (``rules.rules_on(received_on)``).
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.choices import (
    AdPublisher,
    AttachmentSource,
    Channel,
    FlagState,
    HotSpotDimension,
    LinkState,
    MediationMode,
    NoticeDocument,
    NoticeMethod,
    NoticeRecipient,
    PurchaseChannel,
    RecordKind,
    RespondentKind,
    State,
    WarningState,
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


class ClockStep(models.Model):
    """办理时限: one statutory clock of a record (受理决定, 调解期限, 核查立案 …) with its basis.

    ``due_on`` is computed on the working-day calendar from ``started_on`` and the rule
    version's data; ``excluded_working_days`` lengthens it by time the rule does not count
    (暂行办法 第二十条). ``timely`` is set when the step completes.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(_("环节"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    started_on = models.DateField(_("起算日"))
    # None when the working-day calendar of a year the period reaches is not entered yet: the
    # date is never guessed (wangjian.core.working_days.CalendarYearNotCovered).
    due_on = models.DateField(_("届满日"), null=True, blank=True)
    calendar_note = models.CharField(_("日历说明"), max_length=300, blank=True)
    amount = models.PositiveIntegerField(_("期限（工作日）"))
    excluded_working_days = models.PositiveIntegerField(_("不计入天数"), default=0)
    paused_on = models.DateField(_("暂停起"), null=True, blank=True)
    basis = models.JSONField(_("依据"), default=list)
    citation = models.TextField(_("依据文本"), blank=True)
    status = models.CharField(_("核实状态"), max_length=20)
    counted_in_regulator_clock = models.BooleanField(default=True)
    completed_on = models.DateField(_("完成日"), null=True, blank=True)
    timely = models.BooleanField(_("按时"), null=True)

    objects = querysets.ClockStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "step"], name="clock_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.label} {self.due_on}"

    @property
    def pending_year(self) -> int | None:
        """The year whose working-day table this undated clock waits for (from its note)."""
        if self.due_on is not None:
            return None
        found = re.search(r"\d{4}", self.calendar_note or "")
        return int(found.group()) if found else self.started_on.year + 1


class Transfer(models.Model):
    """移送: a record sent to the competent bureau, with why (暂行办法 第十二条、第十三条)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transfers")
    from_division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    to_division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("移送理由"))
    basis = models.CharField(_("依据"), max_length=80)
    transferred_on = models.DateField(_("移送日期"))

    class Meta:
        verbose_name = _("移送记录")
        verbose_name_plural = _("移送记录")
        ordering = ["transferred_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} → {self.to_division}"


class MediationSession(models.Model):
    """调解记录 (暂行办法 第十六条至第十八条): one session, on site or remote."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    mode = models.CharField(_("方式"), max_length=20, choices=MediationMode.choices)
    notes = models.TextField(_("记录"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.held_on}"


class NoticeDelivery(models.Model):
    """送达记录: a notice (受理通知书, 不予受理告知书, 终止调解告知书, 告知实名举报人) sent to a
    party, with how and when (暂行办法 第十四条、第二十一条、第三十一条 require the parties to be
    told; the record shows that they were)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="deliveries")
    document = models.CharField(_("文书"), max_length=20, choices=NoticeDocument.choices)
    recipient = models.CharField(_("送达对象"), max_length=20, choices=NoticeRecipient.choices)
    method = models.CharField(_("送达方式"), max_length=20, choices=NoticeMethod.choices)
    sent_on = models.DateField(_("送达日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.document} {self.recipient}"


class DuplicateLink(models.Model):
    """疑似重复投诉: two records with the same complainant and respondent and similar text.

    Suggested by MinHash; only a regulator links, merges or dismisses it, so nothing is
    dropped silently.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="duplicates")
    other = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("相似度"))
    state = models.CharField(
        _("状态"), max_length=20, choices=LinkState.choices, default=LinkState.SUGGESTED
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = querysets.DuplicateLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("疑似重复投诉")
        verbose_name_plural = _("疑似重复投诉")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "other"], name="duplicate_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} ~ {self.other_id} ({self.similarity:.2f})"


class SerialFlag(models.Model):
    """疑似职业索赔/恶意投诉提示: a pattern shown to the handler with its evidence.

    It never decides acceptance: 不予受理 needs a statutory ground (暂行办法 第十五条). The
    complainant may appeal; the evidence (counts, shared templates) is kept as computed.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="flags")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("提示类型"), max_length=40)
    evidence = models.JSONField(_("证据"))
    basis = models.CharField(_("依据"), max_length=80)
    state = models.CharField(
        _("状态"), max_length=20, choices=FlagState.choices, default=FlagState.OPEN
    )
    appeal = models.TextField(_("申诉理由"), blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)
    raised_on = models.DateField(_("提示日期"))

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉行为提示")
        verbose_name_plural = _("投诉行为提示")
        ordering = ["-raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.reason}"


class HotSpot(models.Model):
    """投诉热点: a spike of complaints on one respondent, category, platform or issue in a
    sliding window, against the windows before it."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(_("维度"), max_length=20, choices=HotSpotDimension.choices)
    value = models.CharField(_("对象"), max_length=200)
    window_start = models.DateField(_("窗口起"))
    window_end = models.DateField(_("窗口止"))
    count = models.PositiveIntegerField(_("件数"))
    baseline = models.FloatField(_("前期均值"))
    sample = models.JSONField(_("样例登记编号"), default=list)
    thresholds = models.JSONField(_("阈值"), default=dict)

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉热点")
        verbose_name_plural = _("投诉热点")
        ordering = ["-window_end", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "dimension", "value", "window_end"], name="hotspot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.value} {self.count}"


class ConsumerWarning(models.Model):
    """消费警示: drafted by a regulator from a hot spot, approved by a chief, then public
    (《消费者权益保护法》 第三十七条 gives 消协 a similar role; bureaus publish under their duty to
    protect consumers)."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    hotspot = models.ForeignKey(
        HotSpot, on_delete=models.SET_NULL, null=True, blank=True, related_name="warnings"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=20, choices=WarningState.choices, default=WarningState.DRAFT
    )
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("消费警示")
        verbose_name_plural = _("消费警示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """12315 导出文件的一次导入: rows read, committed, rejected; its row errors."""

    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=255)
    content_hash = models.CharField(max_length=64)
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_committed = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("12315导入批次")
        verbose_name_plural = _("12315导入批次")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ImportRowError(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return f"{self.row} {self.column} {self.rule}"


class OdrParticipant(models.Model):
    """在线消费纠纷解决（ODR）单位: an enterprise or a platform that resolves disputes online
    (暂行办法 第六条; 《电子商务法》 第六十三条 for platforms' own mechanisms). A complaint against
    it goes to ODR first, a time not counted in the regulator's clock."""

    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    platform = models.ForeignKey(
        "registry.Platform", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("ODR单位")
        verbose_name_plural = _("ODR单位")

    def __str__(self) -> str:
        return str(self.platform or self.entity)


class SignatureBand(models.Model):
    """One LSH band of a record's MinHash signature, so that near-duplicate candidates are an
    indexed lookup instead of a scan (``duplicates.band_keys``)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "key"])]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.band}"


class ComplaintAttachment(models.Model):
    """证据材料: one evidence file of a complaint or report (a receipt, an order screenshot, a
    photo of the goods, a test report), kept as received.

    Legal basis: 暂行办法 第九条 asks a complaint for the facts of the consumer dispute, and
    第十五条第三项 refuses one that cannot show a dispute with the respondent; the files are how
    the facts are shown. (The catalogue's summary of 第九条 names no files: that its text asks
    for 相关证据材料 is unverified.) A report's files are clues for the verification.

    The file is stored once under its SHA-256 (``attachments.store``) and the hash is kept, so
    the bytes served later are provably the bytes received. The files carry personal data: only
    roles with ``complaints.view_personal_data`` of the handling jurisdiction download them, each
    download audited; the respondent never gets the complainant's files.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    # Relative to MEDIA_ROOT, so the media directory can move.
    storage_path = models.CharField(_("存储路径"), max_length=300, editable=False)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    source = models.CharField(_("提交方"), max_length=20, choices=AttachmentSource.choices)
    # None for the public form, which has no account.
    uploaded_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )

    objects = querysets.AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "source", "sha256"], name="attachment_once_per_source"
            )
        ]

    def __str__(self) -> str:
        # Not the file name: it may name a person, and this text goes into the audit log.
        return f"{self.complaint.receipt_number} 证据材料 {self.sha256[:12]}"
