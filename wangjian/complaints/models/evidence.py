"""证据材料: the evidence files of a complaint or report, stored under their SHA-256.

Legal basis: 暂行办法 第九条 and 第十五条第三项 (see the model's docstring).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.choices import AttachmentSource
from wangjian.complaints.models.records import Complaint

USER = settings.AUTH_USER_MODEL


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
