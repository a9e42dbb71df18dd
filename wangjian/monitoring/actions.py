"""Every change to monitoring records: scan batches (upload, feed, registry shop pages), stored
findings, triage (confirm into a clue, dismiss with a reason, reopen) and clue decisions.

Each action takes a keyword-only ``actor``, runs in one transaction and writes its audit event
inside it; a clue referred for a case (立案) is recorded in credit after commit through credit's
action — never a clue that is only registered.
"""

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
from wangjian.monitoring.choices import (
    BatchState,
    ClueState,
    DismissalReason,
    FindingState,
    ScanSource,
)
from wangjian.monitoring.clue_rules import clue_rules_on, clue_rules_version
from wangjian.monitoring.engine.engine import Engine
from wangjian.monitoring.engine.files import InputFormatError, input_format, read_records
from wangjian.monitoring.engine.records import Record, RecordError, parse_record
from wangjian.monitoring.engine.rules import load_rule_pack
from wangjian.monitoring.models import Clue, Finding, MonitoredItem, ScanBatch

# A feed batch is scanned inside the request; larger batches go through an upload and a job.
MAX_FEED_RECORDS = 5000
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Malformed records kept on the batch with their messages; the count covers them all.
MAX_KEPT_ERRORS = 200
MIN_REASON_LENGTH = 4


class MonitoringError(ValueError):
    """A refused change: Chinese first, then English, naming the record, field and rule."""

    def __init__(self, message: str, *, field: str = "", rule: str = ""):
        super().__init__(message)
        self.field = field
        self.rule = rule


