"""平台处置要求: a regulator's request that a platform take down or rectify a listing, and the
files of its reply.

Legal basis: 《电子商务法》 (2018) 第二十九条; 《网络交易监督管理办法》 (总局令第37号, article
unconfirmed).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import ActionKind, ActionReply, ActionRequestState

PLATFORM = "registry.Platform"
DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


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
