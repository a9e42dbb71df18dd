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
from .second_stage import MODEL_FILE, SecondStage

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
_WORKER_STAGES: dict[str, SecondStage] = {}


def _engine_for(pack_directory: str) -> Engine:
    """One engine per process and pack, built on first use (worker processes, Spark executors)."""
    engine = _WORKER_ENGINES.get(pack_directory)
    if engine is None:
        engine = Engine(pack_directory)
        _WORKER_ENGINES[pack_directory] = engine
    return engine


def required_second_stage(pack: RulePack) -> SecondStage:
    """The pack's second stage; a clear error when the pack ships no model."""
    stage = SecondStage.for_pack(pack)
    if stage is None:
        raise FileNotFoundError(
            f"规则包 {pack.label} 没有第二阶段模型（{MODEL_FILE}）/ rule pack {pack.label} has no "
            f"second-stage model ({MODEL_FILE})"
        )
    return stage


def _stage_for(pack_directory: str) -> SecondStage:
    """One second stage per process and pack, like ``_engine_for``."""
    stage = _WORKER_STAGES.get(pack_directory)
    if stage is None:
        stage = required_second_stage(_engine_for(pack_directory).pack)
        _WORKER_STAGES[pack_directory] = stage
    return stage


def scanner_for(pack_directory: str, second_stage: bool = False):
    """``scan_many`` of the process's engine, followed by the second stage when asked for."""
    scan_many = _engine_for(pack_directory).scan_many
    if not second_stage:
        return scan_many
    apply = _stage_for(pack_directory).apply
    return lambda records: apply(scan_many(records))


def _scan_chunk(arguments: tuple[str, bool, list[Record]]) -> list[list[Finding]]:
    pack_directory, second_stage, records = arguments
    return [findings for _, findings in scanner_for(pack_directory, second_stage)(records)]


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
    second_stage: bool = False,
) -> ScanSummary:
    """Scan every record of ``input_path``, calling ``emit`` for each finding in input order.

    ``second_stage``: the pack's learned model adds its ``needs_review`` findings, as the
    platform's feed does (an error if the pack has none)."""
    started = time.perf_counter()
    rule_pack: RulePack = load_rule_pack(pack)
    stage = required_second_stage(rule_pack) if second_stage else None
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
        findings, dataset = scan_with_spark(
            input_path, rule_pack, master=master, on_error=on_error, second_stage=second_stage
        )
        summary.records, summary.malformed = dataset.records, dataset.malformed
        on_record(dataset.records + dataset.malformed)
        for finding in findings:
            record(finding)
    elif workers <= 1:
        scanned = Engine(rule_pack).scan_many(records)
        for _, findings in stage.apply(scanned) if stage else scanned:
            for finding in findings:
                record(finding)
    else:
        import multiprocessing

        pack_directory = str(rule_pack.directory)
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers) as pool:
            chunks = (
                (pack_directory, second_stage, chunk) for chunk in _chunks(records, CHUNK_RECORDS)
            )
            for chunk_findings in pool.imap(_scan_chunk, chunks):
                for findings in chunk_findings:
                    for finding in findings:
                        record(finding)
    summary.seconds = time.perf_counter() - started
    return summary
