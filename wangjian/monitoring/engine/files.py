"""Reading scan input (JSONL, CSV, Parquet) and writing findings (JSONL, CSV, XLSX).

Readers yield ``(line, record)`` or ``(line, RecordError)``: a malformed record is reported with
its line number (the row number for Parquet) and the run goes on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from wangjian.core.spreadsheets import csv_writer, new_workbook, xlsx_cells

from .records import FINDING_FIELDS, Finding, Record, RecordError, parse_record

INPUT_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}


class InputFormatError(ValueError):
    pass


def input_format(path: Path) -> str:
    try:
        return INPUT_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputFormatError(
            f"不支持的输入格式 {path.suffix or '(无扩展名)'}：应为 .jsonl、.csv 或 .parquet / "
            "unsupported "
            f"input format {path.suffix or '(no extension)'}: use .jsonl, .csv or .parquet"
        ) from None


def output_format(path: Path | None) -> str:
    if path is None:
        return "jsonl"
    try:
        return OUTPUT_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputFormatError(
            f"不支持的输出格式 {path.suffix or '(无扩展名)'}：应为 .jsonl、.csv 或 .xlsx / "
            "unsupported "
            f"output format {path.suffix or '(no extension)'}: use .jsonl, .csv or .xlsx"
        ) from None


def _jsonl(path: Path, aliases) -> Iterator[tuple[int, Record | RecordError]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as error:
                yield (
                    line_number,
                    RecordError(
                        line_number,
                        "(JSON)",
                        f"不是有效的 JSON：{error.msg}",
                        f"not valid JSON: {error.msg}",
                    ),
                )
                continue
            try:
                yield line_number, parse_record(raw, line_number, aliases)
            except RecordError as error:
                yield line_number, error


def _csv(path: Path, aliases) -> Iterator[tuple[int, Record | RecordError]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line_number = reader.line_num
            if None in row:
                yield (
                    line_number,
                    RecordError(
                        line_number, "(CSV)", "列数多于表头", "more columns than the header"
                    ),
                )
                continue
            try:
                yield (
                    line_number,
                    parse_record(
                        {key: value for key, value in row.items() if value != ""},
                        line_number,
                        aliases,
                    ),
                )
            except RecordError as error:
                yield line_number, error


def _parquet(path: Path, aliases) -> Iterator[tuple[int, Record | RecordError]]:
    import pyarrow.parquet as parquet

    row_number = 0
    for batch in parquet.ParquetFile(path).iter_batches(batch_size=4096):
        for raw in batch.to_pylist():
            row_number += 1
            try:
                yield row_number, parse_record(raw, row_number, aliases)
            except RecordError as error:
                yield row_number, error


def read_records(path: Path, category_aliases=None) -> Iterator[tuple[int, Record | RecordError]]:
    """Yield ``(line, Record or RecordError)`` for every record of the input file."""
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[input_format(path)]
    return reader(path, category_aliases)


def count_records(path: Path) -> int | None:
    """The number of rows of a Parquet file (for the progress bar); None for text formats."""
    if input_format(path) == "parquet":
        import pyarrow.parquet as parquet

        return parquet.ParquetFile(path).metadata.num_rows
    return None


def _cell(finding: Finding, name: str):
    value = getattr(finding, name)
    return ";".join(value) if name == "legal_basis" else value


class FindingWriter:
    """Write findings to JSONL (default, also to stdout), CSV or XLSX by the file's extension."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.format = output_format(path)
        self.count = 0
        if self.format == "xlsx":
            self._workbook = new_workbook()
            self._sheet = self._workbook.create_sheet("findings")
            self._sheet.append(xlsx_cells(self._sheet, FINDING_FIELDS))
            return
        if path is None:
            self._handle = sys.stdout
        else:
            encoding = "utf-8-sig" if self.format == "csv" else "utf-8"
            self._handle = path.open("w", encoding=encoding, newline="")
        if self.format == "csv":
            self._csv = csv_writer(self._handle)
            self._csv.writerow(FINDING_FIELDS)

    def write(self, finding: Finding) -> None:
        self.count += 1
        if self.format == "jsonl":
            self._handle.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
        elif self.format == "csv":
            self._csv.writerow([_cell(finding, name) for name in FINDING_FIELDS])
        else:
            self._sheet.append(
                xlsx_cells(self._sheet, [_cell(finding, name) for name in FINDING_FIELDS])
            )

    def close(self) -> None:
        if self.format == "xlsx":
            self._workbook.save(self.path)
        elif self.path is not None:
            self._handle.close()
        else:
            self._handle.flush()
