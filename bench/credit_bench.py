"""Credit tiers and the stratified draw at register scale, each against a plain baseline of the
same work in the same process.

Tier recompute runs ``credit.actions.recompute_tiers`` (the set-based statements: one scratch
table of every indicator for every entity, then assessments, per-indicator contributions and
evidence rows, the retirement of the previous assessments, and the audit event) over N
entities with synthetic credit events and list entries. Its baseline is the same scoring as one
plain SQL aggregate (``SELECT tier, COUNT(*) FROM (<scores>) GROUP BY tier``), which scores
every entity but writes nothing. The two must agree on the tier counts.

The draw freezes the object pool of the whole register with ``inspections.actions.commit_plan``
(registry query with the current tier, canonical JSON, SHA-256) and draws 10,000 entities with
``hkdf-sha256`` per stratum (``draw.perform_draw``), then verifies the record
(``draw.verify_record``). Its baseline is a plain, unverifiable SQL sample of the same strata
(``ORDER BY RANDOM() LIMIT k`` per tier).

    python bench/credit_bench.py                # 100,000 entities
    python bench/credit_bench.py --full         # 1,000,000 entities
    WANGJIAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/credit_bench.py
"""

import argparse
import datetime as dt
import hashlib
import random
import statistics
import time

from _setup import setup_database, timed

AS_OF = dt.date(2026, 10, 31)
DRAW_SIZE = 10_000
BATCH = 20_000
EVENT_MIX = [  # kind, severity, share of entities with one such event
    ("complaint", "", 0.12),
    ("complaint", "", 0.05),
    ("penalty", "low", 0.02),
    ("penalty", "ordinary", 0.03),
    ("penalty", "heavy", 0.004),
    ("spot_check", "clear", 0.04),
    ("spot_check", "problem", 0.02),
    ("spot_check", "serious", 0.005),
    ("monitoring_finding", "", 0.03),
    ("licence_problem", "", 0.01),
    ("annual_report_overdue", "", 0.03),
]


