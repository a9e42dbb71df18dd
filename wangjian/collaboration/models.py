"""异地协查与移送: requests from one bureau to another, at any level and across provinces.

Legal basis: 《市场监督管理行政处罚程序规定》 (总局令第42号, 2021修订) on 协助调查 and 移送
(article numbers unconfirmed, see data/clocks.yaml); 《行政处罚法》 (2021) 第二十六条 on
assistance between administrative bodies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets
from wangjian.collaboration.choices import (
    AlertState,
    DeviceAlertState,
    MessageKind,
    NoticeState,
    RequestKind,
    RequestState,
)


class AssistanceRequest(models.Model):
    """协查请求 or 移送: what one bureau asks of another, about an entity, shop or platform.

    ``accept_due_on`` and ``answer_due_on`` are computed from the clock version in force on the
    day it was sent (``clock_basis`` keeps what they rest on, with its verification status).
    """

    number = models.CharField(_("编号"), max_length=20, unique=True)
    kind = models.CharField(
        _("类型"), max_length=12, choices=RequestKind.choices, default=RequestKind.ASSISTANCE
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=RequestState.choices, default=RequestState.SENT
    )
    requesting_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("请求单位")
    )
    receiving_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("协查单位")
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市场主体"),
    )
    shop = models.ForeignKey(
        "registry.OnlineShop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("网店"),
    )
    platform = models.ForeignKey(
        "registry.Platform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("平台"),
    )
    subject_text = models.CharField(_("协查对象"), max_length=300)
    questions = models.TextField(_("协查事项"))
    requested_by = models.DateField(_("请求答复日期"))
    sent_on = models.DateField(_("发出日期"))
    accept_due_on = models.DateField(_("受理期限"))
    answer_due_on = models.DateField(_("答复期限"))
    clock_basis = models.JSONField(_("期限依据"), default=dict)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    findings = models.TextField(_("协查结果"), blank=True)
    decline_reason = models.TextField(_("退回理由"), blank=True)
    supplement_due_on = models.DateField(_("补充材料期限"), null=True, blank=True)
    referral = models.OneToOneField(
        "registry.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移送清单"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.AssistanceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("协查请求")
        verbose_name_plural = _("协查请求")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_text}"

    def is_overdue_on(self, today) -> bool:
        if self.state not in (RequestState.SENT, RequestState.ACCEPTED, RequestState.MORE_INFO):
            return False
        if self.state == RequestState.SENT and self.accept_due_on < today:
            return True
        return self.answer_due_on < today


class RequestMessage(models.Model):
    """One entry of the thread both sides see: the request, questions, supplements, the answer."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=MessageKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.RequestChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("协查往来")
        verbose_name_plural = _("协查往来")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_kind_display()}"


