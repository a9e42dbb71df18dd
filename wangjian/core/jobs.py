"""Running long work as jobs: a visible ``Job`` row driven by a django-tasks task.

An app registers a runner for a job kind with ``@job_runner("app.kind")``; the runner receives
the job and a ``JobProgress`` and returns a JSON-safe result. ``actions.jobs.start_job`` creates
the row and enqueues ``run_job_task`` after commit; the worker (``wangjian worker``) runs it.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from wangjian.core.audit import record_event
from wangjian.core.choices import JobState
from wangjian.core.models import Job

logger = logging.getLogger(__name__)

JobRunner = Callable[[Job, "JobProgress"], dict]
JOB_RUNNERS: dict[str, tuple[JobRunner, str]] = {}
# What to release when a job of a kind is found abandoned (its worker died): its batches.
JOB_RELEASERS: dict[str, Callable[[Job, str], None]] = {}


def job_runner(kind: str, *, capability: str):
    """Register ``function`` as the runner of jobs of ``kind``, startable with ``capability``."""

    def register(function: JobRunner) -> JobRunner:
        JOB_RUNNERS[kind] = (function, capability)
        return function

    return register


def job_releaser(kind: str):
    """Register ``function(job, reason)``, called in the transaction that fails an abandoned job
    of ``kind``: it marks the job's batches failed so that a re-run starts them afresh."""

    def register(function):
        JOB_RELEASERS[kind] = function
        return function

    return register


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOB_HEARTBEAT_SECONDS", 15))


class _Heartbeat:
    """Writes ``heartbeat_at`` on the job row every ``heartbeat_seconds()`` while it runs."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self.thread.daemon = True

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(heartbeat_seconds()):
                try:
                    Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # e.g. SQLite busy under the job's own write: the next beat
                    logger.warning("heartbeat of job %s missed", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


@dataclass
class JobProgress:
    """Writes progress to the job row, at most once per ``every`` steps to spare the database."""

    job: Job
    every: int = 100

    def set_total(self, total: int) -> None:
        self.job.progress_total = total
        Job.objects.filter(pk=self.job.pk).update(progress_total=total)

    def advance(self, done: int, message: str = "", *, force: bool = False) -> None:
        if force or done - self.job.progress_done >= self.every or done == self.job.progress_total:
            self.job.progress_done = done
            self.job.message = message[:300]
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=done, message=self.job.message, heartbeat_at=timezone.now()
            )


def run_job(job_id: int) -> JobState | None:
    """Run a queued job once. Return its final state, or None when it was not queued.

    Safe to call twice for the same id: only the call that moves the job from queued to running
    does the work, so a task delivered twice does not run twice.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.RUNNING, started_at=now, heartbeat_at=now
        )
    if not claimed:
        return None
    job = Job.objects.select_related("created_by", "division").get(pk=job_id)
    runner, _capability = JOB_RUNNERS[job.kind]
    progress = JobProgress(job)
    try:
        with _Heartbeat(job.pk):
            result = runner(job, progress)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, error=f"{type(error).__name__}: {error}")
        return JobState.FAILED
    _finish(job, JobState.SUCCEEDED, result=result)
    return JobState.SUCCEEDED


def _finish(job: Job, state: JobState, *, result=None, error: str = "") -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            state=state, result=result, error=error[:5000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        record_event(
            actor=None,
            event_type=f"core.job_{state}",
            target=job,
            division=job.division,
            after={"state": state, "result": result, "error": error[:500]},
        )


@task()
def run_job_task(job_id: int) -> None:
    """The django-tasks entry point; takes only the id so the payload survives JSON."""
    run_job(job_id)


@job_runner("core.verify_audit_chain", capability="core.view_audit_event")
def verify_audit_chain_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.core.audit import verify_chain

    outcome = verify_chain()
    progress.set_total(outcome.checked)
    progress.advance(outcome.checked, "审计链校验完成 / audit chain checked", force=True)
    return {
        "checked": outcome.checked,
        "ok": outcome.ok,
        "published": outcome.published,
        "problems": outcome.problems[:100],
    }


@job_runner("core.publish_audit_head", capability="core.publish_audit_head")
def publish_audit_head_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.core.audit import publish_head

    published = publish_head(actor=job.created_by)
    progress.set_total(1)
    progress.advance(1, "审计链头已发布 / audit head published", force=True)
    return {"heads": [{"sequence": h.sequence, "where": h.where} for h in published]}
