"""Models of the 示范区 (demonstration-zone) lifecycle.

The programme's rules live in ``Programme.rules`` as loaded from ``data/programmes/*.yaml``; an
application keeps the programme version it was created under, so a past decision can be
reproduced with the rules that applied to it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.querysets import ApplicationChildQuerySet, ApplicationQuerySet


class ZoneState(models.TextChoices):
    DRAFT = "draft", _("拟申报")
    CONSENTED = "consented", _("地市局已同意")
    SUBMITTED = "submitted", _("已申报")
    REVIEWED = "reviewed", _("已审核待办公会议")
    CREATING = "creating", _("创建中")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("已申请验收")
    EVALUATING = "evaluating", _("第三方评估中")
    EVALUATED = "evaluated", _("评估已完成")
    IN_NOTICE = "in_notice", _("公示中")
    DESIGNATED = "designated", _("已确认为示范区")
    EXPIRED = "expired", _("有效期满")
    REEVALUATION_APPLIED = "reevaluation_applied", _("已申请复评")
    NOT_APPROVED = "not_approved", _("未通过")
    REVOKED = "revoked", _("已撤销")


class Programme(models.Model):
    """创建办法: one version of a demonstration-zone programme and its rules.

    Legal basis: the instrument named in ``instrument_key`` (e.g. 《浙江省网络监管与服务示范区创建
    办法(试行)》); each rule in ``rules`` carries its article.
    """

    key = models.SlugField(_("键"), max_length=60)
    version = models.CharField(_("版本"), max_length=60)
    name = models.CharField(_("名称"), max_length=200)
    effective_on = models.DateField(_("施行日期"))
    territory = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用区域")
    )
    authority_name = models.CharField(_("组织机关"), max_length=200)
    instrument_key = models.CharField(_("依据文件键"), max_length=60)
    instrument = models.JSONField(_("依据文件"))
    articles = models.JSONField(_("条文"))
    rules = models.JSONField(_("规则"))
    questionnaire = models.JSONField(_("社会评价问卷"))
    rubric_version = models.CharField(_("评估标准版本"), max_length=60)
    rubric_verification = models.CharField(_("评估标准核实状态"), max_length=20)
    social_weight = models.DecimalField(_("社会评价分值"), max_digits=6, decimal_places=2)
    content_hash = models.CharField(_("内容哈希"), max_length=64)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("示范区创建办法")
        verbose_name_plural = _("示范区创建办法")
        ordering = ["key", "-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="zone_programme_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.version})"

    def rule(self, name: str) -> dict:
        return self.rules[name]


class RubricItem(models.Model):
    """评估指标: one item of a programme's rubric (第八至十八条 of the Zhejiang measures)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rubric_items")
    group_key = models.CharField(_("类别键"), max_length=40)
    group_name = models.CharField(_("类别"), max_length=40)
    key = models.CharField(_("键"), max_length=60)
    name = models.CharField(_("指标"), max_length=60)
    article = models.CharField(_("条款"), max_length=20)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    guidance = models.TextField(_("评分说明"))
    evidence_needed = models.TextField(_("所需佐证材料"))
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="zone_rubric_item_key"),
        ]

    def __str__(self) -> str:
        return f"{self.group_name}·{self.name}"


