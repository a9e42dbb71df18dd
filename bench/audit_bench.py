"""Audit log: append and verification throughput against bare baselines in the same process.

Appending runs ``record_event`` (one chained, hashed event per transaction, as actions do)
against a plain ``bulk_create`` of the same rows with no chain. Verification runs
``verify_chain`` against bare SHA-256 over the same canonical payloads.

    python bench/audit_bench.py [--events 20000]
    WANGJIAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/audit_bench.py
"""

import argparse
import hashlib
import json

from _setup import setup_database, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    engine = setup_database("audit")

    from django.db import transaction
    from django.utils import timezone

    from wangjian.core.audit import record_event, verify_chain
    from wangjian.core.models import AuditChainHead, AuditEvent

    results: dict[str, float] = {}
    count = args.events
    payloads = [{"状态": "新", "序号": number, "说明": "抽查结果已录入"} for number in range(count)]

    with timed(results, "plain_bulk_insert"), transaction.atomic():
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    sequence=number + 1,
                    occurred_at=timezone.now(),
                    event_type="bench.plain",
                    after=payload,
                    previous_hash="",
                    hash=f"plain-{number}",
                )
                for number, payload in enumerate(payloads)
            ],
            batch_size=1000,
        )
    AuditEvent.objects.all().delete()

    # The fair baseline for an action's audit write: one plain insert per transaction.
    with timed(results, "plain_insert_per_transaction"):
        for number, payload in enumerate(payloads):
            with transaction.atomic():
                AuditEvent.objects.create(
                    sequence=number + 1,
                    occurred_at=timezone.now(),
                    event_type="bench.plain",
                    after=payload,
                    previous_hash="",
                    hash=f"plain-{number}",
                )
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()

    with timed(results, "chained_append"):
        for number, payload in enumerate(payloads):
            with transaction.atomic():
                record_event(
                    actor=None,
                    event_type="bench.chained",
                    target=("bench.thing", number, f"对象 {number}"),
                    after=payload,
                )

    with timed(results, "verify_chain"):
        outcome = verify_chain()
    if not outcome.ok or outcome.checked != count:
        raise SystemExit(f"chain verification failed: {outcome.problems[:3]}")

    encoded = [json.dumps(p, sort_keys=True, ensure_ascii=False).encode("utf-8") for p in payloads]
    with timed(results, "bare_sha256"):
        previous = b"0" * 64
        for data in encoded:
            previous = hashlib.sha256(previous + data).hexdigest().encode()

    print(f"database: {engine}; events: {count}")
    print(
        "append (chained, one transaction each): "
        f"{count / results['chained_append']:,.0f} events/s; "
        f"plain insert per transaction {count / results['plain_insert_per_transaction']:,.0f} "
        f"rows/s (ratio {results['chained_append'] / results['plain_insert_per_transaction']:.2f}x "
        f"its time); plain bulk insert {count / results['plain_bulk_insert']:,.0f} rows/s "
        f"(ratio {results['chained_append'] / results['plain_bulk_insert']:.1f}x)"
    )
    print(
        f"verify: {count / results['verify_chain']:,.0f} events/s; bare SHA-256 chain "
        f"{count / results['bare_sha256']:,.0f} payloads/s; "
        f"ratio {results['verify_chain'] / results['bare_sha256']:.1f}x the bare time"
    )


if __name__ == "__main__":
    main()
