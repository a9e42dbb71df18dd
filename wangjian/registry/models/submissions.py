"""报送: a platform's reports of its in-platform operators, their errors and records.

Legal basis: 《电子商务法》 (2018) 第二十八条; 《网络交易合规数据报送管理暂行办法》
(in force 2025-04-25).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import SubmissionChannel, SubmissionState
from wangjian.registry.models.platforms import Platform
from wangjian.registry.models.shops import OnlineShop

DIVISION = "core.Division"


class Submission(models.Model):
    """报送: a platform's half-yearly report of its in-platform operators (电子商务法 第二十八条;
    《网络交易合规数据报送管理暂行办法》). ``content_hash`` makes re-submission a no-op."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(_("报送期"), max_length=7)
    channel = models.CharField(_("渠道"), max_length=20, choices=SubmissionChannel.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    content_hash = models.CharField(max_length=64)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=20, choices=SubmissionState.choices)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_committed = models.PositiveIntegerField(_("入库行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("驳回行数"), default=0)
    flags_raised = models.PositiveIntegerField(_("提示数"), default=0)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diff = models.JSONField(_("与上期差异"), default=dict, blank=True)

    objects = querysets.SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台报送")
        verbose_name_plural = _("平台报送")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "content_hash"], name="submission_unique_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.period} #{self.pk}"


class SubmissionError(models.Model):
    """报送错误: one problem in one row of a submission (row, column, value and rule)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=60)
    value = models.CharField(_("值"), max_length=300, blank=True)
    rule = models.CharField(_("规则"), max_length=60)
    message = models.TextField(_("说明"))

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return self.message


class SubmissionRecord(models.Model):
    """报送记录: a shop as one submission reported it; the diff between periods compares these."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="records")
    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="records")
    row = models.PositiveIntegerField()
    data = models.JSONField()
    row_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "shop"], name="record_unique_shop"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row}"