class RequestAttachment(models.Model):
    """An attachment to a request or its thread (协查函, 证据材料), kept with its SHA-256."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        RequestMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(_("文件类型"), max_length=50)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.RequestChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("协查附件")
        verbose_name_plural = _("协查附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RequestEvidence(models.Model):
    """An evidence item the receiving bureau cites in its answer, by 存证编号 and digest.

    The requesting bureau cannot open the other bureau's evidence store; the bundle id and the
    manifest SHA-256 let it ask for the package and verify what it receives.
    """

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="evidence"
    )
    bundle_id = models.CharField(_("存证编号"), max_length=32)
    manifest_sha256 = models.CharField(_("清单 SHA-256"), max_length=64)
    title = models.CharField(_("页面标题"), max_length=500, blank=True)
    url = models.URLField(_("采集网址"), max_length=2000)
    sealed_at = models.DateTimeField(_("封存时间"))

    objects = querysets.RequestChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("协查证据")
        verbose_name_plural = _("协查证据")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "bundle_id"], name="request_evidence_once"),
        ]

    def __str__(self) -> str:
        return self.bundle_id


class PartnerDepartment(models.Model):
    """协作部门: a partner body (税务, 商务, 网信, 发改…) and the department kind it is, which
    decides the 联合惩戒 measures it receives (``data/discipline.yaml``)."""

    org_unit = models.OneToOneField(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    department = models.CharField(_("部门类别"), max_length=30)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("协作部门")
        verbose_name_plural = _("协作部门")
        ordering = ["org_unit__name"]

    def __str__(self) -> str:
        return self.org_unit.name


class DisciplineNotice(models.Model):
    """联合惩戒推送: a list entry sent to a partner department with the measures that apply.

    Basis: 《全国失信惩戒措施基础清单（2024年版）》 (item numbers unconfirmed);
    《市场监督管理严重违法失信名单管理办法》 (总局令第44号) on sharing the list with departments.
    """

    list_entry = models.ForeignKey(
        "credit.CreditListEntry", on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(PartnerDepartment, on_delete=models.PROTECT, related_name="notices")
    measures = models.JSONField(_("适用措施"), default=list)
    state = models.CharField(
        _("状态"), max_length=20, choices=NoticeState.choices, default=NoticeState.SENT
    )
    sent_on = models.DateField(_("推送日期"))
    feedback = models.TextField(_("反馈"), blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    removal_notified_on = models.DateField(_("移出告知日期"), null=True, blank=True)
    lift_confirmed_on = models.DateField(_("确认解除日期"), null=True, blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)

    objects = querysets.DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("联合惩戒推送")
        verbose_name_plural = _("联合惩戒推送")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["list_entry", "partner"], name="notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.list_entry} → {self.partner}"


class AppliedMeasure(models.Model):
    """A measure the partner department applied, with its feedback; lifted on removal."""

    notice = models.ForeignKey(DisciplineNotice, on_delete=models.CASCADE, related_name="applied")
    measure_key = models.CharField(_("措施"), max_length=40)
    measure_title = models.CharField(_("措施名称"), max_length=200)
    applied_on = models.DateField(_("实施日期"))
    detail = models.TextField(_("实施情况"))
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.AppliedMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("已实施的惩戒措施")
        verbose_name_plural = _("已实施的惩戒措施")
        ordering = ["applied_on", "id"]

    def __str__(self) -> str:
        return self.measure_title


class RiskAlert(models.Model):
    """风险预警: an entity whose signals reached the threshold of the rules version in force,
    with each signal's weight and reason, assigned to the officer of the entity's street."""

    entity = models.ForeignKey("registry.MarketEntity", on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    rules_version = models.CharField(_("规则版本"), max_length=40)
    score = models.PositiveIntegerField(_("风险分"))
    reasons = models.JSONField(_("预警理由"), default=list)
    # ",complaint_spike,licence_expired," — the reasons' signals, for portable filtering.
    signal_keys = models.CharField(max_length=300, blank=True, editable=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=AlertState.choices, default=AlertState.OPEN
    )
    raised_on = models.DateField(_("预警日期"))
    updated_on = models.DateField(_("更新日期"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    clue_number = models.CharField(_("线索编号"), max_length=40, blank=True)
    closing_note = models.TextField(_("处理说明"), blank=True)

    objects = querysets.RiskAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        ordering = ["-score", "-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.score}"

    @property
    def signals(self) -> list[str]:
        return [reason["signal"] for reason in self.reasons]


class DeviceAlert(models.Model):
    """物联感知告警: an alert from a vendor's system (智慧电梯, 明厨亮灶), posted through the API
    with an idempotency key, then mapped to the registered entity at its address."""

    source_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("推送单位")
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100)
    device_id = models.CharField(_("设备编号"), max_length=100)
    kind = models.CharField(_("告警类型"), max_length=40)
    severity = models.CharField(_("严重程度"), max_length=10)
    occurred_at = models.DateTimeField(_("发生时间"))
    location = models.CharField(_("地址"), max_length=300)
    picture_ref = models.CharField(_("图片编号"), max_length=300, blank=True)
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeviceAlertState.choices,
        default=DeviceAlertState.RECEIVED,
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市场主体"),
    )
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    # The clue (线索) the alert went into once its kind's threshold was reached.
    clue_number = models.CharField(_("线索编号"), max_length=40, blank=True)

    objects = querysets.DeviceAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("物联感知告警")
        verbose_name_plural = _("物联感知告警")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_unit", "idempotency_key"], name="device_alert_once"
            ),
        ]
        indexes = [models.Index(fields=["state", "id"])]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind}"


class Campaign(models.Model):
    """专项整治: a campaign with a theme, a period, a lead unit and member departments; the
    theme's rule families select the monitoring findings it counts (联席会议 records below)."""

    title = models.CharField(_("名称"), max_length=200)
    theme = models.TextField(_("整治主题"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    lead_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("牵头单位")
    )
    member_units = models.ManyToManyField(
        "core.OrgUnit", related_name="+", blank=True, verbose_name=_("成员单位")
    )
    families = models.JSONField(_("监测规则族"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项整治")
        verbose_name_plural = _("专项整治")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CampaignScan(models.Model):
    """A themed monitoring scan a campaign launched: monitoring's registry-shop scan with the
    campaign's rule families (monitoring does not know campaigns; the link is kept here)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scans")
    batch = models.ForeignKey(
        "monitoring.ScanBatch",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("扫描批次"),
    )
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    launched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专项整治监测扫描")
        verbose_name_plural = _("专项整治监测扫描")
        ordering = ["-launched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "batch"], name="campaign_scan_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.batch_id}"


class CampaignTask(models.Model):
    """A task of a campaign, owned by one member unit, with its due date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=300)
    owner_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位")
    )
    due_on = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项整治任务")
        verbose_name_plural = _("专项整治任务")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """工作进展: what a member unit reports on the campaign (or one of its tasks)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(
        CampaignTask, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("进展"))
    reported_on = models.DateField(_("报送日期"))

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作进展")
        verbose_name_plural = _("工作进展")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.reported_on}"


class MeetingRecord(models.Model):
    """联席会议纪要: the record of a joint meeting of the campaign's members."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    attendees = models.TextField(_("参会单位"))
    minutes = models.TextField(_("会议纪要"))
    decisions = models.TextField(_("议定事项"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = querysets.CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("联席会议纪要")
        verbose_name_plural = _("联席会议纪要")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class IndicatorRound(models.Model):
    """指标采集轮次: one period (a quarter) of the digital-economy indicators for a bureau."""

    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("期别"), max_length=10)
    starts_on = models.DateField(_("期初"))
    ends_on = models.DateField(_("期末"))
    due_on = models.DateField(_("填报截止日"))
    catalogue_version = models.CharField(_("指标体系版本"), max_length=60)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.IndicatorRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标采集轮次")
        verbose_name_plural = _("指标采集轮次")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "period"], name="indicator_round_once"),
        ]

    def __str__(self) -> str:
        return self.period


class IndicatorValue(models.Model):
    """One indicator's value in a round: entered by its owner department or computed."""

    round = models.ForeignKey(IndicatorRound, on_delete=models.CASCADE, related_name="values")
    indicator = models.CharField(_("指标"), max_length=60)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    computed = models.BooleanField(_("系统计算"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, null=True, related_name="+")
    entered_on = models.DateField(_("填报日期"))
    is_late = models.BooleanField(_("逾期填报"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = querysets.IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["round_id", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator"], name="indicator_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}"


class AlertSubscription(models.Model):
    """风险预警订阅: an officer follows the open alerts of a division (a street, the district)
    carrying any of the chosen signals, on the home page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    signals = models.JSONField(_("信号"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("风险预警订阅")
        verbose_name_plural = _("风险预警订阅")
        ordering = ["division__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "division"], name="alert_subscription_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.division}"
