"""Uploads: large batches stored as a file and scanned by a job."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.monitoring.actions.common import (
    MAX_KEPT_ERRORS,
    MAX_UPLOAD_BYTES,
    MonitoringError,
    _require,
    _sha256,
    engine,
)
from wangjian.monitoring.actions.feeds import _require_visible_platform
from wangjian.monitoring.actions.storing import _error_entry, _finish
from wangjian.monitoring.choices import BatchState, ScanSource
from wangjian.monitoring.engine.files import InputFormatError, input_format, read_records
from wangjian.monitoring.engine.records import RecordError
from wangjian.monitoring.models import ScanBatch

# --- Uploads -----------------------------------------------------------------------------------


def upload_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "monitoring" / "uploads"


@dataclass
class UploadReceipt:
    batch: ScanBatch
    already_received: bool


def submit_upload(*, actor, file_name: str, content: bytes, platform=None) -> UploadReceipt:
    """Queue a scan of an uploaded JSONL, CSV or Parquet file (at least ``id`` and ``text``).

    The same file uploaded again to the same bureau returns the first batch."""
    from wangjian.core.actions.jobs import start_job

    _require(actor, "monitoring.scan")
    try:
        file_format = input_format(Path(file_name))
    except InputFormatError as error:
        zh, _separator, en = str(error).partition(" / ")
        raise MonitoringError(
            f"文件 {file_name}：{zh} / file {file_name}: {en}", field="file", rule="format"
        ) from error
    if not content:
        raise MonitoringError(
            f"文件 {file_name} 为空 / file {file_name} is empty", field="file", rule="required"
        )
    if len(content) > MAX_UPLOAD_BYTES:
        raise MonitoringError(
            f"文件 {file_name} 超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB；"
            f"请用命令行 wangjian scan / file {file_name} exceeds "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB; use the CLI",
            field="file",
            rule="max_size",
        )
    _require_visible_platform(actor, platform, "上传扫描", "upload")
    division = actor.jurisdiction
    digest = hashlib.sha256(content).hexdigest()
    content_hash = _sha256(f"{digest}:{platform.pk if platform else ''}")
    with transaction.atomic():
        existing = ScanBatch.objects.filter(
            division=division, source=ScanSource.UPLOAD, content_hash=content_hash
        ).first()
        if existing is not None and existing.state != BatchState.FAILED:
            return UploadReceipt(existing, True)
        directory = upload_directory()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{digest}.{file_format}"
        path.write_bytes(content)
        if existing is not None:
            # A failed scan (its worker died, or the scan raised) stored nothing: the same file
            # again runs the same batch again.
            existing.state, existing.failure, existing.finished_at = BatchState.QUEUED, "", None
            existing.job = start_job(
                actor=actor,
                kind="monitoring.scan_batch",
                title=f"监测扫描：{existing.file_name}",
                parameters={"batch": existing.pk, "path": str(path)},
                division=division,
            )
            existing.save(update_fields=["state", "failure", "finished_at", "job"])
            return UploadReceipt(existing, False)
        batch = ScanBatch.objects.create(
            division=division,
            source=ScanSource.UPLOAD,
            platform=platform,
            file_name=Path(file_name).name[:255],
            content_hash=content_hash,
            submitted_by=actor,
        )
        record_event(
            actor=actor,
            event_type="monitoring.upload_received",
            target=batch,
            division=division,
            after={"file_name": batch.file_name, "bytes": len(content), "sha256": digest},
        )
        job = start_job(
            actor=actor,
            kind="monitoring.scan_batch",
            title=f"监测扫描：{batch.file_name}",
            parameters={"batch": batch.pk, "path": str(path)},
            division=division,
        )
        batch.job = job
        batch.save(update_fields=["job"])
    return UploadReceipt(batch, False)


def scan_uploaded_batch(*, actor, batch: ScanBatch, path: Path) -> ScanBatch:
    """Run a queued upload batch (the job's work): one transaction for the whole file."""
    aliases = engine().pack.category_aliases
    errors: list[dict] = []
    malformed = 0

    def records():
        nonlocal malformed
        for _line, item in read_records(path, aliases):
            if isinstance(item, RecordError):
                malformed += 1
                if len(errors) < MAX_KEPT_ERRORS:
                    errors.append(_error_entry(item))
                continue
            yield item

    with transaction.atomic():
        locked = ScanBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != BatchState.QUEUED:
            return locked
        scanned = list(records())  # counts the malformed records as it reads
        return _finish(locked, scanned, errors, malformed, actor)


def fail_batch(*, actor, batch: ScanBatch, reason: str) -> None:
    with transaction.atomic():
        ScanBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED, failure=reason[:2000], finished_at=timezone.now()
        )
        record_event(
            actor=actor,
            event_type="monitoring.batch_failed",
            target=batch,
            division=batch.division,
            reason=reason[:500],
        )