def insert_rows(cursor, table: str, columns: list[str], rows) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def build_register(size: int, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from wangjian.core.tests.factories import make_shanghai_tree
    from wangjian.credit.models import CreditEvent, CreditListEntry
    from wangjian.registry.models import MarketEntity

    divisions = make_shanghai_tree()
    streets = [divisions["wujiaochang"].pk, divisions["dinghai"].pk, divisions["zhangjiang"].pk]
    now = timezone.now()
    # Representatives are linked across entities by their ID number's keyed hash (never by
    # name), so each gets one, shared by about three entities.
    representatives = [
        (f"代表{n}", hashlib.sha256(f"bench-id-{n}".encode()).hexdigest()) for n in range(size // 3)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        insert_rows(
            cursor,
            MarketEntity._meta.db_table,
            [
                "uscc",
                "name",
                "normalised_name",
                "entity_type",
                "legal_representative",
                "legal_representative_id_hash",
                "registered_address",
                "division_id",
                "registration_authority",
                "established_on",
                "status",
                "business_scope",
                "search_text",
                "created_at",
                "updated_at",
            ],
            (
                (
                    f"91310110{n:09d}X",
                    f"上海测试{n}有限公司",
                    f"上海测试{n}有限公司",
                    "enterprise",
                    *rng.choice(representatives),
                    "上海市",
                    streets[n % 3],
                    "",
                    AS_OF - dt.timedelta(days=rng.randrange(30, 6000)),
                    "active",
                    "",
                    "",
                    now,
                    now,
                )
                for n in range(size)
            ),
        )
        first = MarketEntity.objects.order_by("id").values_list("id", flat=True).first()
        events = []
        for kind, severity, share in EVENT_MIX:
            for entity_id in rng.sample(range(first, first + size), int(size * share)):
                occurred = AS_OF - dt.timedelta(days=rng.randrange(1, 900))
                publicity = None
                if kind == "penalty":
                    years = 0 if severity == "low" else 3
                    publicity = occurred + dt.timedelta(
                        days=90 if severity == "low" else 365 * years
                    )
                events.append(
                    (
                        entity_id,
                        kind,
                        severity,
                        occurred,
                        "ecommerce-law-2018:15",
                        kind,
                        "bench",
                        "",
                        "",
                        False,
                        publicity,
                        None,
                        None,
                        "{}",
                        None,
                        now,
                    )
                )
        insert_rows(
            cursor,
            CreditEvent._meta.db_table,
            [
                "entity_id",
                "kind",
                "severity",
                "occurred_on",
                "legal_basis",
                "summary",
                "source_app",
                "source_type",
                "source_id",
                "sensitive_sector",
                "publicity_until",
                "publicity_ended_on",
                "withdrawn_on",
                "details",
                "recorded_by_id",
                "recorded_at",
            ],
            events,
        )
        entries = []
        for list_kind, share in (("abnormal", 0.01), ("serious", 0.001)):
            for entity_id in rng.sample(range(first, first + size), int(size * share)):
                listed = AS_OF - dt.timedelta(days=rng.randrange(10, 700))
                entries.append(
                    (
                        entity_id,
                        list_kind,
                        "bench",
                        "serious-violation-list-measures-2021:2",
                        "listed",
                        listed - dt.timedelta(days=20),
                        listed - dt.timedelta(days=10),
                        "",
                        False,
                        None,
                        listed,
                        None,
                        None,
                        None,
                        "",
                        "",
                        "{}",
                        None,
                        None,
                    )
                )
        insert_rows(
            cursor,
            CreditListEntry._meta.db_table,
            [
                "entity_id",
                "list_kind",
                "ground",
                "ground_basis",
                "state",
                "notified_on",
                "statement_due_on",
                "statement",
                "hearing_requested",
                "hearing_held_on",
                "listed_on",
                "expires_on",
                "early_removal_from",
                "removed_on",
                "removal_reason",
                "decision_note",
                "rules_applied",
                "penalty_event_id",
                "created_by_id",
            ],
            entries,
        )
    return divisions, len(events), len(entries)


def baseline_tier_counts(model) -> dict:
    from django.db import connection

    from wangjian.credit.tiers import scoring_select, tier_case

    select_sql, params = scoring_select(model.content, AS_OF, "", [])
    direct = [
        (i["key"], i["direct_tier"]) for i in model.content["indicators"] if i.get("direct_tier")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {tier_case(model.content, direct)} AS tier, COUNT(*) FROM ({select_sql}) s "
            "GROUP BY 1 ORDER BY 1",
            params,
        )
        return dict(cursor.fetchall())


def baseline_sample(counts_by_tier: dict) -> int:
    """A plain SQL random sample per tier: what a draw costs without being verifiable."""
    from django.db import connection

    from wangjian.credit.models import TierAssessment
    from wangjian.registry.models import MarketEntity

    total = 0
    with connection.cursor() as cursor:
        for tier, count in counts_by_tier.items():
            cursor.execute(
                f"SELECT e.uscc FROM {MarketEntity._meta.db_table} e JOIN "
                f"{TierAssessment._meta.db_table} a ON a.entity_id = e.id AND a.is_current = %s "
                f"WHERE a.tier = %s ORDER BY RANDOM() LIMIT %s",
                [True, tier, count],
            )
            total += len(cursor.fetchall())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 entities")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = 1_000_000 if args.full else args.entities
    database = setup_database("credit")

    from django.db import transaction

    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_org_unit, make_user
    from wangjian.credit.actions import recompute_tiers
    from wangjian.credit.models import TierAssessment
    from wangjian.credit.tiers import load_tier_models, model_in_force
    from wangjian.inspections import actions
    from wangjian.inspections.catalogue import load_items
    from wangjian.inspections.draw import DrawRecord, perform_draw, verify_record
    from wangjian.inspections.models import InspectionItem

    rng = random.Random(20261031)
    results: dict[str, float] = {}
    with timed(results, "build"):
        divisions, event_count, entry_count = build_register(size, rng)
    load_tier_models(actor=None)
    model = model_in_force(AS_OF)
    print(
        f"database: {database}; {size:,} entities, {event_count:,} credit events, "
        f"{entry_count:,} list entries (built in {results['build']:.1f} s)"
    )

    baseline_times, counts = [], {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        counts = baseline_tier_counts(model)
        baseline_times.append(time.perf_counter() - start)
    baseline = statistics.median(baseline_times)

    recompute_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run = recompute_tiers(actor=None, as_of=AS_OF)
        recompute_times.append(time.perf_counter() - start)
    recompute = statistics.median(recompute_times)
    written = dict(
        TierAssessment.objects.filter(run=run)
        .values_list("tier")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
        .values_list("tier", "n")
    )
    assert written == counts, (written, counts)
    print(f"tiers: {counts}")
    print(
        f"tier recompute ({size:,} entities, writes assessments, contributions, evidence, "
        f"history): median {recompute:.2f} s of {args.repeat} "
        f"({', '.join(f'{t:.2f}' for t in recompute_times)}); "
        f"plain SQL aggregate: median {baseline:.2f} s; ratio {recompute / baseline:.2f}×"
    )

    # ---------------------------------------------------------------- stratified draw
    bureau = make_org_unit("上海市市场监督管理局", divisions["shanghai"])
    chief = make_user("bench_chief", Role.SECTION_CHIEF, bureau)
    for n in range(6):
        user = make_user(f"bench_officer{n}", Role.REGULATOR, bureau, display_name=f"执法{n}")
        actions.register_inspector(
            actor=None,
            user=user,
            certificate_number=f"310000{n:04d}",
            certificate_valid_until=dt.date(2030, 1, 1),
        )
    load_items(actor=None)
    plan = actions.create_plan(
        actor=chief,
        title="基准抽查",
        division=divisions["shanghai"],
        year=2026,
        items=InspectionItem.objects.filter(code="WJ-01"),
        on=AS_OF,
    )
    # Scale the policy's proportions so the strata add up to about DRAW_SIZE.
    weights = {tier: counts.get(tier, 0) * plan.proportions[tier] for tier in counts}
    scale = DRAW_SIZE / sum(weights.values())
    plan.proportions = {tier: min(1.0, plan.proportions[tier] * scale) for tier in plan.proportions}
    with transaction.atomic():
        plan.save(update_fields=["proportions"])
    with timed(results, "commit"):
        actions.commit_plan(
            actor=chief, plan=plan, sources=[{"name": "双色球第2026135期"}], on=AS_OF
        )
    record = DrawRecord(**plan.object_record)
    record.sources = [{"name": "双色球第2026135期", "values": [3, 9, 14, 21, 27, 30, 11]}]
    with timed(results, "draw"):
        perform_draw(record)
    drawn = sum(len(ids) for ids in record.results.values())
    with timed(results, "verify"):
        assert all(step.passed for step in verify_record(record))
    tier_counts = {plan.stratum_tiers[label]: count for label, count in record.plan.items()}
    with timed(results, "sample"):
        sampled = baseline_sample(tier_counts)
    assert sampled == drawn
    verifiable = results["commit"] + results["draw"]
    print(
        f"stratified draw of {drawn:,} from {len(record.pool):,}: commit (freeze pool, "
        f"SHA-256) {results['commit']:.2f} s + draw (hkdf-sha256) {results['draw']:.2f} s = "
        f"{verifiable:.2f} s; plain SQL random sample {results['sample']:.2f} s; ratio "
        f"{verifiable / results['sample']:.2f}×; verify {results['verify']:.2f} s, ratio "
        f"{results['verify'] / results['sample']:.2f}× the sample"
    )


if __name__ == "__main__":
    main()
