from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import JobState
from wangjian.core.querysets import JobQuerySet


class Job(models.Model):
    """A long-running piece of work (import, scan, recompute) shown to its owner with progress.

    The work itself runs as a django-tasks task; this row is what people see, scoped to the
    division of the org unit that started it.
    """

    kind = models.CharField(_("类型"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=20, choices=JobState.choices, default=JobState.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总量"), null=True, blank=True)
    message = models.CharField(_("进度说明"), max_length=300, blank=True)
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="jobs"
    )
    division = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, null=True, related_name="jobs"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # Written by the running worker every few seconds; a running job whose heartbeat stopped
    # belongs to a worker that died (kill -9, power loss) and is failed by the next worker.
    heartbeat_at = models.DateTimeField(_("心跳时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
