"""Handling a record: transfers to the competent bureau, mediation sessions and the notices
served on the parties.

Legal basis: 暂行办法 第十二条、第十三条 (移送), 第十六条至第十八条 (调解), 第十四条、第二十一条、
第三十一条 (telling the parties).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints.choices import MediationMode, NoticeDocument, NoticeMethod, NoticeRecipient
from wangjian.complaints.models.records import Complaint

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


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
