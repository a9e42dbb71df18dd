"""数据合规自评估: self-assessments, their rectification items and the review comments.

Legal basis: 《个人信息保护法》, 《数据安全法》, 《网络数据安全管理条例》 (in force 2025-01-01);
杨浦区规划 任务11; the questionnaire is data (``data/self_assessment/``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.platforms import querysets
from wangjian.platforms.choices import AssessmentState

PLATFORM = "registry.Platform"
DIVISION = "core.Division"
USER = settings.AUTH_USER_MODEL


class SelfAssessment(models.Model):
    """数据合规自评估: one enterprise's (or platform's) answers to one version of the
    questionnaire, its score, gaps and rectification plan, and the regulator's review
    (杨浦区规划 任务11; 《个人信息保护法》, 《数据安全法》, 《网络数据安全管理条例》)."""

    questionnaire_key = models.CharField(max_length=60)
    questionnaire_version = models.CharField(_("问卷版本"), max_length=40)
    entity = models.ForeignKey(
        "registry.MarketEntity", on_delete=models.PROTECT, related_name="self_assessments"
    )
    platform = models.ForeignKey(
        PLATFORM,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="self_assessments",
    )
    division = models.ForeignKey(DIVISION, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    answers = models.JSONField(_("答复"), default=dict, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    earned = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    possible = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    gaps = models.JSONField(_("差距"), default=list, blank=True)
    topic_scores = models.JSONField(_("分主题得分"), default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = querysets.SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据合规自评估")
        verbose_name_plural = _("数据合规自评估")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.questionnaire_version}"


class RectificationItem(models.Model):
    """整改事项: one gap of a submitted self-assessment, the article it falls short of and the
    deadline on the working-day calendar."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="rectifications"
    )
    item_key = models.CharField(max_length=60)
    title = models.CharField(_("事项"), max_length=300)
    basis = models.JSONField(_("依据"), default=list)
    due_on = models.DateField(_("整改期限"))
    working_days = models.PositiveSmallIntegerField(_("期限（工作日）"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("整改说明"), blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item_key"], name="rectification_unique_item"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentComment(models.Model):
    """审核意见: a regulator's comment on a self-assessment (or the enterprise's reply)."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
