"""异地协查与移送: a request from one bureau to another, its thread, attachments and the
evidence cited in the answer.

Legal basis: 《市场监督管理行政处罚程序规定》 (总局令第42号, 2021修订) on 协助调查 and 移送
(article numbers unconfirmed, see data/clocks.yaml); 《行政处罚法》 (2021) 第二十六条 on
assistance between administrative bodies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets
from wangjian.collaboration.choices import MessageKind, RequestKind, RequestState


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
