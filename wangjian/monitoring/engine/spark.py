"""The Spark runner: a distributed scan that reads, scans and writes on the executors.

``scan_dataset`` reads a file, a directory or a glob, on a local path or any Hadoop-compatible URI
(hdfs://, s3a://…), and scans it in ``mapInArrow`` on the executors, whose Python workers build
the engine once from the rule pack the driver ships once with ``SparkContext.addFile``.

JSONL is read one of three ways (``spark_executor`` has the executor side), all with the local
engine's line numbers:

- local files (``ranges``, the default): the driver cuts each file into byte ranges; a first,
  cheap job moves every range to a line start and counts its lines (a few numbers per range come
  back), then each task reads and decodes its range itself, as the local reader does, each line's
  number known.
  The JVM never decodes or converts a line.
- files none larger than a split (``whole_files``, on request): ``binaryFile`` hands each task
  whole files, whose lines are numbered from 1.
- on request and for inputs the others cannot read (``text``): Spark's line reader. A line's
  number is not known inside its split, so each split reports its row count, the driver turns
  the counts into each split's first line per file (Hadoop's line reader gives each line to
  exactly one split, in byte order) and a broadcast join adds it before the write.

Parquet is read by Spark; a row's number is ``_metadata.row_index`` plus one, as locally.

With ``second_stage=True`` the pack's learned model runs after the rules on the executors, as in
``scan_file(second_stage=True)`` and the platform's feed.

Findings are written by the executors as Parquet partitioned by rule family; malformed records
go to a second Parquet directory with their file, line, field and the rule broken. With the
byte-range and whole-file readers and a local (or shared, mounted) output directory, each task
writes its own files with pyarrow and sends back only one count row per range: the JVM neither
converts, caches nor writes a finding. Otherwise (the text reader, an output URI such as s3a://)
the scan's output is cached and Spark's writer writes it. Either way the summary's counts come
back with the tasks (accumulators); nothing else reaches the driver.

``scan_with_spark`` keeps the command line's file-to-file contract (``wangjian scan --engine
spark --out findings.jsonl``): it runs ``scan_dataset`` into a temporary directory and streams the
findings back in input order; at scale, give ``--out`` a directory or URI and nothing is collected.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import spark_executor as executor
from .records import FINDING_FIELDS, Finding, RecordError
from .rules import RulePack

# Splits of at most this size keep two or more cores evenly busy on a single large file (Spark's
# default of 128 MB gives a 200 MB file two unequal tasks).
MAX_SPLIT_BYTES = 16 * 1024 * 1024

FINDING_OUTPUT_COLUMNS = executor.FINDING_OUTPUT_COLUMNS


class SparkUnavailable(RuntimeError):
    pass


@dataclass
class DatasetSummary:
    records: int = 0
    malformed: int = 0
    findings: int = 0
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_family: dict[str, int] = field(default_factory=dict)
    findings_uri: str = ""
    malformed_uri: str = ""


def input_format_of(uri: str) -> str:
    """``parquet`` when the path names Parquet, else ``jsonl`` (a directory of either: by name)."""
    lowered = uri.rstrip("/").lower()
    if lowered.endswith(".parquet") or "parquet" in lowered.rsplit("/", 1)[-1]:
        return "parquet"
    return "jsonl"


def spark_session(master: str | None, app_name: str = "wangjian-scan", config: dict | None = None):
    """A SparkSession on ``master`` (``local[*]`` by default) whose workers run this Python.

    ``config``: further Spark settings (JVM options, Arrow batch size), applied last; options of
    the JVM itself take effect only when this call starts it."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkUnavailable(
            "未安装 PySpark：请安装 wangjian[spark]（pyspark、pandas）/ PySpark is not installed: "
            f"install wangjian[spark] (pyspark, pandas) ({error})"
        ) from None
    # py4j logs at INFO from finalizers, after pytest or rich have closed their streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master or "local[*]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.files.maxPartitionBytes", str(MAX_SPLIT_BYTES))
        .config("spark.python.worker.reuse", "true")
    )
    for key, value in (config or {}).items():
        builder = builder.config(key, str(value))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _ship_pack(session, pack: RulePack) -> str:
    """Send the pack directory to every executor once per session; return its SparkFiles name."""
    context = session.sparkContext
    shipped = getattr(context, "_wangjian_packs", None)
    if shipped is None:
        shipped = context._wangjian_packs = set()
    directory = str(pack.directory)
    if directory not in shipped:
        context.addFile(directory, recursive=True)
        shipped.add(directory)
    return Path(directory).name