def _require(actor, capability: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_capability(capability):
        raise MonitoringError(
            f"无权执行此操作（{capability}）/ not permitted ({capability})",
            rule="capability",
        )


def _today() -> dt.date:
    return timezone.localdate()


_ENGINES: dict[str, Engine] = {}


def engine() -> Engine:
    """The default rule pack's engine, built once per process (building takes ~1 s)."""
    pack = load_rule_pack(None)
    key = str(pack.directory)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(pack)
    return _ENGINES[key]


def second_stage():
    """The default pack's learned second stage (None when the pack ships no model)."""
    from wangjian.monitoring.engine.second_stage import SecondStage

    return SecondStage.for_pack(engine().pack)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _ShopResolver:
    """Find the registry shop a record names, once per shop id per batch.

    With a platform (feeds, registry scans, uploads that name one) the shop id is looked up on
    that platform; without one it is used only when exactly one platform has such a shop."""

    def __init__(self, platform):
        self.platform = platform
        self.cache: dict[str, object] = {}

    def __call__(self, shop_id: str):
        if not shop_id:
            return None
        if shop_id not in self.cache:
            from wangjian.registry.models import OnlineShop

            shops = OnlineShop.objects.select_related("division", "entity").filter(shop_id=shop_id)
            if self.platform is not None:
                shops = shops.filter(platform=self.platform)
            found = list(shops[:2])
            self.cache[shop_id] = found[0] if len(found) == 1 else None
        return self.cache[shop_id]


@dataclass
class StoreOutcome:
    findings: int = 0
    new_findings: int = 0
    routed_elsewhere: int = 0


STORE_CHUNK = 500


def _store(batch: ScanBatch, scanned: Iterable[tuple[Record, list]], resolver) -> StoreOutcome:
    """Keep each record that drew findings and its findings; a text seen before is one item and
    a finding seen before is not stored twice (re-posting a feed or rescanning is idempotent).

    Works in chunks with a handful of queries each (existing items, existing findings, two bulk
    inserts) rather than queries per record: a feed of 5,000 listings is one request."""
    outcome = StoreOutcome()
    chunk: list[tuple[Record, list]] = []
    for record, findings in scanned:
        if findings:
            chunk.append((record, findings))
            if len(chunk) == STORE_CHUNK:
                _store_chunk(batch, chunk, resolver, outcome)
                chunk = []
    if chunk:
        _store_chunk(batch, chunk, resolver, outcome)
    return outcome


def _store_chunk(batch, chunk, resolver, outcome: StoreOutcome) -> None:
    source_key = f"{batch.source}:{batch.platform_id or ''}"
    keyed = []
    for record, findings in chunk:
        fingerprint = _sha256(
            json.dumps([source_key, record.id, record.title, record.text], ensure_ascii=False)
        )
        keyed.append((fingerprint, record, findings))
    items = {
        item.fingerprint: item
        for item in MonitoredItem.objects.select_related("division").filter(
            fingerprint__in=[fingerprint for fingerprint, _r, _f in keyed]
        )
    }
    existing: dict[int, set] = {}
    for item_id, *key in Finding.objects.filter(
        item_id__in=[item.pk for item in items.values()]
    ).values_list("item_id", "rule", "field", "start", "end"):
        existing.setdefault(item_id, set()).add(tuple(key))
    new_items = []
    for fingerprint, record, _findings in keyed:
        if fingerprint in items:
            continue
        shop = resolver(record.shop_id)
        item = MonitoredItem(
            batch=batch,
            division=shop.division if shop is not None else batch.division,
            platform=batch.platform or (shop.platform if shop is not None else None),
            shop=shop,
            entity=shop.entity if shop is not None else None,
            external_id=record.id[:200],
            source_type=record.source_type,
            category=record.category[:60],
            shop_reference=record.shop_id[:100],
            title=record.title[:300],
            text=record.text,
            url=(
                record.url
                or (shop.url if shop is not None and record.source_type == "shop_page" else "")
            )[:500],
            observed_on=record.observed_on,
            fingerprint=fingerprint,
        )
        items[fingerprint] = item
        new_items.append(item)
    MonitoredItem.objects.bulk_create(new_items)
    rows = []
    for fingerprint, _record, findings in keyed:
        item = items[fingerprint]
        seen = existing.setdefault(item.pk, set())
        added = 0
        for finding in findings:
            outcome.findings += 1
            key = (finding.rule, finding.field, finding.start, finding.end)
            if key in seen:
                continue
            seen.add(key)
            added += 1
            rows.append(
                Finding(
                    item=item,
                    batch=batch,
                    division=item.division,
                    shop=item.shop,
                    entity=item.entity,
                    rule=finding.rule,
                    family=finding.family,
                    verdict=finding.verdict,
                    severity=finding.severity,
                    legal_basis=list(finding.legal_basis),
                    field=finding.field,
                    start=finding.start,
                    end=finding.end,
                    match=finding.match[:300],
                    context=finding.context[:500],
                    explanation=finding.explanation,
                    rule_pack=finding.rule_pack,
                )
            )
        outcome.new_findings += added
        if added and not item.division.path.startswith(batch.division.path):
            outcome.routed_elsewhere += added
    Finding.objects.bulk_create(rows, batch_size=1000)


def _error_entry(error: RecordError) -> dict:
    return {"line": error.line, "field": error.field_name, "message": str(error)}


def _finish(
    batch: ScanBatch, records, errors: list[dict], malformed: int, actor, families=None
) -> ScanBatch:
    """Scan ``records`` and store what they drew, then close the batch (inside a transaction).
    With ``families``, only the findings of those rule families are kept."""
    scanner = engine()
    subset = set(families or ())
    verdicts: Counter = Counter()
    families: Counter = Counter()
    record_count = 0

    def counted():
        nonlocal record_count
        scanned = scanner.scan_many(records)
        stage = second_stage()
        for record, findings in stage.apply(scanned) if stage else scanned:
            record_count += 1
            if subset:
                findings = [f for f in findings if f.family in subset]
            for finding in findings:
                verdicts[finding.verdict] += 1
                families[finding.family] += 1
            yield record, findings

    outcome = _store(batch, counted(), _ShopResolver(batch.platform))
    batch.rule_pack = scanner.pack.label
    batch.records = record_count
    batch.malformed = malformed
    batch.errors = errors[:MAX_KEPT_ERRORS]
    batch.findings = outcome.findings
    batch.new_findings = outcome.new_findings
    batch.routed_elsewhere = outcome.routed_elsewhere
    batch.summary = {
        "by_verdict": dict(sorted(verdicts.items())),
        "by_family": dict(sorted(families.items())),
    }
    if subset:
        batch.summary["families"] = sorted(subset)
    batch.state = BatchState.DONE
    batch.finished_at = timezone.now()
    batch.save()
    record_event(
        actor=actor,
        event_type="monitoring.batch_scanned",
        target=batch,
        division=batch.division,
        after={
            "source": batch.source,
            "records": batch.records,
            "malformed": batch.malformed,
            "findings": batch.findings,
            "new_findings": batch.new_findings,
            "rule_pack": batch.rule_pack,
            **({"families": sorted(subset)} if subset else {}),
        },
    )
    return batch


# --- Feeds -------------------------------------------------------------------------------------


@dataclass
class FeedReceipt:
    batch: ScanBatch
    already_received: bool


def receive_feed(*, actor, platform=None, external_id: str = "", records: list) -> FeedReceipt:
    """Scan a batch of listings posted by a platform or a crawler and store its findings.

    The whole batch is one transaction; malformed records are reported with their position and
    skipped. Posting the same content again returns the first receipt; reusing a batch id for
    different content is refused.
    """
    _require(actor, "monitoring.submit_feed")
    if not isinstance(records, list) or not records:
        raise MonitoringError(
            "报送批次：records 须为非空列表 / feed batch: records must be a non-empty list",
            field="records",
            rule="required",
        )
    if len(records) > MAX_FEED_RECORDS:
        raise MonitoringError(
            f"报送批次：一次最多 {MAX_FEED_RECORDS} 条记录，收到 {len(records)} 条；"
            f"更大的批次请上传文件 / feed batch: at most {MAX_FEED_RECORDS} records, "
            f"got {len(records)}; upload a file for larger batches",
            field="records",
            rule="max_records",
        )
    platform = _feed_platform(actor, platform)
    division = platform.division if platform is not None else actor.jurisdiction
    if division is None:
        raise MonitoringError(
            "报送批次：无法确定受理辖区 / feed batch: no receiving jurisdiction",
            field="platform",
            rule="jurisdiction",
        )
    content_hash = _sha256(
        json.dumps([external_id, records], ensure_ascii=False, sort_keys=True, default=str)
    )
    with transaction.atomic():
        existing = ScanBatch.objects.filter(
            division=division, source=ScanSource.FEED, content_hash=content_hash
        ).first()
        if existing is not None:
            return FeedReceipt(existing, True)
        if external_id:
            clash = ScanBatch.objects.filter(
                source=ScanSource.FEED, platform=platform, external_id=external_id
            ).first()
            if clash is not None:
                raise MonitoringError(
                    f"报送批次 {external_id}：批次号已用于内容不同的批次（#{clash.pk}）/ feed "
                    f"batch {external_id}: the batch id was already used for different content",
                    field="batch_id",
                    rule="unique",
                )
        batch = ScanBatch.objects.create(
            division=division,
            source=ScanSource.FEED,
            platform=platform,
            external_id=external_id[:100],
            content_hash=content_hash,
            state=BatchState.RUNNING,
            submitted_by=actor,
        )
        aliases = engine().pack.category_aliases
        parsed, errors = [], []
        for position, raw in enumerate(records, start=1):
            try:
                parsed.append(parse_record(raw, position, aliases))
            except RecordError as error:
                errors.append(_error_entry(error))
        _finish(batch, parsed, errors, len(errors), actor)
    return FeedReceipt(batch, False)


def _feed_platform(actor, platform):
    from wangjian.core.choices import Role

    if actor.role == Role.PLATFORM_OPERATOR:
        own = list(actor.platform_accounts.select_related("platform__division"))
        if platform is None and len(own) == 1:
            return own[0].platform
        if platform is not None and any(link.platform_id == platform.pk for link in own):
            return platform
        raise MonitoringError(
            "报送批次：平台账号只能为本平台报送 / feed batch: a platform account posts for its own "
            "platform only",
            field="platform",
            rule="own_platform",
        )
    _require_visible_platform(actor, platform, "报送批次", "feed batch")
    return platform


def _require_visible_platform(actor, platform, record_zh: str, record_en: str) -> None:
    from wangjian.registry.models import Platform

    if (
        platform is not None
        and not Platform.objects.visible_to(actor).filter(pk=platform.pk).exists()
    ):
        raise MonitoringError(
            f"{record_zh}：平台不在本辖区 / {record_en}: platform not in your jurisdiction",
            field="platform",
            rule="jurisdiction",
        )


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


# --- Registry shop pages -----------------------------------------------------------------------


def _scan_families(families) -> list[str]:
    """An optional rule-family subset for a scan (e.g. a campaign's theme); unknown families
    are refused by name."""
    from wangjian.monitoring.rulebook import FAMILY_LABELS

    chosen = sorted({str(f) for f in families or ()})
    unknown = [f for f in chosen if f not in FAMILY_LABELS]
    if unknown:
        raise MonitoringError(
            f"扫描任务：规则族 {'、'.join(unknown)} 不存在（可选：{'、'.join(FAMILY_LABELS)}）"
            f" / scan: unknown rule families {', '.join(unknown)}",
            field="families",
            rule="rule_family",
        )
    return chosen


def start_registry_scan(*, actor, platform=None, families=None) -> ScanBatch:
    """Queue a scan of the home pages of the registry's shops in the actor's jurisdiction
    (电子商务法 第十五条: licence display; and every text rule that applies to shop pages).

    ``families`` (optional) keeps only the findings of those rule families, for a themed scan
    (a 专项整治 campaign); without it every rule applies, as before. A themed scan is its own
    batch, so it never stands in for the day's full scan."""
    from wangjian.core.actions.jobs import start_job

    _require(actor, "monitoring.scan")
    chosen = _scan_families(families)
    division = actor.jurisdiction
    today = _today()
    subset = f":{','.join(chosen)}" if chosen else ""
    content_hash = _sha256(
        f"registry:{today.isoformat()}:{platform.pk if platform else ''}{subset}"
    )
    file_name = f"登记店铺首页 {today.isoformat()}"
    if chosen:
        from wangjian.monitoring.rulebook import family_label

        file_name += f"（规则族：{'、'.join(family_label(f) for f in chosen)}）"
    with transaction.atomic():
        existing = ScanBatch.objects.filter(
            division=division, source=ScanSource.REGISTRY, content_hash=content_hash
        ).first()
        if existing is not None and existing.state != BatchState.FAILED:
            return existing
        if existing is not None:
            # A failed run stored nothing (its transaction rolled back): run the same batch again.
            batch = existing
            batch.state, batch.failure, batch.finished_at = BatchState.QUEUED, "", None
        else:
            batch = ScanBatch.objects.create(
                division=division,
                source=ScanSource.REGISTRY,
                platform=platform,
                file_name=file_name[:255],
                content_hash=content_hash,
                submitted_by=actor,
            )
        parameters = {"batch": batch.pk}
        if chosen:
            parameters["families"] = chosen
        job = start_job(
            actor=actor,
            kind="monitoring.scan_registry",
            title=f"登记店铺首页扫描 {today.isoformat()}",
            parameters=parameters,
            division=division,
        )
        batch.job = job
        batch.save(update_fields=["job", "state", "failure", "finished_at"])
    return batch


def scan_registry_batch(*, actor, batch: ScanBatch, pages, families=None) -> ScanBatch:
    """Store the scan of fetched shop pages. ``pages`` yields ``(shop, text | None, error)``;
    ``families`` (optional) keeps only the findings of those rule families."""
    records, errors = [], []
    for position, (shop, text, error) in enumerate(pages, start=1):
        if text is None:
            errors.append(
                {
                    "line": position,
                    "field": "url",
                    "message": f"店铺 {shop.name}（{shop.shop_id}）首页 {shop.url} "
                    f"无法获取：{error}"
                    f" / shop {shop.shop_id}: home page {shop.url} could not be fetched: {error}",
                }
            )
            continue
        records.append(
            Record(
                id=f"{shop.platform_id}:{shop.shop_id}",
                text=text,
                source_type="shop_page",
                category="",
                shop_id=shop.shop_id,
                registered_name=shop.entity.name if shop.entity_id else "",
                observed_on=_today(),
            )
        )
    with transaction.atomic():
        locked = ScanBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != BatchState.QUEUED:
            return locked
        return _finish(locked, records, errors, len(errors), actor, families=families)


# --- Triage ------------------------------------------------------------------------------------


def _visible_findings(actor, finding_ids) -> list[Finding]:
    ids = sorted({int(value) for value in finding_ids})
    findings = list(
        Finding.objects.visible_to(actor)
        .select_related("division", "entity", "shop")
        .filter(pk__in=ids)
        # PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins (shop, entity).
        .select_for_update(of=("self",))
    )
    if not ids or len(findings) != len(ids):
        missing = sorted(set(ids) - {finding.pk for finding in findings})
        raise MonitoringError(
            f"监测发现 {missing or '（未选择）'} 不存在或不在本辖区 / findings "
            f"{missing or '(none selected)'} not found in your jurisdiction",
            field="findings",
            rule="visible",
        )
    return findings


def _clue_number(division, year: int) -> str:
    prefix = f"XS{division.code[:6]}{year}"
    count = Clue.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:05d}"


