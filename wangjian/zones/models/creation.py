"""创建 (第二十二条): the tasks of the approved plan, their progress reports and the city-level
bureau's guidance.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.zones.models.applications import ZoneApplication
from wangjian.zones.querysets import ApplicationChildQuerySet


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
