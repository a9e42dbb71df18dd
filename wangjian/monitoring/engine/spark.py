"""The Spark runner: a distributed scan that reads, scans and writes on the executors.

``scan_dataset`` is one Spark job end to end:

- the input is read by Spark itself (``spark.read.text`` for JSONL, ``spark.read.parquet``), from
  a file, a directory or a glob, on a local path or any Hadoop-compatible URI (hdfs://, s3a://…);
- each executor's Python worker builds the engine once from the rule pack, which the driver ships
  once with ``SparkContext.addFile`` (so executors need only the ``wangjian`` package, not the
  pack at the same path), and scans its splits inside ``mapInArrow``;
- findings are written by the executors as Parquet partitioned by rule family; malformed records
  go to a second Parquet directory with their file, line, field and the rule broken. Nothing but
  per-split row counts and the summary's aggregates comes back to the driver.

Line numbers match the local engine's exactly. A JSONL line's number is not known inside its
split, so each split reports its row count beside its findings (one pass over the data), the
driver turns the counts into each split's first line per file (the splits of a file are ordered
by their byte offset, and Hadoop's line reader gives each line to exactly one split), and a
broadcast join adds the offset before the write. A Parquet row's number is Spark's own
``_metadata.row_index`` plus one, as in the local reader.

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

from .records import FINDING_FIELDS, Finding, RecordError
from .rules import RulePack

# Splits of at most this size keep two or more cores evenly busy on a single large file (Spark's
# default of 128 MB gives a 200 MB file two unequal tasks).
MAX_SPLIT_BYTES = 16 * 1024 * 1024

RECORD_COLUMNS = (
    "id", "text", "source_type", "category", "shop_id", "title", "price", "comparison_price",
    "display_price", "price_history", "date", "observed_on", "uscc", "registered_name",
    "displayed_name", "url",
)  # fmt: skip

KIND_FINDING, KIND_MALFORMED, KIND_SPLIT = "finding", "malformed", "split"

# What each executor sends back: findings, malformed records and one row per split with its row
# count. ``line`` is the row's position within its split (JSONL) or its final number (Parquet).
SCAN_SCHEMA = (
    "kind string, input_file string, split_start long, line long, id string, rule string, "
    "family string, verdict string, legal_basis array<string>, start int, end int, "
    "match string, explanation string, field string, severity string, context string, "
    "shop_id string, source_type string, rule_pack string, sequence int, "
    "error_field string, error_zh string, error_en string, rows long, records long"
)
FINDING_OUTPUT_COLUMNS = (*FINDING_FIELDS, "sequence", "input_file")


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


def spark_session(master: str | None, app_name: str = "wangjian-scan"):
    """A SparkSession on ``master`` (``local[*]`` by default) whose workers run this Python."""
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
    session = (
        SparkSession.builder.master(master or "local[*]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.files.maxPartitionBytes", str(MAX_SPLIT_BYTES))
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
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


def _executor_engine(pack_name: str, pack_directory: str):
    from pyspark import SparkFiles

    from .runner import _engine_for

    shipped = SparkFiles.get(pack_name)
    return _engine_for(shipped if os.path.isdir(shipped) else pack_directory)


def _scan_rows(pack_name: str, pack_directory: str, source_format: str):
    """The function run by ``mapInArrow``: parse and scan the rows of the executor's splits."""

    def scan(batches):
        import json

        import pyarrow

        from .records import parse_record

        engine = _executor_engine(pack_name, pack_directory)
        output_names, output_schema = _output_schema()
        aliases = engine.pack.category_aliases
        columns: dict[str, list] = {name: [] for name in output_names}
        split_rows: dict[tuple[str, int], int] = defaultdict(int)
        split_records: dict[tuple[str, int], int] = defaultdict(int)

        def add(**values):
            for name in output_names:
                columns[name].append(values.get(name))

        def flush():
            batch = pyarrow.RecordBatch.from_pydict(columns, schema=output_schema)
            for values in columns.values():
                values.clear()
            return batch

        loads, decode_error = json.loads, json.JSONDecodeError
        jsonl = source_format == "jsonl"
        for batch in batches:
            for input_file, start, run in _runs(batch):
                key = (input_file, start)
                if jsonl:
                    first = split_rows[key]
                    raws = run.column("value").to_pylist()
                    lines = range(first, first + len(raws))
                else:
                    record_columns = [name for name in RECORD_COLUMNS if name in run.schema.names]
                    raws = run.select(record_columns).to_pylist()
                    lines = [index + 1 for index in run.column("row_index").to_pylist()]
                split_rows[key] += len(raws)
                records = []
                for raw, line in zip(raws, lines, strict=True):
                    if jsonl:
                        if not raw or raw.isspace():
                            continue
                        try:
                            raw = loads(raw)
                        except decode_error:
                            # The local reader decodes the line with its line break; so must
                            # this, or an unterminated string is described differently.
                            error = _json_error(raw + "\n")
                            add(
                                kind=KIND_MALFORMED, input_file=input_file, split_start=start,
                                line=line, error_field="(JSON)",
                                error_zh=f"不是有效的 JSON：{error.msg}",
                                error_en=f"not valid JSON: {error.msg}",
                            )  # fmt: skip
                            continue
                    try:
                        records.append(parse_record(raw, line, aliases))
                    except RecordError as error:
                        add(
                            kind=KIND_MALFORMED, input_file=input_file, split_start=start,
                            line=line, error_field=error.field_name, error_zh=error.zh,
                            error_en=error.en,
                        )  # fmt: skip
                split_records[key] += len(records)
                for _record, findings in engine.scan_many(records):
                    for sequence, finding in enumerate(findings):
                        add(
                            kind=KIND_FINDING, input_file=input_file, split_start=start,
                            sequence=sequence,
                            **{name: getattr(finding, name) for name in FINDING_FIELDS},
                        )  # fmt: skip
            if columns["kind"]:
                yield flush()
        for (input_file, start), rows in split_rows.items():
            add(
                kind=KIND_SPLIT, input_file=input_file, split_start=start, rows=rows,
                records=split_records[(input_file, start)],
            )  # fmt: skip
        if columns["kind"]:
            yield flush()

    return scan


