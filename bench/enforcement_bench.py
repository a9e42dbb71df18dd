"""The case register and the deadline queries over 200,000 cases, each against a plain indexed
query in the same run.

The register is the page itself (``/enforcement/`` through Django's test client as a Yangpu
regulator: the jurisdiction filter, the state/source/article/officer filters, overdue flags and
the next deadline of each row, the clue picker, the template) for a mix of filters and pages;
its baseline is one plain SQL page of the same size in the same order (``WHERE division_id = ?
ORDER BY id DESC LIMIT 50 OFFSET …`` plus its ``COUNT(*)``). The overdue card is
``Case.objects.handled_by(user).overdue(today).count()`` (three clocks: verification,
decision, statement); its baseline is a plain ``COUNT(*) … WHERE state IN (…) AND
decision_due < ? AND division_id = ?`` (the decision clock only).

    python bench/enforcement_bench.py               # 200,000 cases
    python bench/enforcement_bench.py --cases 20000
    WANGJIAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python bench/enforcement_bench.py
"""

import argparse
import datetime as dt
import random
import statistics
import time

from _setup import setup_database

TODAY = dt.date(2026, 12, 2)
BATCH = 5_000
STATES = [
    ("verifying", 0.10),
    ("not_filed", 0.05),
    ("investigating", 0.25),
    ("reviewing", 0.05),
    ("notified", 0.05),
    ("decided", 0.05),
    ("served", 0.05),
    ("executed", 0.05),
    ("closed", 0.35),
]
ARTICLES = ["ad-law-2021:57", "ad-law-2021:58", "price-law-1997:42", "ecommerce-law-2018:76"]


