"""Running a scan over an input file: locally (optionally in worker processes) or on Spark.

Both runners use the same engine on the same records and emit findings in input order, so their
outputs are identical. Malformed records never stop a run; they are counted and reported.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .engine import Engine
from .files import read_records
from .records import Finding, Record, RecordError
from .rules import RulePack, load_rule_pack

CHUNK_RECORDS = 2000


@dataclass
class ScanSummary:
    records: int = 0
    malformed: int = 0
    findings: int = 0
    by_verdict: Counter = field(default_factory=Counter)
    by_family: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    rule_pack: str = ""

    def as_dict(self) -> dict:
        return {
            "records": self.records,
            "malformed": self.malformed,
            "findings": self.findings,
            "by_verdict": dict(sorted(self.by_verdict.items())),
            "by_family": dict(sorted(self.by_family.items())),
            "seconds": round(self.seconds, 3),
            "rule_pack": self.rule_pack,
        }


_WORKER_ENGINES: dict[str, Engine] = {}


def _engine_for(pack_directory: str) -> Engine:
    """One engine per process and pack, built on first use (worker processes, Spark executors)."""
    engine = _WORKER_ENGINES.get(pack_directory)
    if engine is None:
        engine = Engine(pack_directory)
        _WORKER_ENGINES[pack_directory] = engine
    return engine


def _scan_chunk(arguments: tuple[str, list[Record]]) -> list[list[Finding]]:
    pack_directory, records = arguments
    return [findings for _, findings in _engine_for(pack_directory).scan_many(records)]


def _valid_records(
    items: Iterable[tuple[int, Record | RecordError]],
    summary: ScanSummary,
    on_error: Callable[[RecordError], None],
    on_record: Callable[[int], None],
) -> Iterator[Record]:
    for _, item in items:
        on_record(1)
        if isinstance(item, RecordError):
            summary.malformed += 1
            on_error(item)
            continue
        summary.records += 1
        yield item


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while True:
        chunk = list(islice(records, size))
        if not chunk:
            return
        yield chunk


def scan_file(
    input_path: Path,
    emit: Callable[[Finding], None],
    *,
    pack: str | Path | None = None,
    workers: int = 1,
    engine: str = "local",
    master: str | None = None,
    on_error: Callable[[RecordError], None] = lambda error: None,
    on_record: Callable[[int], None] = lambda count: None,
) -> ScanSummary:
    """Scan every record of ``input_path``, calling ``emit`` for each finding in input order."""
    started = time.perf_counter()
    rule_pack: RulePack = load_rule_pack(pack)
    summary = ScanSummary(rule_pack=rule_pack.label)
    records = _valid_records(
        read_records(input_path, rule_pack.category_aliases), summary, on_error, on_record
    )

    def record(finding: Finding) -> None:
        summary.findings += 1
        summary.by_verdict[finding.verdict] += 1
        summary.by_family[finding.family] += 1
        emit(finding)

    if engine == "spark":
        from .spark import scan_with_spark

        # Spark reads the file itself on the executors; only the findings come back, in order.
        findings, dataset = scan_with_spark(input_path, rule_pack, master=master, on_error=on_error)
        summary.records, summary.malformed = dataset.records, dataset.malformed
        on_record(dataset.records + dataset.malformed)
        for finding in findings:
            record(finding)
    elif workers <= 1:
        scanner = Engine(rule_pack)
        for _, findings in scanner.scan_many(records):
            for finding in findings:
                record(finding)
    else:
        import multiprocessing

        pack_directory = str(rule_pack.directory)
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers) as pool:
            chunks = ((pack_directory, chunk) for chunk in _chunks(records, CHUNK_RECORDS))
            for chunk_findings in pool.imap(_scan_chunk, chunks):
                for findings in chunk_findings:
                    for finding in findings:
                        record(finding)
    summary.seconds = time.perf_counter() - started
    return summary