def _input_files(session, input_uri: str) -> list[tuple[str, str | None, int]]:
    """The files Spark's text reader would read, as ``(Spark's name, local path or None, size)``;
    listed on the driver through Hadoop's file system, so any URI works and no job runs."""
    jvm = session._jvm
    configuration = session._jsc.hadoopConfiguration()
    files = []
    for name in session.read.text(input_uri).inputFiles():
        path = jvm.org.apache.hadoop.fs.Path(jvm.java.net.URI(name))
        size = path.getFileSystem(configuration).getFileStatus(path).getLen()
        location = path.toUri()
        local = location.getPath() if location.getScheme() in (None, "file") else None
        files.append((path.toString(), local, size))
    return sorted(files)


# With the tasks writing their own output, the byte-range reader leaves the JVM a fifth or less of
# the CPU the text reader and Spark's writer cost it (docs/monitoring.md, fourth attempt), so it is
# the default; inputs it cannot read fall back to whole files, then to Spark's text reader.
DEFAULT_JSONL_READER = "ranges"
# None picks the tasks' own writer where it applies, else Spark's.
WRITERS = (None, "executors", "spark")


def jsonl_reader_for(files, split_bytes: int, wanted: str = DEFAULT_JSONL_READER) -> str:
    """The reader to use: ``ranges`` needs local files, ``whole_files`` files no larger than a
    split; otherwise the next one down, ending at ``text`` (Spark's line reader)."""
    if wanted == "ranges" and any(local is None for _name, local, _size in files):
        wanted = "whole_files"
    if wanted == "whole_files" and any(size > split_bytes for _name, _local, size in files):
        wanted = "text"
    return wanted


