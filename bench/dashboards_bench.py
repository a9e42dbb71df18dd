"""The district board over a large district, against the plain aggregate queries behind it in
the same run.

The data: N monitoring findings spread over twelve months, eight rule families and three
streets (two in 杨浦区, one in 浦东新区), N/5 complaints over twenty categories with a clock
step each, clues, current tier assessments and inspection results. The measured work is a
regulator of 杨浦区 opening ``/dashboards/`` with an empty cache: every figure's scoped aggregate,
the comparison across streets, and the page. The baseline runs the same aggregate querysets
(grouping and counting only: no labels, no rows built, no template), one after another.

    python bench/dashboards_bench.py            # 100,000 findings, 20,000 complaints
    python bench/dashboards_bench.py --full     # 1,000,000 findings, 200,000 complaints
    WANGJIAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/dashboards_bench.py
"""

import argparse
import datetime as dt
import random
from zoneinfo import ZoneInfo

from _setup import setup_database, timed

FAMILIES = [
    "absolute_terms",
    "medical_claims",
    "health_food",
    "fake_reviews",
    "price",
    "prohibited_goods",
    "other_ad",
    "licence_display",
]
CATEGORIES = [f"类别{n:02d}" for n in range(20)]
BATCH = 10_000
ZONE = ZoneInfo("Asia/Shanghai")