class ZoneApplication(models.Model):
    """示范区创建申请: one applicant's path from 申报 to 确认 and dynamic management.

    Legal basis: 第二十条 to 第三十五条 of the programme's measures; the state machine is in
    ``wangjian.zones.lifecycle``.
    """

    public_id = models.UUIDField(_("公开编号"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    division = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("创建地")
    )
    applicant_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("申报单位")
    )
    name = models.CharField(_("示范区名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=30, choices=ZoneState.choices)
    goals = models.JSONField(_("创建目标"), default=list)
    materials = models.JSONField(_("申报材料"), default=dict)
    consent = models.JSONField(_("地市局意见"), default=dict)
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    approved_on = models.DateField(_("批准创建日期"), null=True, blank=True)
    approval_document = models.CharField(_("批准文号"), max_length=100, blank=True)
    creation_deadline = models.DateField(_("创建期限"), null=True, blank=True)
    acceptance_applied_on = models.DateField(_("验收申请日期"), null=True, blank=True)
    acceptance_materials = models.JSONField(_("验收材料"), default=dict)
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    designated_on = models.DateField(_("确认日期"), null=True, blank=True)
    designation_document = models.CharField(_("确认文号"), max_length=100, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    renewal_count = models.PositiveSmallIntegerField(_("延续认定次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范区创建申请")
        verbose_name_plural = _("示范区创建申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class StepRecord(models.Model):
    """办理记录: one lifecycle step as taken, with its date, actor and the article it applied."""

    application = models.ForeignKey(ZoneApplication, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("环节"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30)
    taken_on = models.DateField(_("办理日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    article = models.CharField(_("依据条款"), max_length=40, blank=True)
    details = models.JSONField(_("内容"), default=dict)

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.step} · {self.taken_on}"


class CreationTask(models.Model):
    """创建任务: one task of the approved plan, owned by a department (第二十二条)."""

    application = models.ForeignKey(ZoneApplication, on_delete=models.CASCADE, related_name="tasks")
    group = models.CharField(_("任务类别"), max_length=60)
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("任务内容"), blank=True)
    owner_department = models.CharField(_("责任部门"), max_length=200)
    due_on = models.DateField(_("完成期限"))
    progress_percent = models.PositiveSmallIntegerField(_("进度(%)"), default=0)

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建任务")
        verbose_name_plural = _("创建任务")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="zone_task_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}.{self.title}"


class TaskProgressReport(models.Model):
    """进展报告: a progress report on a creation task with its supporting material."""

    task = models.ForeignKey(CreationTask, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("报告日期"))
    progress_percent = models.PositiveSmallIntegerField(_("进度(%)"))
    text = models.TextField(_("进展情况"))
    supporting_material = models.CharField(_("佐证材料"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("任务进展报告")
        verbose_name_plural = _("任务进展报告")
        ordering = ["task", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.reported_on} · {self.progress_percent}%"


class Guidance(models.Model):
    """指导意见: the city-level bureau's guidance during creation (第二十二条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="guidance"
    )
    given_on = models.DateField(_("日期"))
    text = models.TextField(_("指导意见"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指导意见")
        verbose_name_plural = _("指导意见")
        ordering = ["application", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · 指导意见 {self.given_on}"


class EvaluatorAssignment(models.Model):
    """委托第三方评估: the evaluator organisation entrusted with an application (第二十九条).

    The organisation declares whether it has a conflict of interest before it may score.
    """

    application = models.OneToOneField(
        ZoneApplication, on_delete=models.CASCADE, related_name="assignment"
    )
    evaluator_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("评估机构")
    )
    entrusted_on = models.DateField(_("委托日期"))
    declared_on = models.DateField(_("利益冲突声明日期"), null=True, blank=True)
    declaration = models.TextField(_("利益冲突声明"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    questionnaire_open = models.BooleanField(_("问卷已发布"), default=False)

    class Meta:
        verbose_name = _("第三方评估委托")
        verbose_name_plural = _("第三方评估委托")

    def __str__(self) -> str:
        return f"{self.application} · {self.evaluator_unit}"


class ItemScore(models.Model):
    """专业评估评分: one rubric item scored on site with its evidence (第三十一条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("佐证材料"))
    comment = models.TextField(_("评分理由"), blank=True)
    scored_on = models.DateField(_("评分日期"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("专业评估评分")
        verbose_name_plural = _("专业评估评分")
        ordering = ["application", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="zone_item_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.item} · {self.score}"


class QuestionnaireResponse(models.Model):
    """社会评价问卷答卷: one member of the public's answers (第三十一条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    answers = models.JSONField(_("答卷"))
    comment = models.TextField(_("意见建议"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.application} · 答卷 #{self.pk}"


class PublicFeedback(models.Model):
    """媒体及网络反馈: media and online feedback recorded for the social evaluation (第三十一条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="feedback"
    )
    channel = models.CharField(_("渠道"), max_length=60)
    summary = models.TextField(_("摘要"))
    favourable = models.BooleanField(_("正面"))
    recorded_on = models.DateField(_("记录日期"))

    class Meta:
        verbose_name = _("媒体及网络反馈")
        verbose_name_plural = _("媒体及网络反馈")
        ordering = ["application", "recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.channel}"


class EvaluationReport(models.Model):
    """书面评估报告: the evaluator's written report with its frozen figures (第二十九条)."""

    application = models.OneToOneField(
        ZoneApplication, on_delete=models.CASCADE, related_name="report"
    )
    issued_on = models.DateField(_("出具日期"))
    professional_score = models.DecimalField(_("专业评估得分"), max_digits=6, decimal_places=2)
    social_score = models.DecimalField(_("社会评价得分"), max_digits=6, decimal_places=2)
    total_score = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    pass_mark = models.DecimalField(_("合格分数线"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("符合条件"))
    conclusion = models.TextField(_("评估结论"))
    figures = models.JSONField(_("评分明细"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("评估报告")
        verbose_name_plural = _("评估报告")

    def __str__(self) -> str:
        return f"{self.application} · 评估报告 {self.issued_on}"


class Objection(models.Model):
    """公示异议: an objection raised during the public notice (第二十五、二十六条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="objections"
    )
    submitted_on = models.DateField(_("提出日期"))
    name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.application} · 异议 #{self.pk}"


class SupportRecord(models.Model):
    """政策支持与专项资金: support given to a zone (第二十七条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="support"
    )
    kind = models.CharField(_("类别"), max_length=20)
    description = models.TextField(_("内容"))
    amount_yuan = models.DecimalField(
        _("金额(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    granted_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("政策支持与专项资金")
        verbose_name_plural = _("政策支持与专项资金")
        ordering = ["application", "granted_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.kind} · {self.granted_on}"


class AnnualSummary(models.Model):
    """年度总结: the yearly summary a designated zone reports (第三十三条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="annual_summaries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    due_on = models.DateField(_("报送期限"))
    submitted_on = models.DateField(_("报送日期"))
    text = models.TextField(_("总结"))
    overdue = models.BooleanField(_("逾期报送"))

    class Meta:
        verbose_name = _("年度总结")
        verbose_name_plural = _("年度总结")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="zone_summary_year"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.year} 年度总结"


class Sanction(models.Model):
    """通报批评、限期整改、撤销: a sanction with its reason (第三十五条)."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("类别"), max_length=30)
    reason = models.TextField(_("事由"))
    decided_on = models.DateField(_("决定日期"))
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("示范区处理决定")
        verbose_name_plural = _("示范区处理决定")
        ordering = ["application", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.kind} · {self.decided_on}"


class IndicatorDefinition(models.Model):
    """监测指标: one indicator of the board, loaded from ``data/indicators.yaml``."""

    key = models.SlugField(_("键"), max_length=60, unique=True)
    name = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    kind = models.CharField(_("类型"), max_length=10)
    function = models.CharField(_("计算函数"), max_length=100, blank=True)
    basis = models.CharField(_("依据"), max_length=80)
    comparison = models.CharField(_("对比基准"), max_length=100, blank=True)
    catalogue_version = models.CharField(_("目录版本"), max_length=40)
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("监测指标")
        verbose_name_plural = _("监测指标")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """指标数值: one entered figure with its period and source."""

    application = models.ForeignKey(
        ZoneApplication, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("统计期"), max_length=20)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20)
    source = models.CharField(_("数据来源"), max_length=200)
    comparison_value = models.DecimalField(
        _("对比值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["application", "indicator__position", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator", "period"], name="zone_indicator_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.indicator} · {self.period}"
