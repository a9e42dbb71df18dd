"""平台: classification inputs and results, obligation declarations, rule-change notices,
data-compliance self-assessments and compliance guides.

Legal bases: 《电子商务法》 (2018) 第二十七至三十九条 (platform operators' duties);
《网络交易监督管理办法》 (总局令第37号);
《互联网平台分类分级指南（征求意见稿）》 (2021-10-29, draft);
《个人信息保护法》, 《数据安全法》, 《网络数据安全管理条例》 (in force 2025-01-01).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import (
    ActionKind,
    ActionReply,
    ActionRequestState,
    AssessmentState,
    BusinessType,
    DeclarationState,
    GuideState,
    RestrictionAbility,
    Tier,
)

PLATFORM = "registry.Platform"
DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class PlatformYearInput(models.Model):
    """分类分级输入: what a platform reported (or the bureau found) for one year, with its source.

    Basis: 《互联网平台分类分级指南（征求意见稿）》 (2021-10-29): user scale (上年度年活跃用户),
    business breadth (业务种类), economic weight (上年底市值/估值) and restriction ability.
    ``business_lines`` is a list of ``{name, category, subtype, is_main, is_core}``.
    """

    platform = models.ForeignKey(PLATFORM, on_delete=models.CASCADE, related_name="year_inputs")
    year = models.PositiveSmallIntegerField(_("年度"))
    annual_active_users = models.BigIntegerField(_("年活跃用户数"))
    business_lines = models.JSONField(_("业务线"), default=list)
    market_value_100m = models.DecimalField(
        _("上年底市值或估值（亿元）"), max_digits=12, decimal_places=2
    )
    restriction_ability = models.CharField(
        _("限制商户接触消费者的能力"), max_length=20, choices=RestrictionAbility.choices
    )
    source = models.CharField(_("数据来源"), max_length=300)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("分类分级输入")
        verbose_name_plural = _("分类分级输入")
        ordering = ["platform_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="year_input_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year}"

    def as_inputs(self) -> dict:
        return {
            "annual_active_users": self.annual_active_users,
            "business_lines": self.business_lines,
            "market_value_100m": str(self.market_value_100m),
            "restriction_ability": self.restriction_ability,
        }


class PlatformClassification(models.Model):
    """平台分类分级结果: the category and tier computed for a platform-year by one rule version,
    with the inputs it read and the reasons. Draft guidance: not a legal designation."""

    platform = models.ForeignKey(PLATFORM, on_delete=models.CASCADE, related_name="classifications")
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("平台类别"), max_length=40, blank=True)
    subtype = models.CharField(_("子类"), max_length=40, blank=True)
    tier = models.CharField(_("平台分级"), max_length=20, choices=Tier.choices)
    rule_key = models.CharField(max_length=60)
    rule_version = models.CharField(_("规则版本"), max_length=40)
    rule_sha256 = models.CharField(max_length=64)
    inputs = models.JSONField(_("输入"))
    reasons = models.JSONField(_("理由"))
    is_current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台分类分级")
        verbose_name_plural = _("平台分类分级")
        ordering = ["platform_id", "-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year"],
                condition=models.Q(is_current=True),
                name="classification_current_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year} {self.get_tier_display()}"

    @property
    def rules(self):
        from wangjian.platforms.classification import rules_version

        return rules_version(self.rule_version)

    @property
    def category_label(self) -> str:
        label = self.rules.category_label(self.category)
        subtype = self.rules.subtype_label(self.category, self.subtype)
        return f"{label} · {subtype}" if subtype else label or "未确定"


class RuleChangeNotice(models.Model):
    """平台规则变更公示: a change of the platform's service agreement or trading rules, with the
    day it was made public and the day it takes effect (电子商务法 第三十四条: at least seven days
    ahead)."""

    platform = models.ForeignKey(
        PLATFORM, on_delete=models.CASCADE, related_name="rule_change_notices"
    )
    title = models.CharField(_("变更事项"), max_length=200)
    url = models.URLField(_("公示网址"), blank=True)
    published_on = models.DateField(_("公示日期"))
    effective_on = models.DateField(_("施行日期"))
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("规则变更公示")
        verbose_name_plural = _("规则变更公示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def days_ahead(self) -> int:
        return (self.effective_on - self.published_on).days


class ObligationDeclaration(models.Model):
    """主体责任履行声明: the platform's statement, with evidence, that it meets an obligation
    wangjian cannot compute; it counts only once a regulator accepts it."""

    platform = models.ForeignKey(
        PLATFORM, on_delete=models.CASCADE, related_name="obligation_declarations"
    )
    obligation_key = models.CharField(_("义务"), max_length=60)
    period = models.CharField(_("期间"), max_length=10)
    statement = models.TextField(_("履行情况说明"))
    evidence = models.TextField(_("证明材料"))
    state = models.CharField(
        _("状态"), max_length=20, choices=DeclarationState.choices, default=DeclarationState.PENDING
    )
    declared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("声明时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = querysets.PlatformRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("主体责任履行声明")
        verbose_name_plural = _("主体责任履行声明")
        ordering = ["-declared_at", "-id"]

    def __str__(self) -> str:
        return f"{self.platform} {self.obligation_key} {self.period}"

    @property
    def obligation_title(self) -> str:
        from wangjian.platforms.obligations import obligation

        item = obligation(self.obligation_key)
        return item["title"] if item else "（已停用的义务）"


class SelfAssessment(models.Model):
    """数据合规自评估: one enterprise's (or platform's) answers to one version of the
    questionnaire, its score, gaps and rectification plan, and the regulator's review
    (杨浦区规划 任务11; 《个人信息保护法》, 《数据安全法》, 《网络数据安全管理条例》)."""

    questionnaire_key = models.CharField(max_length=60)
    questionnaire_version = models.CharField(_("问卷版本"), max_length=40)
    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.PROTECT, related_name="self_assessments"
    )
    platform = models.ForeignKey(
        PLATFORM,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="self_assessments",
    )
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    answers = models.JSONField(_("答复"), default=dict, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    earned = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    possible = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    gaps = models.JSONField(_("差距"), default=list, blank=True)
    topic_scores = models.JSONField(_("分主题得分"), default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = querysets.SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据合规自评估")
        verbose_name_plural = _("数据合规自评估")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.questionnaire_version}"


class RectificationItem(models.Model):
    """整改事项: one gap of a submitted self-assessment, the article it falls short of and the
    deadline on the working-day calendar."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="rectifications"
    )
    item_key = models.CharField(max_length=60)
    title = models.CharField(_("事项"), max_length=300)
    basis = models.JSONField(_("依据"), default=list)
    due_on = models.DateField(_("整改期限"))
    working_days = models.PositiveSmallIntegerField(_("期限（工作日）"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("整改说明"), blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item_key"], name="rectification_unique_item"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentComment(models.Model):
    """审核意见: a regulator's comment on a self-assessment (or the enterprise's reply)."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ComplianceGuide(models.Model):
    """合规指引: a guide for one business type, assembled from the obligations, the monitoring
    rule families that apply and the articles; frozen (``content`` and ``sha256``) when
    published (杨浦区规划 任务15)."""

    business_type = models.CharField(_("业务类型"), max_length=30, choices=BusinessType.choices)
    version = models.CharField(_("版本"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    source_sha256 = models.CharField(max_length=64)
    content = models.JSONField(_("内容"), default=dict)
    sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=GuideState.choices, default=GuideState.DRAFT
    )
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = querysets.ComplianceGuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("合规指引")
        verbose_name_plural = _("合规指引")
        ordering = ["business_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["business_type", "version"], name="guide_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class PlatformActionRequest(models.Model):
    """平台处置要求: a regulator asks a platform to take down or rectify a listing on it, with a
    deadline in working days; the platform replies (电子商务法 第二十九条; 网络交易监督管理办法
    (2021), article unconfirmed). ``division`` is the requesting bureau's; the period and its
    rules version are kept so the deadline can be reproduced."""

    platform = models.ForeignKey(PLATFORM, on_delete=models.PROTECT, related_name="action_requests")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(
        "monitoring.Finding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("监测发现"),
    )
    clue = models.ForeignKey(
        "monitoring.Clue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("线索"),
    )
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("店铺"),
    )
    kind = models.CharField(_("处置要求"), max_length=20, choices=ActionKind.choices)
    subject = models.CharField(_("处置对象"), max_length=500)
    reason = models.TextField(_("理由"))
    basis = models.JSONField(_("依据"), default=list)
    working_days = models.PositiveSmallIntegerField(_("期限（工作日）"))
    rules_version = models.CharField(_("期限规则版本"), max_length=20)
    issued_on = models.DateField(_("发出日期"))
    due_on = models.DateField(_("处置期限"))
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ActionRequestState.choices,
        default=ActionRequestState.AWAITING,
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.CharField(_("平台答复"), max_length=20, choices=ActionReply.choices, blank=True)
    reply_note = models.TextField(_("答复说明"), blank=True)
    replied_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)

    objects = querysets.PlatformCorrespondenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台处置要求")
        verbose_name_plural = _("平台处置要求")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["platform", "state", "due_on"])]

    def __str__(self) -> str:
        return f"处置要求 #{self.pk}"

    def is_overdue(self, today) -> bool:
        return self.state == ActionRequestState.AWAITING and self.due_on < today

    @property
    def replied_late(self) -> bool:
        return self.replied_on is not None and self.replied_on > self.due_on


class ActionReplyAttachment(models.Model):
    """A file the platform sends with its reply (screenshot of the removed listing, rectification
    report), kept with its SHA-256."""

    request = models.ForeignKey(
        PlatformActionRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(_("文件类型"), max_length=50)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.ReplyAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class PlatformNotice(models.Model):
    """通知: a notice a bureau addresses to a platform (subject, body, optional deadline). The
    platform's acknowledgement is recorded as 送达 with its time; it may answer."""

    platform = models.ForeignKey(PLATFORM, on_delete=models.PROTECT, related_name="notices")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("回复"), blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = querysets.PlatformCorrespondenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台通知")
        verbose_name_plural = _("平台通知")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject
