"""Storing a scanned batch: findings matched to registered shops, in chunks, then closed."""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.monitoring.actions.common import MAX_KEPT_ERRORS, _sha256, engine, second_stage
from wangjian.monitoring.choices import BatchState
from wangjian.monitoring.engine.records import Record, RecordError
from wangjian.monitoring.models import Finding, MonitoredItem, ScanBatch


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