def build(size: int, rng: random.Random):
    from django.db import transaction

    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_org_unit, make_shanghai_tree, make_user
    from wangjian.enforcement.models import Case, Transfer

    divisions = make_shanghai_tree()
    yangpu = make_org_unit("上海市杨浦区市场监督管理局", divisions["yangpu"])
    pudong = make_org_unit("上海市浦东新区市场监督管理局", divisions["pudong"])
    officers = {
        "yangpu": [
            make_user(f"yp{n}", Role.REGULATOR, yangpu, display_name=f"杨{n}") for n in range(8)
        ],
        "pudong": [
            make_user(f"pd{n}", Role.REGULATOR, pudong, display_name=f"浦{n}") for n in range(8)
        ],
    }
    weights = [share for _state, share in STATES]
    names = [state for state, _share in STATES]
    with transaction.atomic():
        rows = []
        for n in range(size):
            side = "yangpu" if n % 2 == 0 else "pudong"
            state = rng.choices(names, weights)[0]
            found = TODAY - dt.timedelta(days=rng.randrange(1, 700))
            filed = (
                found + dt.timedelta(days=10) if state not in ("verifying", "not_filed") else None
            )
            article = rng.choice(ARTICLES)
            rows.append(
                Case(
                    division=divisions[side],
                    source_number=f"{side}-{n}",
                    number=f"{side}立{n}" if filed else "",
                    state=state,
                    source_kind=rng.choice(["clue", "report", "inspection", "other"]),
                    party_kind="entity",
                    party_name=f"上海测试{n}有限公司",
                    conduct="网店宣传使用绝对化用语",
                    violated_articles=[article],
                    penalty_article=article if filed else "",
                    procedure_version="procedure-2021.07",
                    found_on=found,
                    verification_due=found + dt.timedelta(days=21),
                    filed_on=filed,
                    decision_due=filed + dt.timedelta(days=90) if filed else None,
                    statement_due=found + dt.timedelta(days=60) if state == "notified" else None,
                    handler=rng.choice(officers[side]),
                    registered_by=officers[side][0],
                )
            )
            if len(rows) == BATCH:
                Case.objects.bulk_create(rows)
                rows = []
        if rows:
            Case.objects.bulk_create(rows)
        # 1% of the Yangpu cases were transferred to Pudong (Yangpu keeps read access).
        moved = list(
            Case.objects.filter(division=divisions["yangpu"]).values_list("pk", flat=True)[
                : size // 200
            ]
        )
        Case.objects.filter(pk__in=moved).update(division=divisions["pudong"])
        Transfer.objects.bulk_create(
            Transfer(
                case_id=pk,
                from_division=divisions["yangpu"],
                to_division=divisions["pudong"],
                reason="移送",
                sent_on=TODAY,
                sent_by=officers["yangpu"][0],
            )
            for pk in moved
        )
    return divisions, officers


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    database = setup_database("enforcement")

    import time_machine
    from django.db import connection
    from django.test import Client

    from wangjian.enforcement.models import Case

    rng = random.Random(20261202)
    start = time.perf_counter()
    divisions, officers = build(args.cases, rng)
    print(
        f"database: {database}; {args.cases:,} cases built in {time.perf_counter() - start:.1f} s"
    )
    user = officers["yangpu"][0]
    table = Case._meta.db_table
    queries = [
        {},
        {"page": "2"},
        {"page": "40"},
        {"state": "investigating"},
        {"state": "overdue"},
        {"source": "clue"},
        {"article": "ad-law-2021:57"},
        {"officer": "yp3"},
    ]
    with time_machine.travel(dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC), tick=True):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get("/enforcement/")  # warm caches
        page_times = []
        for n in range(args.requests):
            query = queries[n % len(queries)]
            begin = time.perf_counter()
            response = client.get("/enforcement/", query)
            page_times.append(time.perf_counter() - begin)
            assert response.status_code == 200, (query, response.status_code)

        base_times = []
        with connection.cursor() as cursor:
            for n in range(args.requests):
                offset = 50 * (n % 40)
                begin = time.perf_counter()
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE division_id = %s",
                    [divisions["yangpu"].pk],
                )
                cursor.fetchall()
                cursor.execute(
                    f"SELECT id, source_number, number, party_name, state, decision_due FROM "
                    f"{table} WHERE division_id = %s ORDER BY id DESC "
                    f"LIMIT 50 OFFSET %s",
                    [divisions["yangpu"].pk, offset],
                )
                cursor.fetchall()
                base_times.append(time.perf_counter() - begin)
        page, base = p95(page_times), p95(base_times)
        page_median, base_median = statistics.median(page_times), statistics.median(base_times)
        print(
            f"case register page ({args.requests} requests, 8 filter/page mixes): p95 "
            f"{page * 1000:.1f} ms, median {page_median * 1000:.1f} ms; plain indexed page + "
            f"count: p95 {base * 1000:.1f} ms, median {base_median * 1000:.1f} ms; ratio p95 "
            f"{page / base:.1f}×, median {page_median / base_median:.1f}×"
        )

        card_times, plain_times = [], []
        overdue = None
        for _ in range(10):
            begin = time.perf_counter()
            overdue = Case.objects.handled_by(user).overdue(TODAY).count()
            card_times.append(time.perf_counter() - begin)
        with connection.cursor() as cursor:
            plain = None
            for _ in range(10):
                begin = time.perf_counter()
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE state IN (%s, %s, %s, %s) "
                    f"AND decision_due < %s AND division_id = %s",
                    [
                        "investigating",
                        "reviewing",
                        "notified",
                        "hearing",
                        TODAY,
                        divisions["yangpu"].pk,
                    ],
                )
                plain = cursor.fetchone()[0]
                plain_times.append(time.perf_counter() - begin)
        card, baseline = statistics.median(card_times), statistics.median(plain_times)
        print(
            f"overdue card (Yangpu: {overdue:,} cases): median {card * 1000:.1f} ms; plain "
            f"indexed count of one clock in the bureau ({plain:,}): median "
            f"{baseline * 1000:.1f} ms; ratio {card / baseline:.1f}×"
        )


if __name__ == "__main__":
    main()
