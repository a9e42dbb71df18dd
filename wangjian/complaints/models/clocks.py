"""办理时限: the statutory clocks of a record on the working-day calendar.

Legal basis: 暂行办法 第二十条 on time not counted; the periods are data (``data/rules.yaml``)
per rule version.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.complaints import querysets
from wangjian.complaints.models.records import Complaint


class ClockStep(models.Model):
    """办理时限: one statutory clock of a record (受理决定, 调解期限, 核查立案 …) with its basis.

    ``due_on`` is computed on the working-day calendar from ``started_on`` and the rule
    version's data; ``excluded_working_days`` lengthens it by time the rule does not count
    (暂行办法 第二十条). ``timely`` is set when the step completes.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(_("环节"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    started_on = models.DateField(_("起算日"))
    # None when the working-day calendar of a year the period reaches is not entered yet: the
    # date is never guessed (wangjian.core.working_days.CalendarYearNotCovered).
    due_on = models.DateField(_("届满日"), null=True, blank=True)
    calendar_note = models.CharField(_("日历说明"), max_length=300, blank=True)
    amount = models.PositiveIntegerField(_("期限（工作日）"))
    excluded_working_days = models.PositiveIntegerField(_("不计入天数"), default=0)
    paused_on = models.DateField(_("暂停起"), null=True, blank=True)
    basis = models.JSONField(_("依据"), default=list)
    citation = models.TextField(_("依据文本"), blank=True)
    status = models.CharField(_("核实状态"), max_length=20)
    counted_in_regulator_clock = models.BooleanField(default=True)
    completed_on = models.DateField(_("完成日"), null=True, blank=True)
    timely = models.BooleanField(_("按时"), null=True)

    objects = querysets.ClockStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "step"], name="clock_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint.receipt_number} {self.label} {self.due_on}"

    @property
    def pending_year(self) -> int | None:
        """The year whose working-day table this undated clock waits for (from its note)."""
        if self.due_on is not None:
            return None
        found = re.search(r"\d{4}", self.calendar_note or "")
        return int(found.group()) if found else self.started_on.year + 1
