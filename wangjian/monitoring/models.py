"""以网管网 records: scan batches, the texts that drew findings, findings and their triage, clues.

Legal basis: 电子商务法 第十三条、第十五条、第十七条; 广告法 第九条 ff.; 网络交易监督管理办法
(monitoring of online trading by technical means); the rule that fired carries its own article
keys in ``legal_basis``. Clues follow 《市场监督管理行政处罚程序规定》第十八条 (15 working
days to verify, +15 with the head's approval; the article number is UNCONFIRMED and the period is
versioned data in ``monitoring/data/clue_rules.yaml``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.monitoring import querysets
from wangjian.monitoring.choices import (
    BatchState,
    CheckResult,
    ClueState,
    DismissalReason,
    FindingState,
    ScanSource,
    Verdict,
)

DIVISION = "core.Division"


class ScanBatch(models.Model):
    """监测批次: one scan run over an upload, a feed batch or the registry's shop pages.

    The same content from the same source to the same bureau is one batch (imports are
    idempotent); ``errors`` keeps the malformed records with their line, field and rule.
    """

    division = models.ForeignKey(
        DIVISION, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    source = models.CharField(_("来源"), max_length=20, choices=ScanSource.choices)
    platform = models.ForeignKey(
        "registry.Platform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("平台"),
    )
    external_id = models.CharField(_("外部批次号"), max_length=100, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    content_hash = models.CharField(max_length=64)
    rule_pack = models.CharField(_("规则包"), max_length=60, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=BatchState.choices, default=BatchState.QUEUED
    )
    records = models.PositiveIntegerField(_("记录数"), default=0)
    malformed = models.PositiveIntegerField(_("格式错误记录"), default=0)
    findings = models.PositiveIntegerField(_("发现数"), default=0)
    new_findings = models.PositiveIntegerField(_("新发现数"), default=0)
    routed_elsewhere = models.PositiveIntegerField(_("转其他辖区的发现"), default=0)
    errors = models.JSONField(_("错误记录"), default=list, blank=True)
    summary = models.JSONField(_("统计"), default=dict, blank=True)
    failure = models.TextField(_("失败原因"), blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = querysets.ScanBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测批次")
        verbose_name_plural = _("监测批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "source", "content_hash"], name="scan_batch_content_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"


class MonitoredItem(models.Model):
    """被监测信息: one listing, ad, shop page, live-stream transcript or review that drew at least
    one finding, kept as scanned so the finding can be read in its text.

    ``fingerprint`` (source key, external id, text) makes a text scanned twice one item."""

    batch = models.ForeignKey(ScanBatch, on_delete=models.PROTECT, related_name="items")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(
        "registry.Platform", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitored_items",
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitored_items",
    )
    external_id = models.CharField(_("信息编号"), max_length=200)
    source_type = models.CharField(_("信息类型"), max_length=20)
    category = models.CharField(_("类目"), max_length=60, blank=True)
    shop_reference = models.CharField(_("店铺编号（原始）"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    text = models.TextField(_("正文"))
    url = models.CharField(_("网址"), max_length=500, blank=True)
    observed_on = models.DateField(_("采集日期"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True)

    objects = querysets.MonitoredItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("被监测信息")
        verbose_name_plural = _("被监测信息")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.external_id


class Clue(models.Model):
    """线索: confirmed findings registered for verification (核查) and a decision on a case.

    《市场监督管理行政处罚程序规定》第十八条 (number UNCONFIRMED): verify within 15 working days of
    discovery, +15 with the head's approval; the head decides whether to open a case. The period
    applied is recorded with its rules version so a past deadline can be reproduced."""

    number = models.CharField(_("线索编号"), max_length=40, unique=True)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_clues",
        verbose_name=_("涉及主体"),
    )
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_clues",
        verbose_name=_("涉及店铺"),
    )
    summary = models.TextField(_("线索摘要"))
    legal_basis = models.JSONField(_("涉嫌违反"), default=list)
    state = models.CharField(
        _("状态"), max_length=20, choices=ClueState.choices, default=ClueState.REGISTERED
    )
    discovered_on = models.DateField(_("发现日期"))
    # None while the working-day table of a year the period reaches is not entered: the date
    # is never guessed; ``calendar_note`` says why and actions.date_pending_clues fills it in.
    due_on = models.DateField(_("核查期限"), null=True, blank=True)
    calendar_note = models.CharField(_("日历说明"), max_length=300, blank=True)
    extended = models.BooleanField(_("已延长"), default=False)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    rules_version = models.CharField(_("适用规则版本"), max_length=40)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("决定理由"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 核查: a handler (承办人) is assigned, records what was checked, then submits the clue to
    # the head (提交负责人决定), who alone decides.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    submitted_at = models.DateTimeField(_("提交负责人决定时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.ClueQuerySet.as_manager()

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-discovered_on", "-id"]

    def __str__(self) -> str:
        return self.number


class ClueCheck(models.Model):
    """核查记录: what the handler checked on a clue, the result and the attached material
    (《市场监督管理行政处罚程序规定》第十八条, number UNCONFIRMED: 核查 before the head decides)."""

    clue = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="checks")
    checked = models.TextField(_("核查内容"))
    result = models.CharField(_("核查结果"), max_length=20, choices=CheckResult.choices)
    note = models.TextField(_("核查说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核查记录")
        verbose_name_plural = _("核查记录")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.clue_id}: {self.get_result_display()}"


class ClueCheckAttachment(models.Model):
    """核查材料: a file attached to a check record, typed by its content and kept with its
    SHA-256 so that it can be shown unchanged later."""

    check_record = models.ForeignKey(
        ClueCheck, on_delete=models.PROTECT, related_name="attachments"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("大小"))

    class Meta:
        verbose_name = _("核查材料")
        verbose_name_plural = _("核查材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """监测发现: one rule firing on one text, with verdict, legal basis and span, then triage.

    A regulator confirms (it joins a clue) or dismisses it with a reason; both are audited.
    ``start``/``end`` index ``field`` (text or title) of the item, in the original text."""

    item = models.ForeignKey(MonitoredItem, on_delete=models.PROTECT, related_name="findings")
    batch = models.ForeignKey(ScanBatch, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_findings",
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_findings",
    )
    rule = models.CharField(_("规则"), max_length=40, db_index=True)
    family = models.CharField(_("规则族"), max_length=40)
    verdict = models.CharField(_("判定"), max_length=30, choices=Verdict.choices)
    severity = models.CharField(_("严重程度"), max_length=20, blank=True)
    legal_basis = models.JSONField(_("法律依据"), default=list)
    field = models.CharField(_("字段"), max_length=20, default="text")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    match = models.CharField(_("命中内容"), max_length=300)
    context = models.CharField(_("上下文"), max_length=500, blank=True)
    explanation = models.TextField(_("说明"))
    rule_pack = models.CharField(_("规则包"), max_length=60)
    state = models.CharField(
        _("研判状态"), max_length=20, choices=FindingState.choices, default=FindingState.OPEN
    )
    dismissal_reason = models.CharField(
        _("排除理由"), max_length=30, choices=DismissalReason.choices, blank=True
    )
    triage_note = models.TextField(_("研判说明"), blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    clue = models.ForeignKey(
        Clue, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测发现")
        verbose_name_plural = _("监测发现")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "rule", "field", "start", "end"], name="finding_span_unique"
            )
        ]
        indexes = [models.Index(fields=["division", "state"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.match}"
