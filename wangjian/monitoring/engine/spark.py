"""The Spark runner: the same engine inside ``mapInArrow`` on any Spark master.

The driver reads and checks the input (so malformed records are reported with their line
numbers exactly as in a local run), ships the valid records as Arrow batches, and each executor
scans its partitions with an engine built once per Python worker from the same rule pack. The
findings come back sorted by input line and by their order within the record, which is the
local runner's order, so both outputs are identical.

Executors need this package installed (``pip install wangjian[spark]``) and the rule pack at
the same path; with ``local[*]`` that is automatic.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator

from .records import FINDING_FIELDS, Finding, Record
from .rules import RulePack

SPARK_BATCH_RECORDS = 5000

RECORD_COLUMNS = (
    "id", "text", "source_type", "category", "shop_id", "title", "price", "comparison_price",
    "display_price", "price_history", "date", "uscc", "registered_name", "displayed_name", "line",
)  # fmt: skip
PRICE_COLUMNS = frozenset({"price", "comparison_price", "display_price"})

FINDING_SCHEMA = (
    "id string, rule string, family string, verdict string, legal_basis array<string>, "
    "start int, end int, match string, explanation string, field string, severity string, "
    "context string, shop_id string, source_type string, line long, rule_pack string, "
    "sequence int"
)


class SparkUnavailable(RuntimeError):
    pass


def _record_row(record: Record) -> dict:
    return {
        "id": record.id,
        "text": record.text,
        "source_type": record.source_type,
        "category": record.category,
        "shop_id": record.shop_id,
        "title": record.title,
        "price": record.price,
        "comparison_price": record.comparison_price,
        "display_price": record.display_price,
        "price_history": json.dumps(
            [{"date": point.on.isoformat(), "price": point.price} for point in record.price_history]
        ),
        "date": record.observed_on.isoformat() if record.observed_on else None,
        "uscc": record.uscc,
        "registered_name": record.registered_name,
        "displayed_name": record.displayed_name,
        "line": record.line,
    }


def _scan_partition(pack_directory: str):
    def scan(batches):
        import pyarrow

        from .records import parse_record
        from .runner import _engine_for

        engine = _engine_for(pack_directory)
        schema = None
        for batch in batches:
            records = [parse_record(row, row["line"]) for row in batch.to_pylist()]
            rows = []
            for _, findings in engine.scan_many(records):
                for sequence, finding in enumerate(findings):
                    row = finding.as_dict()
                    row["sequence"] = sequence
                    rows.append(row)
            if schema is None:
                schema = pyarrow.schema(
                    [
                        ("id", pyarrow.string()), ("rule", pyarrow.string()),
                        ("family", pyarrow.string()), ("verdict", pyarrow.string()),
                        ("legal_basis", pyarrow.list_(pyarrow.string())),
                        ("start", pyarrow.int32()), ("end", pyarrow.int32()),
                        ("match", pyarrow.string()), ("explanation", pyarrow.string()),
                        ("field", pyarrow.string()), ("severity", pyarrow.string()),
                        ("context", pyarrow.string()), ("shop_id", pyarrow.string()),
                        ("source_type", pyarrow.string()), ("line", pyarrow.int64()),
                        ("rule_pack", pyarrow.string()), ("sequence", pyarrow.int32()),
                    ]
                )  # fmt: skip
            yield pyarrow.RecordBatch.from_pylist(rows, schema=schema)

    return scan


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
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def scan_with_spark(
    records: Iterable[Record],
    pack: RulePack,
    *,
    master: str | None = None,
    workers: int = 1,
    session=None,
) -> Iterator[Finding]:
    """Scan ``records`` on Spark and yield the findings in input order."""
    import pyarrow

    own_session = session is None
    session = session or spark_session(master)
    try:
        schema = pyarrow.schema(
            [
                (
                    name,
                    pyarrow.float64()
                    if name in PRICE_COLUMNS
                    else pyarrow.int64()
                    if name == "line"
                    else pyarrow.string(),
                )
                for name in RECORD_COLUMNS
            ]
        )
        batches = []
        chunk: list[dict] = []
        for record in records:
            chunk.append(_record_row(record))
            if len(chunk) >= SPARK_BATCH_RECORDS:
                batches.append(pyarrow.Table.from_pylist(chunk, schema=schema))
                chunk = []
        if chunk:
            batches.append(pyarrow.Table.from_pylist(chunk, schema=schema))
        if not batches:
            return
        table = pyarrow.concat_tables(batches)
        frame = session.createDataFrame(table)
        if workers > frame.rdd.getNumPartitions():
            frame = frame.repartition(workers)
        result = frame.mapInArrow(_scan_partition(str(pack.directory)), FINDING_SCHEMA).toArrow()
        rows = sorted(result.to_pylist(), key=lambda row: (row["line"], row["sequence"]))
        for row in rows:
            yield Finding(
                **{name: row[name] for name in FINDING_FIELDS if name != "legal_basis"},
                legal_basis=tuple(row["legal_basis"]),
            )
    finally:
        if own_session:
            session.stop()