def _runs(batch):
    """Split an Arrow batch into runs of rows from one split (usually the whole batch)."""
    files, starts = batch.column("input_file"), batch.column("split_start")
    last = batch.num_rows - 1
    if last < 0:
        return
    if files[0] == files[last] and starts[0] == starts[last]:
        # Rows of a split are contiguous, so equal ends mean one split throughout.
        yield files[0].as_py(), starts[0].as_py(), batch
        return
    file_values, start_values = files.to_pylist(), starts.to_pylist()
    begin = 0
    for index in range(1, batch.num_rows + 1):
        if index == batch.num_rows or (file_values[index], start_values[index]) != (
            file_values[begin],
            start_values[begin],
        ):
            yield file_values[begin], start_values[begin], batch.slice(begin, index - begin)
            begin = index


def _json_error(text: str):
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error
    raise AssertionError("the line decoded once its line break was put back")


def _output_schema():
    import pyarrow

    types = {
        "kind": pyarrow.string(), "input_file": pyarrow.string(),
        "split_start": pyarrow.int64(), "line": pyarrow.int64(),
        "legal_basis": pyarrow.list_(pyarrow.string()), "start": pyarrow.int32(),
        "end": pyarrow.int32(), "sequence": pyarrow.int32(), "rows": pyarrow.int64(),
        "records": pyarrow.int64(),
    }  # fmt: skip
    names = [part.strip().split(" ")[0] for part in SCAN_SCHEMA.split(", ")]
    return names, pyarrow.schema([(name, types.get(name, pyarrow.string())) for name in names])


