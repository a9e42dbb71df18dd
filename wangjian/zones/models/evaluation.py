"""第三方评估 (第二十九至三十一条): the evaluator entrusted, the rubric scores, the social
evaluation (questionnaires, media and online feedback) and the written report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.applications import ZoneApplication
from wangjian.zones.models.programmes import RubricItem


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
