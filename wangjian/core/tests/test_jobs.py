import re

import pytest
from django_tasks_db.models import DBTaskResult

from wangjian.cli import main
from wangjian.core.actions.jobs import UnknownJobKind, start_job
from wangjian.core.actions.refusals import CoreNotPermitted
from wangjian.core.choices import JobState
from wangjian.core.jobs import run_job
from wangjian.core.models import AuditEvent, Job


@pytest.mark.django_db(transaction=True)
def test_started_job_is_enqueued_on_commit_and_run_by_the_worker(section_chief):
    job = start_job(actor=section_chief, kind="core.verify_audit_chain", title="审计链校验")
    assert job.state == JobState.QUEUED
    assert job.division == section_chief.jurisdiction
    assert DBTaskResult.objects.count() == 1
    job.refresh_from_db()
    assert job.task_result_id == str(DBTaskResult.objects.get().id)

    assert main(["worker", "--batch"]) == 0

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    # The chain held the start event when the job checked it.
    assert job.result == {"checked": 1, "ok": True, "published": 0, "problems": []}
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == [
        "core.job_started",
        "core.job_succeeded",
    ]


@pytest.mark.django_db
def test_a_job_runs_once_even_if_delivered_twice(section_chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = start_job(actor=section_chief, kind="core.verify_audit_chain", title="校验")
    assert run_job(job.pk) == JobState.SUCCEEDED
    assert run_job(job.pk) is None
    assert AuditEvent.objects.filter(event_type="core.job_succeeded").count() == 1


@pytest.mark.django_db
def test_starting_a_job_needs_the_runner_capability(regulator):
    with pytest.raises(CoreNotPermitted):
        start_job(actor=regulator, kind="core.verify_audit_chain", title="x")
    assert Job.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_unknown_job_kind_is_refused(section_chief):
    with pytest.raises(UnknownJobKind) as raised:
        start_job(actor=section_chief, kind="core.nothing", title="x")
    assert re.search(r"unknown job kind 'core\.nothing'", raised.value.en)


@pytest.mark.django_db(transaction=True)
def test_a_running_job_writes_a_heartbeat_while_its_work_is_silent(section_chief, settings):
    import time

    from wangjian.core.jobs import JOB_RUNNERS, job_runner

    settings.JOB_HEARTBEAT_SECONDS = 0.05
    seen = []

    @job_runner("core.test_silent_work", capability="core.view_audit_event")
    def silent(job, progress):
        started = Job.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.5)  # no progress reported
        seen.append((started, Job.objects.get(pk=job.pk).heartbeat_at))
        return {}

    try:
        job = start_job(actor=section_chief, kind="core.test_silent_work", title="静默任务")
        assert run_job(job.pk) == JobState.SUCCEEDED
    finally:
        del JOB_RUNNERS["core.test_silent_work"]
    ((started, later),) = seen
    assert started is not None
    assert later > started
