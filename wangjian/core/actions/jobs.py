import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
from wangjian.core.audit import record_event
from wangjian.core.choices import JobState
from wangjian.core.error_codes import CoreErrorCode
from wangjian.core.jobs import JOB_RELEASERS, JOB_RUNNERS, run_job_task
from wangjian.core.models import Job


class UnknownJobKind(CoreRefused, ValueError):
    """A job kind no app registered a runner for."""

    default_code = CoreErrorCode.UNKNOWN_JOB_KIND


def start_job(*, actor, kind: str, title: str, parameters: dict | None = None, division=None):
    """Create a queued job and enqueue it once the transaction commits.

    ``division`` defaults to the actor's jurisdiction. Raise ``UnknownJobKind`` for an
    unregistered kind and ``PermissionDenied`` when the actor's role may not start it.
    """
    if kind not in JOB_RUNNERS:
        raise UnknownJobKind(f"未知的任务类型 {kind!r} / unknown job kind {kind!r}")
    _runner, capability = JOB_RUNNERS[kind]
    if actor is None or not actor.has_capability(capability):
        raise CoreNotPermitted(
            "无权启动该任务 / not permitted to start this job", code=CoreErrorCode.NOT_PERMITTED
        )
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title,
            parameters=parameters or {},
            created_by=actor,
            division=division if division is not None else actor.jurisdiction,
        )
        record_event(
            actor=actor,
            event_type="core.job_started",
            target=job,
            division=job.division,
            after={"kind": kind, "parameters": job.parameters},
        )
        transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    result = run_job_task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def stale_after() -> dt.timedelta:
    """How long a running job may go without a heartbeat before it counts as abandoned."""
    return dt.timedelta(seconds=float(getattr(settings, "JOB_STALE_SECONDS", 120)))


def fail_abandoned_jobs(*, actor=None, now=None) -> list[Job]:
    """Fail every running job whose heartbeat stopped (its worker died) and release its batches.

    Run by ``wangjian worker`` at start-up and periodically; ``actor`` is None (the system).
    Each job is failed in its own transaction, on the locked row, only if it is still running
    and still silent, so a job that a live worker finishes meanwhile is left alone.
    """
    now = now or timezone.now()
    cutoff = now - stale_after()
    failed = []
    candidates = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=cutoff)
    candidates = candidates | Job.objects.filter(
        state=JobState.RUNNING, heartbeat_at__isnull=True, started_at__lt=cutoff
    )
    for job_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            last = job.heartbeat_at or job.started_at
            if job.state != JobState.RUNNING or last is None or last >= cutoff:
                continue
            reason = (
                f"后台进程中断：任务自 {timezone.localtime(last):%Y-%m-%d %H:%M:%S} 起无心跳，"
                "已标记为失败，可重新发起 / the worker stopped: no heartbeat since "
                f"{last.isoformat(timespec='seconds')}; marked failed, start it again"
            )
            job.state, job.error, job.finished_at = JobState.FAILED, reason, now
            job.save(update_fields=["state", "error", "finished_at"])
            releaser = JOB_RELEASERS.get(job.kind)
            if releaser is not None:
                releaser(job, reason)
            record_event(
                actor=actor,
                event_type="core.job_abandoned",
                target=job,
                division=job.division,
                reason=reason[:500],
                after={"state": JobState.FAILED, "last_heartbeat": last.isoformat()},
            )
        failed.append(job)
    return failed
