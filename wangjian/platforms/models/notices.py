"""通知: notices a bureau addresses to a platform, acknowledged (送达) and answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets

PLATFORM = "registry.Platform"
DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


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
