"""Measures taken in a case and transfers to the judicial organs.

Legal basis: 《行政处罚法》 (2021) 第五十六条 (先行登记保存) and 第二十七条 (移送司法机关);
《行政强制法》 第二十五条 (查封、扣押); 《行政执法机关移送涉嫌犯罪案件的规定》.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.enforcement.choices import JudicialAnswer, MeasureKind
from wangjian.enforcement.models.cases import Case, Pause

USER = settings.AUTH_USER_MODEL


class Measure(models.Model):
    """先行登记保存 (行政处罚法 第五十六条) or 查封/扣押 (行政强制法 第二十五条) in a case, with
    the deadline computed from procedure.yaml when it was taken."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("措施"), max_length=20, choices=MeasureKind.choices)
    items = models.TextField(_("物品清单"))
    reason = models.CharField(_("理由"), max_length=300)
    started_on = models.DateField(_("采取日期"))
    due = models.DateField(_("期限"))
    extended_days = models.PositiveIntegerField(_("延长天数"), default=0)
    ended_on = models.DateField(_("处理日期"), null=True, blank=True)
    outcome = models.CharField(_("处理决定"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    extended_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class JudicialTransfer(models.Model):
    """移送司法机关: a case of a suspected crime sent to the public-security organ
    (行政处罚法 第二十七条; 行政执法机关移送涉嫌犯罪案件的规定), its receipt and the answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="judicial_transfers")
    organ = models.CharField(_("接收机关"), max_length=200)
    reason = models.TextField(_("涉嫌犯罪的事实和移送理由"))
    materials = models.TextField(_("移送材料"))
    sent_on = models.DateField(_("移送日期"))
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    receipt_number = models.CharField(_("回执编号"), max_length=80, blank=True)
    answer = models.CharField(
        _("答复"), max_length=20, choices=JudicialAnswer.choices, default=JudicialAnswer.PENDING
    )
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer_note = models.CharField(_("答复说明"), max_length=300, blank=True)
    pause = models.OneToOneField(
        Pause, on_delete=models.PROTECT, null=True, blank=True, related_name="judicial_transfer"
    )

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"移送 {self.organ} {self.sent_on}"
