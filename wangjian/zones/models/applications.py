"""示范区创建申请: an applicant's path through the lifecycle states, and the record of each
step taken (申报 第二十条, approval 第二十一条).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.programmes import Programme
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
