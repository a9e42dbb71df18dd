"""Importing a 12315 export: the batch, its committed rows and its row-level errors, in one
transaction. The file is read and each row checked by ``complaints.imports``; a row already
imported (same 登记编号 as ``external_id``) is skipped, so importing a file twice adds nothing."""

import hashlib

from django.db import DatabaseError, transaction
from django.utils import timezone

from wangjian.complaints.actions.common import ComplaintError
from wangjian.complaints.actions.intake import file_submission
from wangjian.complaints.choices import Channel
from wangjian.complaints.imports import RowError, parse_row, read_rows, shown_value
from wangjian.complaints.models import Complaint, ImportBatch, ImportRowError
from wangjian.core.audit import record_event
from wangjian.core.uploads import import_limits


def import_12315(*, actor, content: bytes, file_name: str, division) -> ImportBatch:
    """Import a 12315 export received by ``division``'s bureau, in one transaction.

    Rows with problems are rejected with row-level errors (the first ``max_error_rows`` kept,
    all counted) and the others committed. Raise ``FileRefused`` (nothing stored) when the file
    cannot be read within the import limits, ``ComplaintError`` when ``actor`` may not import.
    """
    if actor is None or not actor.has_capability("complaints.import"):
        raise ComplaintError("无导入权限 / not permitted to import", rule="capability")
    limits = import_limits()
    rows = read_rows(content, file_name, limits)
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        batch = ImportBatch.objects.create(
            division=division,
            file_name=file_name[-255:],
            content_hash=hashlib.sha256(content).hexdigest(),
            imported_by=actor,
            rows_read=len(rows),
        )
        record_event(
            actor=actor,
            event_type="complaints.import_started",
            target=batch,
            division=division,
            after={"file": file_name, "rows": len(rows)},
        )
        errors_kept = 0
        for number, row in enumerate(rows, start=2):
            errors = _import_row(actor, division, number, row, limits, today, batch)
            if not errors:
                continue
            batch.rows_rejected += 1
            room = max(limits.max_error_rows - errors_kept, 0)
            ImportRowError.objects.bulk_create(
                [
                    ImportRowError(
                        batch=batch,
                        row=e.row,
                        column=e.column[:60],
                        value=e.value,
                        rule=e.rule,
                        message=e.message,
                    )
                    for e in errors[:room]
                ]
            )
            errors_kept += min(room, len(errors))
        batch.save(update_fields=["rows_committed", "rows_skipped", "rows_rejected"])
        record_event(
            actor=actor,
            event_type="complaints.import_finished",
            target=batch,
            division=division,
            after={
                "committed": batch.rows_committed,
                "skipped": batch.rows_skipped,
                "rejected": batch.rows_rejected,
                "errors_kept": errors_kept,
            },
        )
    return batch


def _import_row(actor, division, number, row, limits, today, batch) -> list[RowError]:
    """File one row (in its own savepoint); return its errors, empty when committed or
    already there."""
    data, received_on, errors = parse_row(number, row, limits, today)
    if data is None:
        return errors
    if Complaint.objects.filter(
        channel=Channel.IMPORT_12315, external_id=data.external_id
    ).count() >= len(data.kinds):
        batch.rows_skipped += 1
        return []
    try:
        with transaction.atomic():
            file_submission(
                actor=actor,
                data=data,
                channel=Channel.IMPORT_12315,
                received_by=division,
                received_on=received_on,
            )
    except ComplaintError as refusal:
        return [
            RowError(
                number,
                refusal.field or "",
                shown_value(row.get(refusal.field or "", "")),
                refusal.rule or "intake",
                f"第{number}行：{refusal}",
            )
        ]
    except (DatabaseError, ArithmeticError, ValueError) as failure:
        # A value the checks above let through but the database or the clock cannot take:
        # this row is refused, the others go on.
        return [
            RowError(
                number,
                "",
                "",
                "unstorable",
                f"第{number}行无法入库（{type(failure).__name__}）/ row {number} cannot be"
                f" stored ({type(failure).__name__})",
            )
        ]
    batch.rows_committed += 1
    return []