def confirm_findings(*, actor, finding_ids, note: str, clue: Clue | None = None) -> Clue:
    """Confirm open findings and register them as one clue (线索), or add them to an open clue.

    All findings must be open, in the actor's jurisdiction, and about the same shop (or, with
    no registered shop, the same text). The new clue's verification deadline runs from today
    under the clue rules in force (《市场监督管理行政处罚程序规定》第十八条)."""
    _require(actor, "monitoring.triage")
    note = (note or "").strip()
    with transaction.atomic():
        findings = _visible_findings(actor, finding_ids)
        for finding in findings:
            if finding.state != FindingState.OPEN:
                raise MonitoringError(
                    f"监测发现 #{finding.pk}：已研判（{finding.get_state_display()}），"
                    f"不能再确认 / "
                    f"finding #{finding.pk} is already triaged ({finding.state})",
                    field="state",
                    rule="open_only",
                )
        subjects = {
            (f.shop_id, f.entity_id, f.item_id if f.shop_id is None else None) for f in findings
        }
        if len(subjects) != 1:
            raise MonitoringError(
                "确认为线索的监测发现须涉及同一店铺（或同一条信息）/ findings confirmed into one "
                "clue must concern the same shop (or the same text)",
                field="findings",
                rule="same_subject",
            )
        first = findings[0]
        today = _today()
        if clue is None:
            rules = clue_rules_on(today)
            # A period reaching a year whose table is not entered yet leaves the clue undated
            # rather than refusing it: monitoring must not stop in December.
            calendar_note = ""
            try:
                due_on = add_working_days(today, rules.verification_working_days)
            except CalendarYearNotCovered as error:
                due_on, calendar_note = None, str(error)[:300]
            basis = []
            for finding in findings:
                basis.extend(key for key in finding.legal_basis if key not in basis)
            clue = Clue.objects.create(
                number=_clue_number(first.division, today.year),
                division=first.division,
                entity=first.entity,
                shop=first.shop,
                summary=_clue_summary(findings, note),
                legal_basis=basis,
                discovered_on=today,
                due_on=due_on,
                calendar_note=calendar_note,
                rules_version=rules.version,
                registered_by=actor,
            )
            created = True
        else:
            clue = Clue.objects.visible_to(actor).select_for_update().filter(pk=clue.pk).first()
            if clue is None or clue.state != ClueState.REGISTERED:
                raise MonitoringError(
                    "线索不存在、不在本辖区或已作出决定 / the clue is missing, outside your "
                    "jurisdiction or already decided",
                    field="clue",
                    rule="open_clue",
                )
            if (clue.shop_id, clue.entity_id) != (first.shop_id, first.entity_id):
                raise MonitoringError(
                    f"线索 {clue.number}：监测发现涉及的店铺与线索不同 / clue {clue.number}: the "
                    "findings concern a different shop",
                    field="clue",
                    rule="same_subject",
                )
            created = False
        now = timezone.now()
        for finding in findings:
            finding.state = FindingState.CONFIRMED
            finding.triage_note = note
            finding.triaged_by = actor
            finding.triaged_at = now
            finding.clue = clue
        Finding.objects.bulk_update(
            findings, ["state", "triage_note", "triaged_by", "triaged_at", "clue"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.clue_registered"
            if created
            else "monitoring.clue_extended_findings",
            target=clue,
            division=clue.division,
            after={
                "findings": [finding.pk for finding in findings],
                "rules": sorted({finding.rule for finding in findings}),
                "due_on": clue.due_on.isoformat() if clue.due_on else None,
                "rules_version": clue.rules_version,
            },
            reason=note,
        )
    return clue


def register_source_clue(
    *, actor, entity, source: str, source_ref: str, summary: str, legal_basis=()
) -> Clue:
    """Register a clue (线索) from a source other than monitoring's own findings — e.g. device
    alerts (物联感知) over their threshold — about a registered entity in the actor's
    jurisdiction. The source and its reference are named in the summary and the audit event;
    the verification deadline runs as for any clue (程序规定 第十八条, clue rules in force)."""
    from wangjian.core.querysets import jurisdiction_path

    _require(actor, "monitoring.triage")
    source, source_ref = (source or "").strip(), (source_ref or "").strip()
    summary = (summary or "").strip()
    if not source or not source_ref or not summary:
        raise MonitoringError(
            "外部来源线索：来源、来源编号和摘要不能为空 / source clue: source, source_ref and "
            "summary are required",
            field="source" if not source else ("source_ref" if not source_ref else "summary"),
            rule="required",
        )
    path = jurisdiction_path(actor)
    if path is None or entity is None or not entity.division.path.startswith(path):
        raise MonitoringError(
            "外部来源线索：市场主体不在本辖区 / source clue: the entity is outside your "
            "jurisdiction",
            field="entity",
            rule="jurisdiction",
        )
    today = _today()
    rules = clue_rules_on(today)
    calendar_note = ""
    try:
        due_on = add_working_days(today, rules.verification_working_days)
    except CalendarYearNotCovered as error:
        due_on, calendar_note = None, str(error)[:300]
    with transaction.atomic():
        clue = Clue.objects.create(
            number=_clue_number(entity.division, today.year),
            division=entity.division,
            entity=entity,
            summary=f"【{source}】{summary}",
            legal_basis=list(legal_basis),
            discovered_on=today,
            due_on=due_on,
            calendar_note=calendar_note,
            rules_version=rules.version,
            registered_by=actor,
        )
        record_event(
            actor=actor,
            event_type="monitoring.clue_registered",
            target=clue,
            division=clue.division,
            after={
                "findings": [],
                "source": source,
                "source_ref": source_ref,
                "due_on": clue.due_on.isoformat() if clue.due_on else None,
                "rules_version": clue.rules_version,
            },
        )
    return clue


def _clue_summary(findings: list[Finding], note: str) -> str:
    first = findings[0]
    subject = first.shop.name if first.shop_id else first.item.external_id
    rules = "、".join(sorted({f"{finding.rule}「{finding.match or '—'}」" for finding in findings}))
    summary = f"{subject}：网络监测发现 {rules}"
    return f"{summary}。{note}" if note else summary


def _record_clue_in_credit(clue_id: int) -> None:
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.choices import CreditEventKind

    clue = Clue.objects.select_related("entity").get(pk=clue_id)
    record_credit_event(
        actor=None,
        entity=clue.entity,
        kind=CreditEventKind.MONITORING_FINDING,
        occurred_on=clue.discovered_on,
        # Every rule cites at least one article (the rule pack loader refuses one that doesn't).
        legal_basis=clue.legal_basis[0],
        summary=f"{clue.number}：{clue.summary[:200]}",
        source_app="monitoring",
        source_type="clue",
        source_id=str(clue.pk),
        details={"legal_basis": clue.legal_basis, "number": clue.number},
    )


def dismiss_finding(*, actor, finding: Finding, reason: str, note: str) -> Finding:
    """Dismiss an open finding with a reason from the list and a note (both exported later)."""
    _require(actor, "monitoring.triage")
    record = f"监测发现 #{finding.pk}"
    if reason not in DismissalReason.values:
        raise MonitoringError(
            f"{record}：排除理由 {reason!r} 不在列表中 / {record}: dismissal reason {reason!r} "
            f"is not one of {list(DismissalReason.values)}",
            field="reason",
            rule="choice",
        )
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"{record}：请写明排除的具体理由（至少 {MIN_REASON_LENGTH} 个字）/ {record}: explain "
            f"the dismissal (at least {MIN_REASON_LENGTH} characters)",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        finding = _visible_findings(actor, [finding.pk])[0]
        if finding.state != FindingState.OPEN:
            raise MonitoringError(
                f"{record}：已研判（{finding.get_state_display()}）/ {record}: already triaged",
                field="state",
                rule="open_only",
            )
        finding.state = FindingState.DISMISSED
        finding.dismissal_reason = reason
        finding.triage_note = note
        finding.triaged_by = actor
        finding.triaged_at = timezone.now()
        finding.save(
            update_fields=["state", "dismissal_reason", "triage_note", "triaged_by", "triaged_at"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.finding_dismissed",
            target=finding,
            division=finding.division,
            before={"state": FindingState.OPEN},
            after={"state": finding.state, "reason": reason, "rule": finding.rule},
            reason=note,
        )
    return finding


def reopen_finding(*, actor, finding: Finding, note: str) -> Finding:
    """Put a dismissed finding back in the queue (section head; the old reason stays audited)."""
    _require(actor, "monitoring.decide_clue")
    record = f"监测发现 #{finding.pk}"
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"{record}：请写明重新研判的理由 / {record}: give the reason for reopening",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        finding = _visible_findings(actor, [finding.pk])[0]
        if finding.state != FindingState.DISMISSED:
            raise MonitoringError(
                f"{record}：只有已排除的发现可以重新研判 / {record}: only a dismissed finding can "
                "be reopened",
                field="state",
                rule="dismissed_only",
            )
        before = {"state": finding.state, "reason": finding.dismissal_reason}
        finding.state = FindingState.OPEN
        finding.dismissal_reason = ""
        finding.triage_note = ""
        finding.triaged_by = None
        finding.triaged_at = None
        finding.save(
            update_fields=["state", "dismissal_reason", "triage_note", "triaged_by", "triaged_at"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.finding_reopened",
            target=finding,
            division=finding.division,
            before=before,
            after={"state": finding.state},
            reason=note,
        )
    return finding


# --- Clue decisions ----------------------------------------------------------------------------


def _open_clue(actor, clue: Clue) -> Clue:
    locked = Clue.objects.visible_to(actor).select_for_update().filter(pk=clue.pk).first()
    if locked is None:
        raise MonitoringError(
            "线索不存在或不在本辖区 / clue not found in your jurisdiction", field="clue"
        )
    if locked.state != ClueState.REGISTERED:
        raise MonitoringError(
            f"线索 {locked.number}：已作出决定（{locked.get_state_display()}）/ clue "
            f"{locked.number} is already decided",
            field="state",
            rule="registered_only",
        )
    return locked


def extend_clue(*, actor, clue: Clue, reason: str) -> Clue:
    """Extend verification once by the period of the clue's rules version (负责人批准)."""
    _require(actor, "monitoring.decide_clue")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"线索 {clue.number}：延长须写明特殊情况 / clue {clue.number}: an extension needs "
            "its reason",
            field="reason",
            rule="min_length",
        )
    with transaction.atomic():
        clue = _open_clue(actor, clue)
        if clue.extended:
            raise MonitoringError(
                f"线索 {clue.number}：核查期限只能延长一次 / clue {clue.number}: verification "
                "can be extended once",
                field="extended",
                rule="once",
            )
        rules = clue_rules_version(clue.rules_version)
        before = clue.due_on
        if before is None:
            raise MonitoringError(
                f"线索 {clue.number} 字段 due_on：核查期限尚待录入工作日年度表后确定，"
                f"确定后方可延长（{clue.calendar_note}）/ clue {clue.number}, field due_on: "
                "the deadline is not dated yet (its year's working-day table is missing); "
                "extend it once it is",
                field="due_on",
                rule="calendar",
            )
        try:
            clue.due_on = add_working_days(before, rules.extension_working_days)
        except CalendarYearNotCovered as error:
            raise MonitoringError(str(error), field="due_on", rule="calendar") from error
        clue.extended = True
        clue.extension_reason = reason
        clue.save(update_fields=["due_on", "extended", "extension_reason"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_verification_extended",
            target=clue,
            division=clue.division,
            before={"due_on": before.isoformat()},
            after={"due_on": clue.due_on.isoformat(), "basis": rules.basis},
            reason=reason,
        )
    return clue


def date_pending_clues(*, actor) -> int:
    """Date the open clues registered while their period reached a year without a working-day
    table, now that the table exists (run when a year is entered, or by
    ``wangjian monitoring date-clues``). The period is the one of the clue's rules version,
    counted from its discovery, so the date is the one it would have had."""
    count = 0
    pending = Clue.objects.filter(state=ClueState.REGISTERED, due_on__isnull=True).order_by("pk")
    for clue in pending:
        rules = clue_rules_version(clue.rules_version)
        try:
            due_on = add_working_days(clue.discovered_on, rules.verification_working_days)
        except CalendarYearNotCovered:
            continue
        with transaction.atomic():
            locked = Clue.objects.select_for_update().get(pk=clue.pk)
            if locked.due_on is not None:
                continue
            locked.due_on, locked.calendar_note = due_on, ""
            locked.save(update_fields=["due_on", "calendar_note"])
            record_event(
                actor=actor,
                event_type="monitoring.clue_dated",
                target=locked,
                division=locked.division,
                after={"due_on": due_on.isoformat(), "rules_version": locked.rules_version},
            )
        count += 1
    return count


def decide_clue(*, actor, clue: Clue, decision: str, note: str) -> Clue:
    """The head's decision after verification: refer for a case (立案) or not (不予立案)."""
    _require(actor, "monitoring.decide_clue")
    if decision not in (ClueState.REFERRED, ClueState.NO_CASE):
        raise MonitoringError(
            f"线索 {clue.number}：决定 {decision!r} 无效，应为 referred 或 no_case / clue "
            f"{clue.number}: decision {decision!r} must be referred or no_case",
            field="decision",
            rule="choice",
        )
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"线索 {clue.number}：请写明决定理由 / clue {clue.number}: give the decision's reason",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        clue = _open_clue(actor, clue)
        clue.state = decision
        clue.decided_on = _today()
        clue.decision_note = note
        clue.decided_by = actor
        clue.save(update_fields=["state", "decided_on", "decision_note", "decided_by"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_decided",
            target=clue,
            division=clue.division,
            before={"state": ClueState.REGISTERED},
            after={
                "state": decision,
                "decided_on": clue.decided_on.isoformat(),
                "overdue": clue.due_on is not None and clue.decided_on > clue.due_on,
            },
            reason=note,
        )
        # A confirmed finding is still an unchecked signal: it reaches the credit record (and so
        # the tier) only once the head has decided, after verification, that a case is warranted
        # (程序规定 第二十条). A clue closed with 不予立案 leaves no credit trace.
        if decision == ClueState.REFERRED and clue.entity_id is not None:
            transaction.on_commit(lambda: _record_clue_in_credit(clue.pk))
    return clue
