from django.core.exceptions import PermissionDenied
from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.jobs import JOB_RUNNERS, run_job_task
from wangjian.core.models import Job


class UnknownJobKind(ValueError):
    pass


def start_job(*, actor, kind: str, title: str, parameters: dict | None = None, division=None):
    """Create a queued job and enqueue it once the transaction commits.

    ``division`` defaults to the actor's jurisdiction. Raise ``UnknownJobKind`` for an
    unregistered kind and ``PermissionDenied`` when the actor's role may not start it.
    """
    if kind not in JOB_RUNNERS:
        raise UnknownJobKind(f"未知的任务类型 {kind!r} / unknown job kind {kind!r}")
    _runner, capability = JOB_RUNNERS[kind]
    if actor is None or not actor.has_capability(capability):
        raise PermissionDenied("无权启动该任务 / not permitted to start this job")
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
