"""知识产权与质量服务请求: 知识产权维权援助, 质量问诊, 技术帮扶, 首席质量官登记 and 标准化试点
applications filed by an entity's account and answered by the bureau or a partner body
(杨浦区实施方案 (2023) 任务12、13; the types and periods are data:
``data/service_requests.yaml``)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.services.choices import ServiceRequestState
from wangjian.services.querysets import ServiceMessageQuerySet, ServiceRequestQuerySet

USER = settings.AUTH_USER_MODEL


class ServiceRequest(models.Model):
    """服务请求: one request of an entity (the owner is the account that filed it), its assignee
    (bureau staff or a partner body's account), the response deadline counted on the working-day
    calendar from the type's period in force (local practice, kept in ``rules_applied``), and
    after the answer the owner's 满意度评价."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.PROTECT, related_name="service_requests"
    )
    kind = models.CharField(_("请求类型"), max_length=40)
    kind_name = models.CharField(_("请求类型名称"), max_length=100)
    rules_applied = models.JSONField(_("适用规则"), default=dict)
    subject = models.CharField(_("事项"), max_length=200)
    question = models.TextField(_("请求内容"))
    infringed_right = models.CharField(_("被侵权的商标或专利"), max_length=300, blank=True)
    infringing_listings = models.TextField(_("侵权店铺或链接"), blank=True)
    infringing_shops = models.ManyToManyField(
        "registry.OnlineShop", blank=True, related_name="+", verbose_name=_("涉嫌侵权店铺")
    )
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service_body = models.CharField(_("承办机构"), max_length=60, blank=True)
    state = models.CharField(
        _("状态"),
        max_length=12,
        choices=ServiceRequestState.choices,
        default=ServiceRequestState.SUBMITTED,
    )
    submitted_on = models.DateField(_("提交日期"))
    due_on = models.DateField(_("答复期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务请求")
        verbose_name_plural = _("服务请求")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="services_request_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_name}：{self.subject}"

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on


class ServiceMessage(models.Model):
    """One message of a request's thread, by the owner, the assignee or bureau staff."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务请求留言")
        verbose_name_plural = _("服务请求留言")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


class ServiceAttachment(models.Model):
    """A file sent with a message: its type detected from its bytes, its SHA-256 kept."""

    message = models.ForeignKey(
        ServiceMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(_("文件类型"), max_length=50)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("服务请求附件")
        verbose_name_plural = _("服务请求附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ServiceTakedown(models.Model):
    """平台处置要求 raised for a 维权援助 request from a confirmed counterfeit finding: the
    platforms app keeps the request (电子商务法 第二十九条); this row keeps which finding it came
    from and what the platform was asked, so the request page shows it."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="takedowns")
    finding = models.ForeignKey("monitoring.Finding", on_delete=models.PROTECT, related_name="+")
    action_request_id = models.PositiveBigIntegerField(_("平台处置要求编号"))
    platform_name = models.CharField(_("平台"), max_length=200)
    subject = models.CharField(_("处置对象"), max_length=500)
    due_on = models.DateField(_("处置期限"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("维权援助平台处置要求")
        verbose_name_plural = _("维权援助平台处置要求")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.platform_name}：{self.subject[:40]}"
