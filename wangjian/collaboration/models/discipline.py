"""联合惩戒: partner departments, the list entries pushed to them and the measures they applied.

Legal basis: 《全国失信惩戒措施基础清单（2024年版）》 (item numbers unconfirmed);
《市场监督管理严重违法失信名单管理办法》 (总局令第44号) on sharing the list with departments;
the measures per department kind are data (``data/discipline.yaml``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets
from wangjian.collaboration.choices import NoticeState


class PartnerDepartment(models.Model):
    """协作部门: a partner body (税务, 商务, 网信, 发改…) and the department kind it is, which
    decides the 联合惩戒 measures it receives (``data/discipline.yaml``)."""

    org_unit = models.OneToOneField(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    department = models.CharField(_("部门类别"), max_length=30)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("协作部门")
        verbose_name_plural = _("协作部门")
        ordering = ["org_unit__name"]

    def __str__(self) -> str:
        return self.org_unit.name


class DisciplineNotice(models.Model):
    """联合惩戒推送: a list entry sent to a partner department with the measures that apply.

    Basis: 《全国失信惩戒措施基础清单（2024年版）》 (item numbers unconfirmed);
    《市场监督管理严重违法失信名单管理办法》 (总局令第44号) on sharing the list with departments.
    """

    list_entry = models.ForeignKey(
        "credit.CreditListEntry", on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(PartnerDepartment, on_delete=models.PROTECT, related_name="notices")
    measures = models.JSONField(_("适用措施"), default=list)
    state = models.CharField(
        _("状态"), max_length=20, choices=NoticeState.choices, default=NoticeState.SENT
    )
    sent_on = models.DateField(_("推送日期"))
    feedback = models.TextField(_("反馈"), blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    removal_notified_on = models.DateField(_("移出告知日期"), null=True, blank=True)
    lift_confirmed_on = models.DateField(_("确认解除日期"), null=True, blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)

    objects = querysets.DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("联合惩戒推送")
        verbose_name_plural = _("联合惩戒推送")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["list_entry", "partner"], name="notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.list_entry} → {self.partner}"


class AppliedMeasure(models.Model):
    """A measure the partner department applied, with its feedback; lifted on removal."""

    notice = models.ForeignKey(DisciplineNotice, on_delete=models.CASCADE, related_name="applied")
    measure_key = models.CharField(_("措施"), max_length=40)
    measure_title = models.CharField(_("措施名称"), max_length=200)
    applied_on = models.DateField(_("实施日期"))
    detail = models.TextField(_("实施情况"))
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.AppliedMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("已实施的惩戒措施")
        verbose_name_plural = _("已实施的惩戒措施")
        ordering = ["applied_on", "id"]

    def __str__(self) -> str:
        return self.measure_title
