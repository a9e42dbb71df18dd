"""12315 imports above a small size run as jobs: the upload is stored, the job imports it."""

import hashlib
from pathlib import Path

from django.conf import settings
from django_tasks import task

from wangjian.core.jobs import JobProgress, job_runner
from wangjian.core.models import Job


def store_import(content: bytes, file_name: str) -> Path:
    directory = Path(settings.MEDIA_ROOT) / "complaints" / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    suffix = "xlsx" if file_name.lower().endswith(".xlsx") else "csv"
    path = directory / f"{hashlib.sha256(content).hexdigest()}.{suffix}"
    path.write_bytes(content)
    return path


@job_runner("complaints.import_12315", capability="complaints.import")
def import_12315_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.complaints.actions.imports import import_12315

    progress.advance(0, "正在导入 / importing", force=True)
    batch = import_12315(
        actor=job.created_by,
        content=Path(job.parameters["path"]).read_bytes(),
        file_name=job.parameters["file_name"],
        division=job.division,
    )
    return {
        "batch": batch.pk,
        "rows_read": batch.rows_read,
        "rows_committed": batch.rows_committed,
        "rows_skipped": batch.rows_skipped,
        "rows_rejected": batch.rows_rejected,
    }


@task()
def screen_pending_task() -> None:
    """Screen every committed record still waiting (duplicates, serial patterns)."""
    from wangjian.complaints.actions.screening import screen_pending

    screen_pending()


def request_screening() -> None:
    """Queue the screening task after intake commits, unless one is already waiting: one run
    screens every pending record, so a burst of intake queues it once."""
    if not _screening_waiting():
        screen_pending_task.enqueue()


def _screening_waiting() -> bool:
    backend = screen_pending_task.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=screen_pending_task.module_path).exists()
