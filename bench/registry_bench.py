"""Registry: submission import throughput and entity search latency, each against a plain
baseline of the same data in the same process.

Import runs ``actions.import_submission`` (parse, validate every row, resolve divisions, commit
shops, records, links, flags and the diff) on a CSV of N shop rows, against a plain
``bulk_create`` of the same N ``OnlineShop`` rows. Search runs ``search.search`` (FTS5 trigram on
SQLite, pg_trgm on PostgreSQL) for Chinese substrings of entity names over M entities, against a
plain indexed equality lookup (``uscc = …``) of the same entities.

    python bench/registry_bench.py                      # 20,000 rows, 100,000 entities
    python bench/registry_bench.py --shops 200000 --entities 1000000
    WANGJIAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/registry_bench.py
"""

import argparse
import csv
import io
import random
import statistics
import time

from _setup import setup_database, timed

BATCH = 5000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def make_entities(count: int, streets, rng) -> list[dict]:
    from wangjian.registry.demo import (
        INDUSTRIES,
        ROADS,
        SURNAMES,
        TRADE_NAMES,
        _body,
        demo_uscc,
    )

    entities = []
    for number in range(count):
        street = streets[number % len(streets)]
        industry, category = INDUSTRIES[number % len(INDUSTRIES)]
        trade = TRADE_NAMES[number % len(TRADE_NAMES)] + TRADE_NAMES[(number // 50) % 50]
        entities.append(
            {
                "uscc": demo_uscc("91310110", _body(number + 1000)),
                "name": f"上海{trade}{industry}{number}有限公司",
                "entity_type": "enterprise",
                "legal_representative": rng.choice(SURNAMES) + "某",
                "registered_address": f"上海市杨浦区{street.name}{rng.choice(ROADS)}"
                f"{rng.randrange(1, 1500)}号",
                "division_id": street.pk,
                "business_scope": f"{category}销售",
            }
        )
    return entities


def load_entities(entities: list[dict]) -> None:
    from django.db import transaction

    from wangjian.registry.actions import entity_search_text
    from wangjian.registry.models import MarketEntity
    from wangjian.registry.normalise import normalise_name

    for start in range(0, len(entities), BATCH * 10):
        with transaction.atomic():
            batch = []
            for record in entities[start : start + BATCH * 10]:
                entity = MarketEntity(**record, normalised_name=normalise_name(record["name"]))
                entity.search_text = entity_search_text(entity, [], [])
                batch.append(entity)
            MarketEntity.objects.bulk_create(batch, batch_size=BATCH)


def shop_rows(count: int, entities: list[dict], rng) -> list[list]:
    from wangjian.registry.demo import GROUNDS, demo_resident_id

    rows = []
    for number in range(count):
        shop_id = f"B{number:07d}"
        if number % 10 == 9:
            rows.append(
                [
                    shop_id,
                    f"个人小店{number}",
                    f"https://bench.example.cn/{shop_id}",
                    "王某",
                    "",
                    demo_resident_id(rng),
                    GROUNDS[number % 4],
                    f"上海市杨浦区五角场街道国定路{number % 1400 + 1}号",
                    "13900000000",
                    "20000",
                    "农产品",
                    "",
                ]
            )
            continue
        entity = entities[number % len(entities)]
        rows.append(
            [
                shop_id,
                f"{entity['name']}旗舰店{number}",
                f"https://bench.example.cn/{shop_id}",
                entity["name"],
                entity["uscc"],
                "",
                "",
                entity["registered_address"],
                "021-65000000",
                "",
                "服装",
                "2020-01-01",
            ]
        )
    return rows


def as_csv(rows) -> bytes:
    from wangjian.registry.demo import HEADER

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def bench_import(shops: int, rng, results: dict, streets) -> None:
    import datetime as dt

    from django.db import transaction

    from wangjian.core.models import Division
    from wangjian.registry.actions import import_submission, register_entity, register_platform
    from wangjian.registry.demo import demo_uscc
    from wangjian.registry.models import MarketEntity, OnlineShop
    from wangjian.registry.normalise import search_text
    from wangjian.registry.submissions import DivisionResolver

    yangpu = Division.objects.by_code("310110")
    register = make_entities(max(1000, shops // 4), streets, rng)
    load_entities(register)
    operators = [
        register_entity(
            actor=None,
            uscc=demo_uscc("91310110", body),
            name=name,
            entity_type="enterprise",
            division=yangpu,
        )
        for body, name in (
            ("MA1Y9001", "上海基准平台甲有限公司"),
            ("MA1Y9002", "上海基准平台乙有限公司"),
        )
    ]
    plain_platform = register_platform(
        actor=None, entity=operators[0], name="基准平台", division=yangpu
    )
    platform = register_platform(actor=None, entity=operators[1], name="导入平台", division=yangpu)
    rows = shop_rows(shops, register, rng)
    content = as_csv(rows)
    today = dt.date(2026, 7, 15)

    # Baseline: the same rows as plain model instances, divisions and entities already known.
    resolve = DivisionResolver()
    entity_ids = dict(MarketEntity.objects.values_list("uscc", "pk"))
    instances = [
        OnlineShop(
            platform=plain_platform,
            shop_id=row[0],
            name=row[1],
            url=row[2],
            operator_kind="registered" if row[4] else "natural_person",
            operator_name=row[3],
            declared_uscc=row[4],
            address=row[7],
            division=resolve(row[7]),
            contact=row[8],
            category=row[10],
            entity_id=entity_ids.get(row[4]),
            first_seen_on=today,
            last_seen_on=today,
            search_text=search_text(row[1], row[2], row[3]),
        )
        for row in rows
    ]
    with timed(results, "plain_bulk_insert"), transaction.atomic():
        OnlineShop.objects.bulk_create(instances, batch_size=500)

    with timed(results, "import"):
        outcome = import_submission(
            actor=None,
            platform=platform,
            file_name="bench.csv",
            content=content,
            period="2026H2",
            channel="command_line",
            today=today,
        )
    assert outcome.submission.rows_committed == shops, outcome.summary
    with timed(results, "reimport"):
        again = import_submission(
            actor=None,
            platform=platform,
            file_name="bench.csv",
            content=content,
            period="2026H2",
            channel="command_line",
            today=today,
        )
    assert again.already_imported


def bench_search(entities_count: int, queries: int, rng, results: dict, streets) -> dict:
    from wangjian.registry.models import MarketEntity
    from wangjian.registry.search import search

    existing = MarketEntity.objects.count()
    entities = make_entities(entities_count, streets, rng)[existing:]
    with timed(results, "load_entities"):
        load_entities(entities)
    total = MarketEntity.objects.count()
    sample = rng.sample(range(len(entities)), queries)
    substrings = []
    for index in sample:
        name = entities[index]["name"]
        start = rng.randrange(2, len(name) - 5)
        substrings.append(name[start : start + rng.choice((3, 4, 5, 6))])
    codes = [entities[index]["uscc"] for index in sample]

    def measure(run) -> list[float]:
        times = []
        for item in run:
            start = time.perf_counter()
            item()
            times.append(time.perf_counter() - start)
        return times

    # First page of results, as the list view and the API ask for.
    search_times = measure(
        (lambda text=text: list(search(MarketEntity.objects.all(), text).order_by("pk")[:50]))
        for text in substrings
    )
    lookup_times = measure(
        (lambda code=code: list(MarketEntity.objects.filter(uscc=code)[:50])) for code in codes
    )
    return {"total": total, "search": search_times, "lookup": lookup_times}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=20000, help="rows in the import (200000)")
    parser.add_argument("--entities", type=int, default=100000, help="entities searched (1000000)")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    engine = setup_database("registry")

    from wangjian.core.divisions import load_divisions
    from wangjian.core.models import Division

    load_divisions(actor=None)
    streets = list(Division.objects.by_code("310110").children.order_by("code"))
    rng = random.Random(2026)
    results: dict[str, float] = {}

    bench_import(args.shops, rng, results, streets)
    found = bench_search(args.entities, args.queries, rng, results, streets)

    ms = 1000
    search_p50, search_p95 = percentile(found["search"], 0.5), percentile(found["search"], 0.95)
    lookup_p50, lookup_p95 = percentile(found["lookup"], 0.5), percentile(found["lookup"], 0.95)
    print(f"database: {engine}; shop rows: {args.shops:,}; entities: {found['total']:,}")
    print(
        f"import: {args.shops / results['import']:,.0f} rows/s ({results['import']:.1f} s);"
        f" plain bulk insert {args.shops / results['plain_bulk_insert']:,.0f} rows/s"
        f" ({results['plain_bulk_insert']:.1f} s); ratio"
        f" {results['import'] / results['plain_bulk_insert']:.2f}x the plain time;"
        f" same file again {results['reimport'] * ms:.0f} ms"
        f" ({results['reimport'] / results['plain_bulk_insert']:.3f}x the plain time)"
    )
    print(
        f"search ({len(found['search'])} Chinese substrings, first 50 hits): p50"
        f" {search_p50 * ms:.2f} ms, p95 {search_p95 * ms:.2f} ms, mean"
        f" {statistics.mean(found['search']) * ms:.2f} ms; plain indexed lookup p50"
        f" {lookup_p50 * ms:.2f} ms, p95 {lookup_p95 * ms:.2f} ms, mean"
        f" {statistics.mean(found['lookup']) * ms:.2f} ms; ratio p50"
        f" {search_p50 / lookup_p50:.1f}x, p95 {search_p95 / lookup_p95:.1f}x, mean"
        f" {statistics.mean(found['search']) / statistics.mean(found['lookup']):.1f}x"
    )
    print(f"loading the entities took {results['load_entities']:.1f} s")


if __name__ == "__main__":
    main()