def _read(session, input_uri: str, source_format: str):
    from pyspark.sql import functions as F

    if source_format == "parquet":
        frame = session.read.parquet(input_uri)
        present = [name for name in RECORD_COLUMNS if name in frame.columns]
        return frame.select(
            *present,
            F.col("_metadata.file_path").alias("input_file"),
            F.col("_metadata.file_block_start").alias("split_start"),
            F.col("_metadata.row_index").alias("row_index"),
        )
    return session.read.text(input_uri).select(
        "value",
        F.col("_metadata.file_path").alias("input_file"),
        F.col("_metadata.file_block_start").alias("split_start"),
    )


def scan_dataset(
    input_uri: str,
    output_uri: str,
    pack: RulePack,
    *,
    session,
    source_format: str | None = None,
    overwrite: bool = False,
) -> DatasetSummary:
    """Scan ``input_uri`` on Spark and write findings to ``output_uri``/findings (Parquet)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    source_format = source_format or input_format_of(input_uri)
    pack_name = _ship_pack(session, pack)
    scanned = (
        _read(session, input_uri, source_format)
        .mapInArrow(_scan_rows(pack_name, str(pack.directory), source_format), SCAN_SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        splits = scanned.filter(F.col("kind") == KIND_SPLIT).select(
            "input_file", "split_start", "rows", "records"
        )
        split_counts = splits.collect()  # one small row per split, never the data
        if source_format == "jsonl":
            first_line: dict[tuple[str, int], int] = {}
            by_file: dict[str, list] = defaultdict(list)
            for row in split_counts:
                by_file[row.input_file].append((row.split_start, row.rows))
            for input_file, starts in by_file.items():
                line = 1
                for start, rows in sorted(starts):
                    first_line[(input_file, start)] = line
                    line += rows
            offsets = session.createDataFrame(
                [(name, start, base) for (name, start), base in first_line.items()],
                "input_file string, split_start long, first_line long",
            )
            placed = scanned.filter(F.col("kind") != KIND_SPLIT).join(
                F.broadcast(offsets), ["input_file", "split_start"]
            )
            placed = placed.withColumn("line", F.col("line") + F.col("first_line"))
        else:
            placed = scanned.filter(F.col("kind") != KIND_SPLIT)
        mode = "overwrite" if overwrite else "errorifexists"
        findings_uri = output_uri.rstrip("/") + "/findings"
        malformed_uri = output_uri.rstrip("/") + "/malformed"
        findings = placed.filter(F.col("kind") == KIND_FINDING).select(*FINDING_OUTPUT_COLUMNS)
        findings.write.mode(mode).partitionBy("family").parquet(findings_uri)
        placed.filter(F.col("kind") == KIND_MALFORMED).select(
            "input_file", "line", "error_field", "error_zh", "error_en"
        ).write.mode(mode).parquet(malformed_uri)
        counts = scanned.groupBy("kind", "family", "verdict").count().collect()
        summary = DatasetSummary(
            records=sum(row.records for row in split_counts),
            findings_uri=findings_uri,
            malformed_uri=malformed_uri,
        )
        verdicts: dict[str, int] = defaultdict(int)
        families: dict[str, int] = defaultdict(int)
        for row in counts:
            if row.kind == KIND_MALFORMED:
                summary.malformed += row["count"]
            elif row.kind == KIND_FINDING:
                summary.findings += row["count"]
                verdicts[row.verdict] += row["count"]
                families[row.family] += row["count"]
        summary.by_verdict = dict(sorted(verdicts.items()))
        summary.by_family = dict(sorted(families.items()))
        return summary
    finally:
        scanned.unpersist()


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
            )
            for error in read_malformed(str(Path(output) / "malformed")):
                on_error(error)
            findings = read_findings(str(Path(output) / "findings"))
        return iter(findings), summary
    finally:
        if own_session:
            session.stop()
