"""行政检查 outside the random draw, recorded in the field: the inspection with its source, its
two officers, the 现场检查笔录 as structured data, photos and attachments, the party's
signature or refusal, the outcome and its follow-up (责令改正 and 复查, or a case).

Legal bases: 《行政处罚法》(2021) 第四十二条 (at least two officers with enforcement
qualification), 第五十五条 (credentials shown), 第二十八条 (责令改正); 《市场监督管理行政处罚
程序规定》on 现场笔录 signed by the party or the refusal noted (article numbers unconfirmed).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.inspections.querysets import FieldAttachmentQuerySet, FieldInspectionQuerySet


class FieldState(models.TextChoices):
    DRAFT = "draft", _("检查中")
    CONCLUDED = "concluded", _("已作出检查结论")
    RECTIFYING = "rectifying", _("责令改正中")
    CLOSED = "closed", _("已办结")


class SignatureKind(models.TextChoices):
    SIGNED = "signed", _("当事人签名")
    REFUSED = "refused", _("当事人拒绝签名")


class FieldInspection(models.Model):
    """行政检查: an inspection started from a complaint, a clue, a campaign, a warning, an
    entity's profile or its 身份码 (or a 双随机 task), with the 现场检查笔录 kept as data
    (《行政处罚法》第四十二条、第五十五条; 现场笔录 per 《市场监督管理行政处罚程序规定》)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.PROTECT, related_name="field_inspections"
    )
    source_type = models.CharField(_("检查来源"), max_length=20)
    source_id = models.CharField(_("来源编号"), max_length=64)
    source_label = models.CharField(_("来源说明"), max_length=300)
    items = models.ManyToManyField("inspections.InspectionItem", related_name="field_inspections")
    inspectors = models.ManyToManyField("inspections.Inspector", related_name="field_inspections")
    officers = models.JSONField(_("执法人员及执法证号"), default=list)
    officer_rule = models.JSONField(default=dict)
    state = models.CharField(
        _("状态"), max_length=12, choices=FieldState.choices, default=FieldState.DRAFT
    )
    # Raised on every saved change of the record: a draft sent from a phone that was made on an
    # older version is refused rather than silently overwriting a colleague's edit.
    version = models.PositiveIntegerField(_("版本"), default=1)
    started_at = models.DateTimeField(_("检查开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("检查结束时间"), null=True, blank=True)
    place = models.CharField(_("检查地点"), max_length=300, blank=True)
    place_source = models.CharField(_("地点来源"), max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    present_persons = models.TextField(_("在场人员"), blank=True)
    checked = models.TextField(_("检查情况"), blank=True)
    findings = models.JSONField(_("逐项检查结论"), default=dict, blank=True)
    signature = models.CharField(
        _("当事人签名"), max_length=10, choices=SignatureKind.choices, blank=True
    )
    signer_name = models.CharField(_("签名人"), max_length=100, blank=True)
    refusal_reason = models.CharField(_("拒签情况"), max_length=300, blank=True)
    witness_name = models.CharField(_("见证人"), max_length=100, blank=True)
    outcome = models.CharField(_("检查结论"), max_length=20, blank=True)
    outcome_label = models.CharField(_("检查结论"), max_length=60, blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    rectify_due_on = models.DateField(_("改正期限"), null=True, blank=True)
    rectify_rule = models.JSONField(default=dict, blank=True)
    rechecked_on = models.DateField(_("复查日期"), null=True, blank=True)
    recheck_corrected = models.BooleanField(_("复查已改正"), null=True, blank=True)
    recheck_notes = models.TextField(_("复查情况"), blank=True)
    case_number = models.CharField(_("立案案源编号"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FieldInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政检查")
        verbose_name_plural = _("行政检查")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"行政检查 {self.pk}（{self.entity_id}）"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("现场照片")
    DOCUMENT = "document", _("附件")


class FieldAttachment(models.Model):
    """现场照片、附件: typed by content, hashed, and sealed into the evidence custody log
    (电子数据取证暂行规定 on 保管链) by the evidence app's hook."""

    inspection = models.ForeignKey(
        FieldInspection, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=AttachmentKind.choices)
    name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="inspections/field/%Y/")
    custody_index = models.PositiveBigIntegerField(_("保管日志位置"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = FieldAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("现场检查附件")
        verbose_name_plural = _("现场检查附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