def build(findings: int, complaints: int, rng: random.Random):
    from django.db import connection, transaction

    from wangjian.complaints.models import ClockStep, Complaint
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_org_unit, make_shanghai_tree, make_user
    from wangjian.monitoring.models import Clue, Finding, MonitoredItem, ScanBatch

    divisions = make_shanghai_tree()
    streets = [divisions["wujiaochang"], divisions["dinghai"], divisions["zhangjiang"]]
    bureau = make_org_unit("上海市杨浦区市场监督管理局", divisions["yangpu"])
    regulator = make_user("bench_regulator", Role.REGULATOR, bureau)
    with transaction.atomic():
        batches = [
            ScanBatch.objects.create(division=s, source="upload", content_hash=f"{i:064d}")
            for i, s in enumerate(streets)
        ]
        items = [
            MonitoredItem.objects.create(
                batch=batches[i % 3],
                division=streets[i % 3],
                external_id=f"item-{i}",
                source_type="listing",
                text="全网最低价",
                fingerprint=f"{i:064x}",
            )
            for i in range(300)
        ]
        rows = []
        for n in range(findings):
            item = items[n % 300]
            rows.append(
                Finding(
                    item=item,
                    batch_id=item.batch_id,
                    division_id=item.division_id,
                    rule="bench.rule",
                    family=rng.choice(FAMILIES),
                    verdict="violation" if n % 10 else "needs_substantiation",
                    start=n,
                    end=n + 2,
                    match="最低",
                    explanation="bench",
                    rule_pack="bench",
                )
            )
            if len(rows) == BATCH:
                Finding.objects.bulk_create(rows)
                rows = []
        Finding.objects.bulk_create(rows)
        # Spread detection dates over the twelve months of 2026, set-based.
        with connection.cursor() as cursor:
            for month in range(12):
                cursor.execute(
                    f"UPDATE {Finding._meta.db_table} SET created_at = %s WHERE id %% 12 = %s",
                    [dt.datetime(2026, 1 + month, 10, 10, 0, tzinfo=ZONE), month],
                )
        made = []
        for n in range(complaints):
            division = streets[n % 3]
            made.append(
                Complaint(
                    receipt_number=f"B-{n:08d}",
                    kind="complaint",
                    channel="web_form",
                    received_on=dt.date(2026, 1 + n % 11, 1 + n % 28),
                    rule_version="bench",
                    respondent_name="某店",
                    facts="商品与描述不符",
                    category=rng.choice(CATEGORIES),
                    received_by=division,
                    division=division,
                )
            )
            if len(made) == BATCH:
                Complaint.objects.bulk_create(made)
                made = []
        Complaint.objects.bulk_create(made)
        steps = []
        for complaint_id in Complaint.objects.values_list("pk", flat=True).iterator():
            steps.append(
                ClockStep(
                    complaint_id=complaint_id,
                    step="accept_decision",
                    label="受理决定",
                    started_on=dt.date(2026, 1, 1),
                    amount=7,
                    status="confirmed",
                    timely=rng.random() < 0.9,
                )
            )
            if len(steps) == BATCH:
                ClockStep.objects.bulk_create(steps)
                steps = []
        ClockStep.objects.bulk_create(steps)
        Clue.objects.bulk_create(
            Clue(
                number=f"XS-B-{n:06d}",
                division=streets[n % 3],
                summary="bench",
                state=("registered", "referred", "no_case")[n % 3],
                discovered_on=dt.date(2026, 11, 1),
                rules_version="bench",
                registered_by=regulator,
            )
            for n in range(findings // 100)
        )
    return regulator, divisions["yangpu"]


def baseline(user, division) -> int:
    """The aggregate querysets behind the board, evaluated and nothing else."""
    from django.db.models import Count, Q
    from django.db.models.functions import Substr, TruncMonth

    from wangjian.complaints.models import ClockStep
    from wangjian.dashboards.figures import FIGURES, figures_for

    total = 0
    findings = FIGURES["findings"].base(user, division)
    total += len(
        findings.annotate(month=TruncMonth("created_at", tzinfo=ZONE))
        .values("family", "month")
        .annotate(n=Count("id"))
    )
    total += len(FIGURES["clues"].base(user, division).values("state").annotate(n=Count("id")))
    complaints = FIGURES["complaints"].base(user, division)
    total += len(complaints.values("category").annotate(n=Count("id")))
    total += len(
        ClockStep.objects.filter(complaint__in=complaints.values("pk"))
        .values("complaint__category")
        .annotate(
            a=Count("id", filter=Q(timely=True)), b=Count("id", filter=Q(timely__isnull=False))
        )
    )
    for key in ("tiers", "warnings"):
        if key in [f.key for f in figures_for(user)]:
            total += len(FIGURES[key].base(user, division).values("pk").annotate(n=Count("id")))
    width = len(division.path) + 13
    for key in ("findings", "clues", "complaints", "inspections"):
        figure = FIGURES[key]
        total += len(
            figure.base(user, division)
            .annotate(child=Substr(figure.street_lookup, 1, width))
            .values("child")
            .annotate(n=Count("id"))
        )
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="1,000,000 findings")
    parser.add_argument("--findings", type=int, default=None)
    args = parser.parse_args()
    findings = args.findings or (1_000_000 if args.full else 100_000)
    complaints = findings // 5
    database = setup_database("dashboards")
    from django.core.cache import cache
    from django.test import Client

    results: dict[str, float] = {}
    rng = random.Random(17)
    with timed(results, "build"):
        regulator, yangpu = build(findings, complaints, rng)
    client = Client()
    client.force_login(regulator)
    board_times, baseline_times = [], []
    for _round in range(3):
        with timed(results, "baseline"):
            baseline(regulator, yangpu)
        baseline_times.append(results["baseline"])
        cache.clear()
        with timed(results, "board"):
            response = client.get("/dashboards/", HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code
        board_times.append(results["board"])
    board, plain = min(board_times), min(baseline_times)
    print(f"database: {database}; findings {findings:,}, complaints {complaints:,}")
    print(f"build: {results['build']:.1f} s")
    print(f"board (empty cache, page rendered): {board:.3f} s (best of 3)")
    print(f"plain aggregate queries:            {plain:.3f} s (best of 3)")
    print(f"ratio: {board / plain:.2f}× (aim: within 3×)")
    cache.clear()


if __name__ == "__main__":
    main()
