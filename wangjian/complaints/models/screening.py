"""Screening: near-duplicate records (MinHash and its LSH bands) and serial-claim flags shown
to the handler; neither decides acceptance (暂行办法 第十五条).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.choices import FlagState, LinkState
from wangjian.complaints.models.records import Complaint

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class DuplicateLink(models.Model):
    """疑似重复投诉: two records with the same complainant and respondent and similar text.

    Suggested by MinHash; only a regulator links, merges or dismisses it, so nothing is
    dropped silently.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="duplicates")
    other = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("相似度"))
    state = models.CharField(
        _("状态"), max_length=20, choices=LinkState.choices, default=LinkState.SUGGESTED
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = querysets.DuplicateLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("疑似重复投诉")
        verbose_name_plural = _("疑似重复投诉")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "other"], name="duplicate_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} ~ {self.other_id} ({self.similarity:.2f})"


class SerialFlag(models.Model):
    """疑似职业索赔/恶意投诉提示: a pattern shown to the handler with its evidence.

    It never decides acceptance: 不予受理 needs a statutory ground (暂行办法 第十五条). The
    complainant may appeal; the evidence (counts, shared templates) is kept as computed.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="flags")
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("提示类型"), max_length=40)
    evidence = models.JSONField(_("证据"))
    basis = models.CharField(_("依据"), max_length=80)
    state = models.CharField(
        _("状态"), max_length=20, choices=FlagState.choices, default=FlagState.OPEN
    )
    appeal = models.TextField(_("申诉理由"), blank=True)
    review_note = models.TextField(_("复核意见"), blank=True)
    raised_on = models.DateField(_("提示日期"))

    objects = querysets.DivisionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉行为提示")
        verbose_name_plural = _("投诉行为提示")
        ordering = ["-raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.reason}"


class SignatureBand(models.Model):
    """One LSH band of a record's MinHash signature, so that near-duplicate candidates are an
    indexed lookup instead of a scan (``duplicates.band_keys``)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "key"])]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.band}"
