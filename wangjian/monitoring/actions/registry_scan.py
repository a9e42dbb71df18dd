"""Registry shop pages scanned for the families of rules that apply to them."""

from django.db import transaction

from wangjian.monitoring.actions.common import MonitoringError, _require, _sha256, _today
from wangjian.monitoring.actions.storing import _finish
from wangjian.monitoring.choices import BatchState, ScanSource
from wangjian.monitoring.engine.records import Record
from wangjian.monitoring.models import ScanBatch

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
                # The home page was read from this address: LD-001 judges such a page only.
                url=shop.url,
            )
        )
    with transaction.atomic():
        locked = ScanBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != BatchState.QUEUED:
            return locked
        return _finish(locked, records, errors, len(errors), actor, families=families)
