"""Large submissions are imported as jobs: the upload is stored, the job imports it."""

from pathlib import Path

from django.conf import settings

from wangjian.core.jobs import JobProgress, job_runner
from wangjian.core.models import Job


def upload_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "registry" / "submissions"


def store_upload(content: bytes, digest: str, file_name: str) -> Path:
    directory = upload_directory()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{digest}.{file_name.rsplit('.', 1)[-1].lower()}"
    path.write_bytes(content)
    return path


@job_runner("registry.import_submission", capability="registry.submit")
def import_submission_job(job: Job, progress: JobProgress) -> dict:
    from wangjian.registry.actions import import_submission
    from wangjian.registry.models import Platform

    parameters = job.parameters
    platform = Platform.objects.get(pk=parameters["platform"])
    content = Path(parameters["path"]).read_bytes()
    progress.advance(0, "正在导入 / importing", force=True)
    outcome = import_submission(
        actor=job.created_by,
        platform=platform,
        file_name=parameters["file_name"],
        content=content,
        period=parameters["period"],
        channel=parameters["channel"],
    )
    submission = outcome.submission
    return {
        "submission": submission.pk,
        "already_imported": outcome.already_imported,
        "rows_read": submission.rows_read,
        "rows_committed": submission.rows_committed,
        "rows_rejected": submission.rows_rejected,
        "flags": submission.flags_raised,
    }


# The register-load job runner lives with the register loader.
from wangjian.registry import register_load as _register_load  # noqa: E402, F401