def _plan_ranges(files, split_bytes: int, parallelism: int) -> list[tuple[str, str, int, int, int]]:
    """Nominal byte ranges of at most ``split_bytes``, as many as a multiple of the cores so that
    none is left waiting for the last range."""
    total = sum(size for _name, _local, size in files)
    count = max(1, -(-total // split_bytes))
    count = -(-count // parallelism) * parallelism
    range_bytes = max(1, -(-total // count))
    return [
        (name, local, start, min(start + range_bytes, size), size)
        for name, local, size in files
        for start in range(0, size, range_bytes)
    ]


def _scan_local_ranges(session, files, pack_name, pack_directory, counts, second_stage, task_files):
    """Two jobs: a cheap one aligns the ranges to line starts and counts their lines (a few bytes
    per range come back), then the scan, every line number known in its task."""
    split_bytes = session._jsparkSession.sessionState().conf().filesMaxPartitionBytes()
    nominal = _plan_ranges(files, split_bytes, session.sparkContext.defaultParallelism)
    aligned = (
        session.range(0, len(nominal), 1, len(nominal))
        .mapInArrow(executor.align_ranges(nominal), executor.ALIGNED_SCHEMA)
        .collect()
    )
    ranges, next_line = [], {}
    for row in sorted(aligned, key=lambda row: row.range):
        name, local, *_ = nominal[row.range]
        first_line = next_line.get(name, 1)
        next_line[name] = first_line + row.lines
        if row.end > row.start:
            ranges.append((name, local, row.start, row.end, first_line))
    if not ranges:
        return None
    scan = executor.scan_ranges(ranges, pack_name, pack_directory, counts, second_stage, task_files)
    return session.range(0, len(ranges), 1, len(ranges)).mapInArrow(scan, executor.SCAN_SCHEMA)


def _scan_split_rows(
    session, input_uri, source_format, pack_name, pack_directory, counts, second_stage
):
    """Spark's own reader: Parquet rows (numbered by ``_metadata.row_index``) or JSONL text rows
    (numbered within their split; the driver places them afterwards)."""
    from pyspark.sql import functions as F

    if source_format == "parquet":
        frame = session.read.parquet(input_uri)
        present = [name for name in executor.RECORD_COLUMNS if name in frame.columns]
        frame = frame.select(
            *present,
            F.col("_metadata.file_path").alias("input_file"),
            F.col("_metadata.file_block_start").alias("split_start"),
            F.col("_metadata.row_index").alias("row_index"),
        )
    else:
        frame = session.read.text(input_uri).select(
            "value",
            F.col("_metadata.file_path").alias("input_file"),
            F.col("_metadata.file_block_start").alias("split_start"),
        )
    scan = executor.scan_rows(pack_name, pack_directory, source_format, counts, second_stage)
    return frame.mapInArrow(scan, executor.SCAN_SCHEMA)


def _place_text_lines(session, scanned):
    """Text rows: each split's row count comes back (one small row per split), the driver turns
    the counts into each split's first line per file (Hadoop's line reader gives every line to
    exactly one split, in byte order) and a broadcast join adds it."""
    from pyspark.sql import functions as F

    counts = (
        scanned.filter(F.col("kind") == executor.KIND_SPLIT)
        .select("input_file", "split_start", "rows")
        .collect()
    )
    by_file: dict[str, list] = defaultdict(list)
    for row in counts:
        by_file[row.input_file].append((row.split_start, row.rows))
    first_lines = []
    for input_file, starts in by_file.items():
        line = 1
        for start, rows in sorted(starts):
            first_lines.append((input_file, start, line))
            line += rows
    offsets = session.createDataFrame(
        first_lines, "input_file string, split_start long, first_line long"
    )
    placed = scanned.join(F.broadcast(offsets), ["input_file", "split_start"], "left")
    return placed.withColumn("line", F.col("line") + F.col("first_line")).drop("first_line")


def _local_directory(uri: str) -> str | None:
    """The local path of a ``file:`` URI (or a plain path), else None."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri if not parsed.scheme else None


def _prepare_output(directory: str, overwrite: bool) -> tuple[str, str]:
    """The findings and malformed directories under ``directory``, made empty; existing ones
    are refused unless ``overwrite``, as Spark's writer does."""
    import shutil

    findings, malformed = os.path.join(directory, "findings"), os.path.join(directory, "malformed")
    for location in (findings, malformed):
        if os.path.exists(location):
            if not overwrite:
                raise FileExistsError(
                    f"输出位置已存在：{location} / the output location already exists: {location}"
                )
            shutil.rmtree(location)
    os.makedirs(findings)
    os.makedirs(malformed)
    return findings, malformed


def scan_dataset(
    input_uri: str,
    output_uri: str,
    pack: RulePack,
    *,
    session,
    source_format: str | None = None,
    overwrite: bool = False,
    jsonl_reader: str | None = None,
    second_stage: bool = False,
    writer: str | None = None,
) -> DatasetSummary:
    """Scan ``input_uri`` on Spark and write findings to ``output_uri``/findings (Parquet).

    ``jsonl_reader`` (the default ``ranges``, ``whole_files`` or ``text``) picks how JSONL is
    read where the input allows it; all three give the same output. ``second_stage``: the
    pack's learned model runs after the rules on the executors, as in ``scan_file``.
    ``writer``: ``executors`` (the default where it applies: the byte-range or whole-file reader
    and a local output directory) has each task write its own Parquet files with pyarrow and
    send only its counts back; ``spark`` has Spark's writer write the scan's cached output."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from .runner import required_second_stage

    if second_stage:
        required_second_stage(pack)  # refused on the driver, before any job runs
    if writer not in WRITERS:
        raise ValueError(
            f"writer：{writer!r} 不在允许的取值 {list(WRITERS[1:])} 中 / "
            f"writer: {writer!r} is not one of {list(WRITERS[1:])}"
        )

    source_format = source_format or input_format_of(input_uri)
    pack_name, pack_directory = _ship_pack(session, pack), str(pack.directory)
    reader = "rows"
    counts = session.sparkContext.accumulator({}, executor.RangeCounts())
    if source_format == "jsonl" and (jsonl_reader or DEFAULT_JSONL_READER) == "text":
        reader = "text"
    elif source_format == "jsonl":
        files = _input_files(session, input_uri)
        split_bytes = session._jsparkSession.sessionState().conf().filesMaxPartitionBytes()
        reader = jsonl_reader_for(files, split_bytes, jsonl_reader or DEFAULT_JSONL_READER)
    local_output = _local_directory(output_uri)
    task_files = None
    if writer != "spark" and reader in ("ranges", "whole_files") and local_output is not None:
        import uuid

        findings_directory, malformed_directory = _prepare_output(local_output, overwrite)
        task_files = executor.TaskFiles(
            findings_directory, malformed_directory, uuid.uuid4().hex[:12]
        )
    if reader == "ranges":
        scanned = _scan_local_ranges(
            session, files, pack_name, pack_directory, counts, second_stage, task_files
        )
        if scanned is None:  # nothing but empty files
            scanned = session.createDataFrame([], executor.SCAN_SCHEMA)
    elif reader == "whole_files":
        scan = executor.scan_whole_files(
            pack_name, pack_directory, counts, second_stage, task_files
        )
        scanned = (
            session.read.format("binaryFile")
            .load(input_uri)
            .select("path", "content")
            .mapInArrow(scan, executor.SCAN_SCHEMA)
        )
    else:
        scanned = _scan_split_rows(
            session, input_uri, source_format, pack_name, pack_directory, counts, second_stage
        )
    if task_files is not None:
        # The tasks wrote their files; what comes back is one count row per range or file.
        scanned.collect()
        for directory in (task_files.findings_directory, task_files.malformed_directory):
            Path(directory, "_SUCCESS").touch()
        return _summary(
            counts.value,
            output_uri.rstrip("/") + "/findings",
            output_uri.rstrip("/") + "/malformed",
        )
    # The scan's output (findings, malformed records, counts) is small beside its input; kept so
    # that the writes and the summary do not scan again.
    scanned = scanned.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        placed = scanned
        if reader == "text":
            placed = _place_text_lines(session, scanned)
        mode = "overwrite" if overwrite else "errorifexists"
        findings_uri = output_uri.rstrip("/") + "/findings"
        malformed_uri = output_uri.rstrip("/") + "/malformed"
        findings = placed.filter(F.col("kind") == executor.KIND_FINDING)
        findings.select(*FINDING_OUTPUT_COLUMNS).write.mode(mode).partitionBy("family").parquet(
            findings_uri
        )
        placed.filter(F.col("kind") == executor.KIND_MALFORMED).select(
            "input_file", "line", "error_field", "error_zh", "error_en"
        ).write.mode(mode).parquet(malformed_uri)
        # The counts came back with the tasks of the first write (accumulators), so the summary
        # needs no job of its own.
        return _summary(counts.value, findings_uri, malformed_uri)
    finally:
        scanned.unpersist()


def _summary(counts: dict, findings_uri: str, malformed_uri: str) -> DatasetSummary:
    records, malformed, findings = executor.summed(counts)
    verdicts: dict[str, int] = defaultdict(int)
    families: dict[str, int] = defaultdict(int)
    for (family, verdict), count in findings.items():
        verdicts[verdict] += count
        families[family] += count
    return DatasetSummary(
        records=records,
        malformed=malformed,
        findings=sum(findings.values()),
        by_verdict=dict(sorted(verdicts.items())),
        by_family=dict(sorted(families.items())),
        findings_uri=findings_uri,
        malformed_uri=malformed_uri,
    )


def read_findings(findings_uri: str) -> list[Finding]:
    """The findings of a local ``scan_dataset`` output, in input order (file, line, sequence)."""
    import pyarrow.dataset

    table = pyarrow.dataset.dataset(findings_uri, format="parquet", partitioning="hive").to_table()
    rows = sorted(
        table.to_pylist(), key=lambda row: (row["input_file"], row["line"], row["sequence"])
    )
    return [
        Finding(
            **{name: row[name] for name in FINDING_FIELDS if name != "legal_basis"},
            legal_basis=tuple(row["legal_basis"]),
        )
        for row in rows
    ]


def read_malformed(malformed_uri: str) -> list[RecordError]:
    import pyarrow.dataset

    table = pyarrow.dataset.dataset(malformed_uri, format="parquet").to_table()
    rows = sorted(table.to_pylist(), key=lambda row: (row["input_file"], row["line"]))
    return [
        RecordError(row["line"], row["error_field"], row["error_zh"], row["error_en"])
        for row in rows
    ]


def scan_with_spark(
    input_path: Path,
    pack: RulePack,
    *,
    master: str | None = None,
    session=None,
    on_error=lambda error: None,
    second_stage: bool = False,
) -> tuple[Iterator[Finding], DatasetSummary]:
    """Scan one local file on Spark; return its findings in input order and the summary."""
    if Path(input_path).suffix.lower() not in (".jsonl", ".ndjson", ".json", ".parquet"):
        raise SparkUnavailable(
            "Spark 引擎读取 JSONL 或 Parquet；CSV 请用本地引擎 / the Spark engine reads JSONL or "
            "Parquet; scan CSV with the local engine"
        )
    own_session = session is None
    session = session or spark_session(master)
    try:
        with tempfile.TemporaryDirectory(prefix="wangjian-spark-") as output:
            summary = scan_dataset(
                Path(input_path).resolve().as_uri(),
                Path(output).as_uri(),
                pack,
                session=session,
                source_format="parquet" if Path(input_path).suffix == ".parquet" else "jsonl",
                second_stage=second_stage,
            )
            for error in read_malformed(str(Path(output) / "malformed")):
                on_error(error)
            findings = read_findings(str(Path(output) / "findings"))
        return iter(findings), summary
    finally:
        if own_session:
            session.stop()
