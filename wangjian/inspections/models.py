"""双随机、一公开: 抽查事项清单, 执法检查人员名录库 with 回避 declarations, plans, the
verifiable draws, tasks, results and their publication.

Legal bases: 国办发〔2015〕58号 §二; 《行政处罚法》(2021) 第四十二条 (at least two officers),
第四十三条 (回避); 《企业信息公示暂行条例》第十四条 (spot checks of publicised information);
results published within 20 working days (domain-rules.md §3).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.inspections.querysets import (
    InspectorQuerySet,
    PlanQuerySet,
    RecusalQuerySet,
    ResultQuerySet,
    TaskQuerySet,
)

DIVISION = "core.Division"
ENTITY = "registry.MarketEntity"


class ItemKind(models.TextChoices):
    GENERAL = "general", _("一般检查事项")
    KEY = "key", _("重点检查事项")


class InspectionItem(models.Model):
    """抽查事项: a matter that law, regulation or rule provides for, with its legal basis
    (国办发〔2015〕58号 §二(一): "法律法规规章没有规定的，一律不得擅自开展检查")."""

    code = models.CharField(_("事项编码"), max_length=20, unique=True)
    name = models.CharField(_("抽查事项"), max_length=200)
    kind = models.CharField(_("事项类别"), max_length=10, choices=ItemKind.choices)
    basis = models.JSONField(_("法律依据"), default=list)
    checks = models.TextField(_("检查内容"), blank=True)
    list_version = models.CharField(_("清单版本"), max_length=20)
    effective_on = models.DateField(_("施行日期"))

    class Meta:
        verbose_name = _("抽查事项")
        verbose_name_plural = _("抽查事项清单")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspector(models.Model):
    """执法检查人员: an enforcement officer in the 执法检查人员名录库 with their 执法证
    (行政处罚法 第四十二条 "具有行政执法资格", 第五十五条 credentials shown)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspector"
    )
    name = models.CharField(_("姓名"), max_length=50)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField(_("执法证号"), max_length=40, unique=True)
    certificate_valid_until = models.DateField(_("执法证有效期至"))
    active = models.BooleanField(_("在库"), default=True)

    objects = InspectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员名录库")
        ordering = ["certificate_number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class RecusalReason(models.TextChoices):
    RELATIVE = "relative", _("近亲属关系")
    FORMER_EMPLOYER = "former_employer", _("曾任职或受雇")
    RECENT_DEALINGS = "recent_dealings", _("近期经济往来")
    OTHER = "other", _("其他可能影响公正执法的关系")


class RecusalDeclaration(models.Model):
    """回避声明: an officer's declared relation to an entity (行政处罚法 第四十三条). Declarations
    in force when a plan is committed exclude the officer from that entity's team draw."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="recusals")
    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("回避事由"), max_length=20, choices=RecusalReason.choices)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    declared_on = models.DateField(_("声明日期"))
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)

    objects = RecusalQuerySet.as_manager()

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        ordering = ["-declared_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.entity_id}: {self.get_reason_display()}"


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    COMMITTED = "committed", _("已公布承诺")
    DRAWN = "drawn", _("已抽取")


class InspectionPlan(models.Model):
    """双随机抽查计划: scope, items, sampling proportions per credit tier (copied from the dated
    policy), the commitment (frozen pools and their SHA-256, announced sources, seed hash) and
    the draw (国办发〔2015〕58号 §二(二)(三))."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("计划名称"), max_length=200)
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    items = models.ManyToManyField(InspectionItem, related_name="plans")
    scope = models.JSONField(_("抽查范围"), default=dict, blank=True)
    proportions = models.JSONField(_("抽查比例"), default=dict)
    policy = models.JSONField(_("比例依据"), default=dict)
    algorithm = models.CharField(_("抽取算法"), max_length=20, default="hkdf-sha256")
    team_size = models.PositiveSmallIntegerField(_("每组执法人员数"), default=2)
    state = models.CharField(
        _("状态"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    sources = models.JSONField(_("公开随机源"), default=list, blank=True)
    seed_commitment = models.CharField(_("种子承诺哈希"), max_length=64, blank=True)
    stratum_tiers = models.JSONField(default=dict, blank=True)  # internal: label → tier
    inspector_pool = models.JSONField(default=list, blank=True)
    inspector_pool_sha256 = models.CharField(max_length=64, blank=True)
    object_record = models.JSONField(_("对象抽取记录"), default=dict, blank=True)
    committed_on = models.DateField(_("承诺日期"), null=True, blank=True)
    drawn_on = models.DateField(_("抽取日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("待检查")
    RESULT_RECORDED = "result_recorded", _("已录入结果")
    PUBLISHED = "published", _("已公示")


class InspectionTask(models.Model):
    """检查任务: one drawn entity and its drawn team of at least two officers (行政处罚法
    第四十二条), with the inspector draw record that chose them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="tasks")
    entity = models.ForeignKey(ENTITY, on_delete=models.PROTECT, related_name="inspection_tasks")
    stratum = models.CharField(_("分层"), max_length=10)
    inspectors = models.ManyToManyField(Inspector, related_name="tasks")
    inspector_record = models.JSONField(_("执法人员抽取记录"), default=dict)
    state = models.CharField(
        _("状态"), max_length=20, choices=TaskState.choices, default=TaskState.ASSIGNED
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        ordering = ["plan_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "entity"], name="inspection_task_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.entity_id}"


class InspectionResult(models.Model):
    """检查结果 with its standard outcome (data/items.yaml) and the publication deadline of 20
    working days from the result (一公开, domain-rules.md §3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.OneToOneField(InspectionTask, on_delete=models.PROTECT, related_name="result")
    outcome = models.CharField(_("检查结果"), max_length=30)
    outcome_label = models.CharField(_("检查结果"), max_length=60)
    notes = models.TextField(_("情况说明"), blank=True)
    result_on = models.DateField(_("检查结束日期"))
    publish_due_on = models.DateField(_("公示期限"))
    publish_rule = models.JSONField(default=dict)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["-result_on", "-id"]

    def __str__(self) -> str:
        return f"{self.task} {self.outcome_label}"


class ResultAttachment(models.Model):
    """检查结果附件 (检查记录、照片、责令改正通知书)."""

    result = models.ForeignKey(
        InspectionResult, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="inspections/results/%Y/")
    name = models.CharField(_("附件名称"), max_length=200)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("结果附件")
        verbose_name_plural = _("结果附件")

    def __str__(self) -> str:
        return self.name


from wangjian.inspections.field_models import (  # noqa: E402  (re-exported for Django)
    AttachmentKind as AttachmentKind,
)
from wangjian.inspections.field_models import FieldAttachment as FieldAttachment  # noqa: E402
from wangjian.inspections.field_models import FieldInspection as FieldInspection  # noqa: E402
from wangjian.inspections.field_models import FieldState as FieldState  # noqa: E402
from wangjian.inspections.field_models import SignatureKind as SignatureKind  # noqa: E402
from wangjian.inspections.sampling_models import Sample as Sample  # noqa: E402
from wangjian.inspections.sampling_models import SampleState as SampleState  # noqa: E402
from wangjian.inspections.sampling_models import SamplingPlan as SamplingPlan  # noqa: E402
