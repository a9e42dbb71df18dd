"""笔录: 询问笔录 and 现场检查笔录 of a case, their files, and the 听证笔录 of a hearing.

Legal basis: 《行政处罚法》 (2021) 第四十二条、第五十五条 (officers and their 执法证) and
第六十四条 (hearings); 《市场监督管理行政处罚程序规定》 on records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.enforcement.choices import Acknowledgement, RecordKind
from wangjian.enforcement.models.cases import Case, Pause

USER = settings.AUTH_USER_MODEL


class CaseRecord(models.Model):
    """询问笔录 or 现场检查笔录 of a case: who, when, where, the officers with their 执法证
    numbers (copied from the inspections 名录库 at the time of the record), the questions and
    answers or the observations, and the party's signature state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("笔录种类"), max_length=20, choices=RecordKind.choices)
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    # [{"user_id", "name", "certificate"}]
    officers = models.JSONField(_("执法人员"), default=list)
    subject_name = models.CharField(_("被询问人/在场人"), max_length=100)
    subject_role = models.CharField(_("身份/职务"), max_length=100, blank=True)
    # [{"q", "a"}] of an inquiry.
    questions = models.JSONField(_("问答"), default=list, blank=True)
    observations = models.TextField(_("检查情况"), blank=True)
    acknowledgement = models.CharField(
        _("签字确认"),
        max_length=20,
        choices=Acknowledgement.choices,
        default=Acknowledgement.PENDING,
    )
    acknowledgement_note = models.CharField(_("签字情况说明"), max_length=300, blank=True)
    acknowledged_on = models.DateField(_("签字日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("笔录")
        verbose_name_plural = _("笔录")
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"

    @property
    def officer_text(self) -> str:
        return "、".join(f"{o['name']}（执法证号 {o['certificate']}）" for o in self.officers)


class CaseRecordAttachment(models.Model):
    """A file of a record (photo, video, scanned signature page), stored under its SHA-256."""

    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    storage_path = models.CharField(_("存储路径"), max_length=300, editable=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.sha256[:12]}"


class HearingRecord(models.Model):
    """听证笔录: the hearing held on the party's request, tied to the paused interval of the
    decision period that the request opened (it ends on the hearing day)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    pause = models.OneToOneField(
        Pause, on_delete=models.PROTECT, null=True, blank=True, related_name="hearing_record"
    )
    held_on = models.DateField(_("听证日期"))
    place = models.CharField(_("听证地点"), max_length=200)
    host = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("听证主持人")
    )
    participants = models.TextField(_("听证参加人"))
    officer_statement = models.TextField(_("办案人员提出的事实、证据和处理意见"), blank=True)
    party_statement = models.TextField(_("当事人的陈述、申辩和质证意见"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("听证笔录")
        verbose_name_plural = _("听证笔录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"听证 {self.held_on}"
