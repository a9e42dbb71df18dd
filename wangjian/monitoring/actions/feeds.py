"""Feeds: record batches sent by a platform and scanned inside the request."""

import json
from dataclasses import dataclass

from django.db import transaction

from wangjian.monitoring.actions.common import (
    MAX_FEED_RECORDS,
    MonitoringError,
    _require,
    _sha256,
    engine,
)
from wangjian.monitoring.actions.storing import _error_entry, _finish
from wangjian.monitoring.choices import BatchState, ScanSource
from wangjian.monitoring.engine.records import RecordError, parse_record
from wangjian.monitoring.models import ScanBatch

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
