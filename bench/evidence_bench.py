"""Evidence benchmarks: seal-and-log throughput, and the custody log at 1,000,000 leaves.

Every figure is printed with a baseline measured in the same process on the same bytes: bare
SHA-256 of the bundle contents for sealing, and bare SHA-256 of the leaf entries for the log.
Sealing uses a loopback RFC 3161 TSA (test PKI made here), the in-memory custody log and the
real WACZ writer; capture itself (the browser) is not timed. The last section loads the
custody log into the database (SQLite, or PostgreSQL named by ``WANGJIAN_DATABASE_URL``) and
times appends and proofs there against one SHA-256. Usage:

    .venv/bin/python bench/evidence_bench.py [--bundles 30] [--leaves 1000000]
        [--database-leaves 1000000]
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from wangjian.evidence.bundle import keys
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.bundle.custody import MemoryCustodyLog
from wangjian.evidence.bundle.local_tsa import LocalTimestampAuthority
from wangjian.evidence.bundle.merkle import (
    MemoryTree,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from wangjian.evidence.bundle.timestamps import request_timestamp
from wangjian.evidence.bundle.wacz import Capture, CapturedResponse, seal_capture


def synthetic_capture(number: int) -> Capture:
    """A capture shaped like a real one (sizes from a loopback capture): ~1.2 MB of files."""
    generator = random.Random(number)
    html = ("<html><body>" + "网络交易监测测试页面" * 2000 + "</body></html>").encode()

    def blob(size: int) -> bytes:
        return generator.randbytes(size)

    files = {
        "evidence/screenshot.png": blob(300_000),
        "evidence/page.mhtml": html * 3,
        "evidence/dom.html": html,
        "evidence/page.pdf": blob(150_000),
        **{f"evidence/screencast/frame-{i:04d}.jpg": blob(60_000) for i in range(1, 8)},
    }
    record = {
        "target": {"url_entered": "https://example.test/", "final_url": "https://example.test/"},
        "time": {"started_utc": "2026-01-01T00:00:00.000000Z"},
        "case": {"reference": f"BENCH-{number}"},
    }
    response = CapturedResponse(
        "https://example.test/",
        200,
        "OK",
        [("Content-Type", "text/html")],
        html,
        "2026-01-01T00:00:00.000000Z",
        "127.0.0.1",
    )
    pages = [{"url": "https://example.test/", "ts": "2026-01-01T00:00:00Z", "title": "bench"}]
    return Capture(record=record, files=files, responses=[response], pages=pages)


def bench_sealing(count: int) -> None:
    key = keys.generate_key()
    log = MemoryCustodyLog("bench.wangjian/evidence-log", key)
    captures = [synthetic_capture(number) for number in range(count)]
    total_bytes = sum(
        sum(len(data) for data in c.files.values()) + len(c.responses[0].body) for c in captures
    )
    with LocalTimestampAuthority() as tsa:
        started = time.perf_counter()
        for number, capture in enumerate(captures):
            seal_capture(
                capture,
                bundle_id=f"EV-BENCH-{number:06d}",
                key=key,
                timestamp=lambda data: request_timestamp(tsa.url, data),
                log_seal=log.log_seal,
                software_version="bench",
            )
        sealing = time.perf_counter() - started
    started = time.perf_counter()
    for capture in captures:
        for data in capture.files.values():
            hashlib.sha256(data).digest()
        hashlib.sha256(capture.responses[0].body).digest()
    baseline = time.perf_counter() - started
    print(f"seal-and-log: {count} bundles, {total_bytes / count / 1e6:.2f} MB each")
    each, bare = sealing / count * 1e3, baseline / count * 1e3
    print(f"  throughput            {count / sealing:10.1f} bundles/s ({each:.1f} ms each)")
    print(f"  baseline bare SHA-256 {count / baseline:10.1f} bundles/s ({bare:.2f} ms each)")
    print(f"  ratio seal / SHA-256  {sealing / baseline:10.1f}x")


def bench_log(leaves: int) -> None:
    entries = [
        canonical_json({"type": "access", "bundle": f"EV-2026-{n % 100000:06d}", "n": n})
        for n in range(leaves)
    ]
    started = time.perf_counter()
    for entry in entries:
        hashlib.sha256(entry).digest()
    baseline = time.perf_counter() - started

    tree = MemoryTree()
    started = time.perf_counter()
    for entry in entries:
        tree.append(leaf_hash(entry))
    appending = time.perf_counter() - started
    root = tree.root()

    generator = random.Random(7)
    samples = 1000
    inclusion_times, verify_times = [], []
    for _ in range(samples):
        index = generator.randrange(leaves)
        started = time.perf_counter()
        proof = tree.inclusion_proof(index)
        inclusion_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert verify_inclusion(tree.node(0, index), index, leaves, proof, root)
        verify_times.append(time.perf_counter() - started)
    consistency_times = []
    for _ in range(100):
        first = generator.randrange(1, leaves)
        started = time.perf_counter()
        proof = tree.consistency_proof(first)
        consistency_times.append(time.perf_counter() - started)
        assert verify_consistency(first, tree.root(first), leaves, root, proof)
    one_hash = baseline / leaves
    print(f"custody log at {leaves:,} leaves (in memory, RFC 6962)")
    print(
        f"  append                {appending / leaves * 1e6:8.2f} µs/leaf ({appending:.1f} s total)"
    )
    print(f"  baseline bare SHA-256 {one_hash * 1e6:8.2f} µs/entry ({baseline:.2f} s total)")
    print(f"  ratio append / SHA-256 {appending / baseline:7.1f}x")
    for label, times in (
        ("inclusion proof", inclusion_times),
        ("inclusion verify", verify_times),
        ("consistency proof", consistency_times),
    ):
        median = statistics.median(times)
        print(f"  {label:21s} {median * 1e6:8.1f} µs median ({median / one_hash:.0f}x one SHA-256)")


def bench_database_log(leaves: int) -> None:
    """The custody log as deployed: proofs and appends against the database at ``leaves``."""
    from _setup import setup_database

    backend = setup_database("evidence")
    from django.db import transaction

    from wangjian.evidence import custody
    from wangjian.evidence.models import CustodyLogEntry, CustodyLogHead, CustodyLogNode

    started = time.perf_counter()
    tree = MemoryTree()
    entries, nodes = [], []
    for n in range(leaves):
        data = canonical_json({"type": "access", "bundle": f"EV-2026-{n % 100000:06d}", "n": n})
        for level, position, digest in tree.append(leaf_hash(data)):
            nodes.append(CustodyLogNode(level=level, position=position, hash=digest))
        entries.append(
            CustodyLogEntry(
                index=n,
                event_type="access",
                bundle_id=f"EV-2026-{n % 100000:06d}",
                data=data.decode(),
                leaf_hash=tree.node(0, n).hex(),
            )
        )
        if len(entries) >= 20000:
            CustodyLogEntry.objects.bulk_create(entries)
            CustodyLogNode.objects.bulk_create(nodes)
            entries, nodes = [], []
    CustodyLogEntry.objects.bulk_create(entries)
    CustodyLogNode.objects.bulk_create(nodes)
    CustodyLogHead.objects.update_or_create(pk=1, defaults={"size": leaves})
    print(
        f"custody log in the database ({backend}), loaded {leaves:,} leaves in "
        f"{time.perf_counter() - started:.0f} s"
    )

    sample = canonical_json({"type": "access", "bundle": "EV-2026-000001", "n": -1})
    started = time.perf_counter()
    for _ in range(10000):
        hashlib.sha256(sample).digest()
    one_hash = (time.perf_counter() - started) / 10000

    generator = random.Random(11)
    proof_times = []
    for _ in range(200):
        index = generator.randrange(leaves)
        started = time.perf_counter()
        proof = custody.inclusion_proof(index, leaves)
        proof_times.append(time.perf_counter() - started)
        assert proof == tree.inclusion_proof(index, leaves)
    append_times = []
    for n in range(200):
        started = time.perf_counter()
        with transaction.atomic():
            row = custody.append_entry({"type": "access", "bundle": "EV-2026-000001", "n": n})
        append_times.append(time.perf_counter() - started)
        tree.append(bytes.fromhex(row.leaf_hash))
    assert custody.root() == tree.root()
    consistency_times = []
    size = custody.log_size()
    for _ in range(50):
        first = generator.randrange(1, size)
        started = time.perf_counter()
        proof = custody.consistency_proof(first, size)
        consistency_times.append(time.perf_counter() - started)
    for label, times in (
        ("append (own transaction)", append_times),
        ("inclusion proof", proof_times),
        ("consistency proof", consistency_times),
    ):
        median = statistics.median(times)
        print(
            f"  {label:24s} {median * 1e3:8.2f} ms median ({median / one_hash:,.0f}x one SHA-256)"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=30)
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--database-leaves", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print("sealing and the in-memory log use no database; the last section names its database")
    bench_sealing(args.bundles)
    bench_log(args.leaves)
    if args.database_leaves:
        bench_database_log(args.database_leaves)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
