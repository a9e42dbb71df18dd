"""Platform submissions (报送): received, imported and diffed against the last one."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.uploads import FileRefused, check_file_size, check_xlsx_archive, import_limits
from wangjian.registry.actions.common import BATCH, SHOP_FIELDS, _refresh_entity_search, _today
from wangjian.registry.actions.flags import _raise_flags
from wangjian.registry.choices import LinkMethod, LinkState, SubmissionState
from wangjian.registry.error_codes import RegistryErrorCode, RegistryNotPermitted
from wangjian.registry.models import (
    EntityLink,
    MarketEntity,
    OnlineShop,
    Platform,
    Submission,
    SubmissionError,
    SubmissionRecord,
)
from wangjian.registry.normalise import search_text
from wangjian.registry.personal import protect_resident_id
from wangjian.registry.submissions import (
    DivisionResolver,
    UnreadableSubmission,
    content_hash,
    read_submission,
    row_hash,
    validate_rows,
)

# --------------------------------------------------------------------------------------------
# Submissions


@dataclass
class ImportOutcome:
    submission: Submission | None
    already_imported: bool = False
    problems: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        s = self.submission
        again = "（相同文件已导入，未作更改）/ (same file already imported, nothing changed) " * (
            self.already_imported
        )
        kept = import_limits().max_error_rows
        capped = (
            f"；问题共 {len(self.problems)} 条，错误报告列出前 {kept} 条 / {len(self.problems)}"
            f" problems, the error report lists the first {kept}"
            if len(self.problems) > kept
            else ""
        )
        return (
            f"{again}读取 {s.rows_read} 行，入库 {s.rows_committed} 行，驳回 {s.rows_rejected} 行，"
            f"提示 {s.flags_raised} 条 / rows read {s.rows_read}, committed {s.rows_committed},"
            f" rejected {s.rows_rejected}, flags {s.flags_raised}{capped}"
        )


def import_submission(
    *,
    actor,
    platform: Platform,
    file_name: str,
    content: bytes,
    period: str,
    channel: str,
    today: dt.date | None = None,
) -> ImportOutcome:
    """Validate a submission file row by row and commit its valid rows in one transaction.

    The same file for the same platform again returns the earlier submission and changes
    nothing. Raise ``UnreadableSubmission`` (nothing stored) when the file cannot be read, and
    ``PermissionDenied`` when ``actor`` may not submit for ``platform``.
    """
    _require_submitter(actor, platform)
    today = today or _today()
    # The hash is checked before parsing: the same file again costs one lookup.
    earlier = Submission.objects.filter(
        platform=platform, content_hash=content_hash(content)
    ).first()
    if earlier is not None:
        return ImportOutcome(earlier, already_imported=True)
    limits = import_limits()
    read = read_submission(file_name, content, limits)
    clean, problems = validate_rows(
        read.rows, today=today, resolve_division=DivisionResolver(), limits=limits
    )
    reported_ids = {raw["shop_id"] for _number, raw in read.rows if raw["shop_id"]}
    with transaction.atomic():
        previous = Submission.objects.filter(platform=platform).order_by("-id").first()
        submission = Submission.objects.create(
            platform=platform,
            period=period,
            channel=channel,
            file_name=file_name[-255:],
            file_format=read.file_format,
            content_hash=read.content_hash,
            division=platform.division,
            submitted_by=actor if actor is not None and actor.is_authenticated else None,
            state=SubmissionState.COMMITTED,
            rows_read=len(read.rows),
            rows_committed=len(clean),
            rows_rejected=len({problem.row for problem in problems}),
            previous=previous,
        )
        SubmissionError.objects.bulk_create(
            [
                SubmissionError(
                    submission=submission,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                    rule=p.rule,
                    message=p.message,
                )
                # The first problems are kept; the counts cover them all.
                for p in problems[: limits.max_error_rows]
            ],
            batch_size=BATCH,
        )
        shops = _commit_shops(platform, clean, today)
        _write_records(submission, clean, shops)
        submission.diff = _diff(previous, submission, reported_ids, today)
        flags = _raise_flags(submission, clean, shops, today)
        submission.flags_raised = flags
        if not clean:
            submission.state = SubmissionState.REJECTED
        elif problems:
            submission.state = SubmissionState.PARTIAL
        submission.save(update_fields=["diff", "flags_raised", "state"])
        _refresh_entity_search({shop.entity_id for shop in shops.values() if shop.entity_id})
        record_event(
            actor=actor,
            event_type="registry.submission_imported",
            target=submission,
            division=submission.division,
            after={
                "platform": platform.entity.uscc,
                "period": period,
                "content_hash": read.content_hash,
                "rows_read": submission.rows_read,
                "rows_committed": submission.rows_committed,
                "rows_rejected": submission.rows_rejected,
                "flags": flags,
                "diff": {key: len(value) for key, value in submission.diff.items()},
            },
        )
    return ImportOutcome(submission, problems=problems)


def _require_submitter(actor, platform: Platform) -> None:
    if actor is None:
        return  # the command line and the demo run as the system
    if not actor.has_capability("registry.submit"):
        raise RegistryNotPermitted(
            "无权报送 / not permitted to submit", code=RegistryErrorCode.NOT_PERMITTED
        )
    if Platform.objects.visible_to(actor).filter(pk=platform.pk).exists():
        return
    raise RegistryNotPermitted(
        "无权为该平台报送 / not permitted to submit for this platform",
    )


def _entities_by_uscc(codes) -> dict[str, MarketEntity]:
    codes = sorted(codes)
    found = {}
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        found.update(
            {e.uscc: e for e in MarketEntity.objects.filter(uscc__in=chunk).only("id", "uscc")}
        )
    return found


def _shop_values(row, entity_id) -> dict:
    person_hash, person_masked = protect_resident_id(row.id_number) if row.id_number else ("", "")
    return {
        "name": row.shop_name,
        "url": row.shop_url,
        "operator_kind": row.operator_kind,
        "operator_name": row.operator_name,
        "declared_uscc": row.uscc,
        "person_id_hash": person_hash,
        "person_id_masked": person_masked,
        "exemption_ground": row.exemption,
        "declared_turnover": row.annual_turnover,
        "address": row.address,
        "division_id": row.division.pk,
        "contact": row.contact,
        "category": row.category,
        "opened_on": row.opened_on,
        "entity_id": entity_id,
        "search_text": search_text(row.shop_name, row.shop_url, row.operator_name),
    }


def _commit_shops(platform: Platform, clean, today) -> dict[str, OnlineShop]:
    existing = {}
    ids = [row.shop_id for row in clean]
    for start in range(0, len(ids), BATCH):
        existing.update(
            {
                shop.shop_id: shop
                for shop in OnlineShop.objects.filter(
                    platform=platform, shop_id__in=ids[start : start + BATCH]
                )
            }
        )
    entities = _entities_by_uscc({row.uscc for row in clean if row.uscc})
    new, changed, seen = [], [], []
    for row in clean:
        entity = entities.get(row.uscc)
        shop = existing.get(row.shop_id)
        # A shop linked by a regulator's decision keeps that link when its USCC is unknown.
        entity_id = entity.pk if entity else (shop.entity_id if shop else None)
        values = _shop_values(row, entity_id)
        if shop is None:
            shop = OnlineShop(
                platform=platform,
                shop_id=row.shop_id,
                first_seen_on=today,
                last_seen_on=today,
                **values,
            )
            new.append(shop)
            existing[row.shop_id] = shop
            continue
        if any(getattr(shop, name) != value for name, value in values.items()) or shop.exited_on:
            for name, value in values.items():
                setattr(shop, name, value)
            shop.exited_on = None
            changed.append(shop)
        elif shop.last_seen_on != today:
            seen.append(shop.pk)
        shop.last_seen_on = today
    OnlineShop.objects.bulk_create(new, batch_size=BATCH)
    if any(shop.pk is None for shop in new):
        refetched = OnlineShop.objects.filter(
            platform=platform, shop_id__in=[s.shop_id for s in new]
        ).only("id", "shop_id")
        by_id = {shop.shop_id: shop.pk for shop in refetched}
        for shop in new:
            shop.pk = shop.id = by_id[shop.shop_id]
    OnlineShop.objects.bulk_update(
        changed, [*SHOP_FIELDS, "exited_on", "last_seen_on"], batch_size=BATCH
    )
    for start in range(0, len(seen), BATCH):
        OnlineShop.objects.filter(pk__in=seen[start : start + BATCH]).update(last_seen_on=today)
    # Links already made (in any state) stay as they are; ignore_conflicts keeps the unique
    # (shop, entity) pair from being inserted twice.
    EntityLink.objects.bulk_create(
        [
            EntityLink(
                shop=existing[row.shop_id],
                entity=entities[row.uscc],
                method=LinkMethod.USCC,
                confidence=1.0,
                state=LinkState.AUTOMATIC,
            )
            for row in clean
            if row.uscc in entities
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return {row.shop_id: existing[row.shop_id] for row in clean}


def _write_records(submission, clean, shops) -> None:
    SubmissionRecord.objects.bulk_create(
        [
            SubmissionRecord(
                submission=submission,
                shop=shops[row.shop_id],
                row=row.row,
                data=(data := row.record_data()),
                row_hash=row_hash(data),
            )
            for row in clean
        ],
        batch_size=BATCH,
    )


def _diff(previous, submission, reported_ids: set[str], today) -> dict:
    """New, changed and exited shops against the platform's previous submission.

    A shop is "exited" only when the new file no longer lists it at all: a row rejected for a
    bad value still shows the shop is there.
    """
    current = {
        shop_id: (data, digest)
        for shop_id, data, digest in submission.records.values_list(
            "shop__shop_id", "data", "row_hash"
        )
    }
    if previous is None:
        return {"new": sorted(current), "changed": [], "exited": []}
    before = {
        shop_id: (data, digest)
        for shop_id, data, digest in previous.records.values_list(
            "shop__shop_id", "data", "row_hash"
        )
    }
    new = sorted(set(current) - set(before))
    exited = sorted(set(before) - reported_ids)
    changed = []
    for shop_id in sorted(set(current) & set(before)):
        (now, now_hash), (then, then_hash) = current[shop_id], before[shop_id]
        if now_hash != then_hash:
            fields = sorted(key for key in now if now.get(key) != then.get(key))
            changed.append(
                {
                    "shop_id": shop_id,
                    "fields": {key: [then.get(key), now.get(key)] for key in fields},
                }
            )
    for start in range(0, len(exited), BATCH):
        OnlineShop.objects.filter(
            platform=submission.platform, shop_id__in=exited[start : start + BATCH]
        ).update(exited_on=today)
    return {"new": new, "changed": changed, "exited": exited}


@dataclass
class Receipt:
    """What a submission upload led to: an import done now, or a job for a large file."""

    outcome: ImportOutcome | None = None
    job: object = None


def receive_submission(
    *, actor, platform: Platform, file_name: str, content: bytes, period: str, channel: str
) -> Receipt:
    """Import a small file at once; store a large one and import it as a job.

    Raise ``UnreadableSubmission`` for an unreadable small file (a large one fails in its job)
    and ``PermissionDenied`` when ``actor`` may not submit for ``platform``.
    """
    from wangjian.core.actions.jobs import start_job
    from wangjian.registry.jobs import store_upload
    from wangjian.registry.submissions import check_period, content_hash, file_format_of

    _require_submitter(actor, platform)
    check_period(period)
    if _small_enough_to_import_now(file_name, content):
        outcome = import_submission(
            actor=actor,
            platform=platform,
            file_name=file_name,
            content=content,
            period=period,
            channel=channel,
        )
        return Receipt(outcome=outcome)
    file_format_of(file_name)
    path = store_upload(content, content_hash(content), file_name)
    job = start_job(
        actor=actor,
        kind="registry.import_submission",
        title=f"导入报送 {platform.name} {period}",
        parameters={
            "platform": platform.pk,
            "path": str(path),
            "file_name": file_name,
            "period": period,
            "channel": channel,
        },
        division=platform.division,
    )
    return Receipt(job=job)


def _small_enough_to_import_now(file_name: str, content: bytes) -> bool:
    """Small files are imported inside the request; anything larger (by its size, or for XLSX
    by its uncompressed size) runs as a job. A file over the hard limits is refused here, at
    once, without being decompressed: ``UnreadableSubmission``."""
    from wangjian.registry.submissions import file_format_of

    limits = import_limits()
    try:
        if file_format_of(file_name) == "xlsx":
            expanded = check_xlsx_archive(file_name, content, limits)
            if expanded > limits.inline_max_uncompressed_bytes:
                return False
        else:
            check_file_size(file_name, content, limits)
    except FileRefused as error:
        raise UnreadableSubmission(str(error)) from error
    return len(content) <= limits.inline_max_bytes
