"""行政指导: the non-penalty tools (提醒告诫, 行政指导建议书, 行政约谈, 警示, 责令改正) addressed
to an entity or platform, acknowledged and answered by the recipient.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.enforcement import querysets
from wangjian.enforcement.choices import GuidanceKind, GuidanceState, SourceKind
from wangjian.enforcement.models.cases import Case

DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class Guidance(models.Model):
    """A non-penalty tool addressed to an entity or platform: 提醒告诫, 行政指导建议书, 行政约谈,
    警示, 责令改正. A recipient with an account acknowledges (送达) and answers."""

    kind = models.CharField(_("种类"), max_length=20, choices=GuidanceKind.choices)
    number = models.CharField(_("文书编号"), max_length=60, unique=True)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=20, choices=GuidanceState.choices, default=GuidanceState.ISSUED
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("对象（市场主体）"),
    )
    platform = models.ForeignKey(
        "registry.Platform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("对象（平台）"),
    )
    recipient_name = models.CharField(_("对象名称"), max_length=200)
    source_kind = models.CharField(_("来源"), max_length=20, choices=SourceKind.choices)
    source_note = models.CharField(_("来源说明"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="guidance"
    )
    clue = models.ForeignKey(
        "monitoring.Clue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inspection_result = models.ForeignKey(
        "inspections.InspectionResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hotspot = models.ForeignKey(
        "complaints.HotSpot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_guidance",
        verbose_name=_("来源投诉热点"),
    )
    content = models.TextField(_("内容"))
    legal_basis = models.JSONField(_("依据"), default=list, blank=True)
    # 行政约谈: notice with time, place and participants; the record; the commitment.
    meeting_at = models.DateTimeField(_("约谈时间"), null=True, blank=True)
    meeting_place = models.CharField(_("约谈地点"), max_length=200, blank=True)
    participants = models.CharField(_("参加人员"), max_length=300, blank=True)
    meeting_record = models.TextField(_("约谈记录"), blank=True)
    commitment = models.TextField(_("整改承诺"), blank=True)
    follow_up_due = models.DateField(_("整改跟踪期限"), null=True, blank=True)
    # 责令改正: the rectification deadline and the re-check.
    rectification_due = models.DateField(_("改正期限"), null=True, blank=True)
    rechecked_on = models.DateField(_("复查日期"), null=True, blank=True)
    recheck_result = models.TextField(_("复查结果"), blank=True)
    rectified = models.BooleanField(_("已改正"), null=True, blank=True)
    issued_on = models.DateField(_("发出日期"))
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("签收（送达）时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("答复（整改报告）"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政指导文书")
        verbose_name_plural = _("行政指导文书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def follow_up_date(self):
        return self.follow_up_due or self.rectification_due
