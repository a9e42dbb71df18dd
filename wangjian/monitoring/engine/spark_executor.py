"""What the Spark job runs in the executors' Python workers (inside ``mapInArrow``).

Three ways in, one way out. JSONL on a local path is read by byte range: the worker opens the
file, reads its range (aligned to line starts by a first, cheap pass that also counts the lines)
and decodes it exactly as the local reader does (UTF-8, invalid bytes replaced, universal
newlines), so the JVM never decodes or converts a line and every line number is known in the
task. JSONL elsewhere comes as whole files (``binaryFile``) or, for files too large for one task,
as Spark's text rows; Parquet as Spark's rows. Every way ends in ``_scan_lines`` or
``_scan_values`` and the same output rows: findings, malformed records and one count row per
range or split. With the byte-range and whole-file readers and a local output directory, the
task writes its findings and malformed records as Parquet itself (``TaskFiles``) and only the
count rows go back to the JVM.
"""

from __future__ import annotations

import os
from itertools import islice

from .records import FINDING_FIELDS, RecordError, parse_record

KIND_FINDING, KIND_MALFORMED, KIND_SPLIT = "finding", "malformed", "split"

# What each executor sends back: findings, malformed records and one row per range or split
# with its counts. ``line`` is final, except on the text path, where it is the row's position
# within its split until the driver adds the split's first line.
SCAN_SCHEMA = (
    "kind string, input_file string, split_start long, line long, id string, rule string, "
    "family string, verdict string, legal_basis array<string>, start int, end int, "
    "match string, explanation string, field string, severity string, context string, "
    "shop_id string, source_type string, rule_pack string, sequence int, "
    "error_field string, error_zh string, error_en string, rows long, records long"
)
ALIGNED_SCHEMA = "range long, start long, end long, lines long"

RECORD_COLUMNS = (
    "id", "text", "source_type", "category", "shop_id", "title", "price", "comparison_price",
    "display_price", "price_history", "date", "observed_on", "uscc", "registered_name",
    "displayed_name", "url",
)  # fmt: skip

# Lines parsed and scanned at a time, and output rows per Arrow batch sent back: enough to keep
# the engine's batches full, few enough to keep a worker's memory flat on a large range.
CHUNK_LINES = 4000
FLUSH_ROWS = 20000


class _Scanner:
    """The worker's engine (built once per Python worker and pack), with the second stage after
    it when the job asks for it."""

    def __init__(self, pack_name: str, pack_directory: str, second_stage: bool) -> None:
        from pyspark import SparkFiles

        from .runner import _engine_for, scanner_for

        shipped = SparkFiles.get(pack_name)
        directory = shipped if os.path.isdir(shipped) else pack_directory
        self.scan_many = scanner_for(directory, second_stage)
        self.aliases = _engine_for(directory).pack.category_aliases


def output_schema():
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


class RangeCounts:
    """Accumulator parameter for the summary's counts, keyed by range or split: a task run twice
    (a retry, a lost cache) reports the same counts under the same key, so they replace rather
    than add up."""

    def zero(self, value):
        return {}

    def addInPlace(self, value1, value2):
        value1.update(value2)
        return value1


def summed(counts: dict) -> tuple[int, int, dict[tuple[str, str], int]]:
    """Records, malformed records and findings by (family, verdict) over every range."""
    records = malformed = 0
    findings: dict[tuple[str, str], int] = {}
    for tally in counts.values():
        records += tally["records"]
        malformed += tally["malformed"]
        for key, count in tally["findings"].items():
            findings[key] = findings.get(key, 0) + count
    return records, malformed, findings


class TaskFiles:
    """Where a task writes its own Parquet files (findings partitioned by family, as Spark's
    writer lays them out, and malformed records) instead of sending the rows back to the JVM.

    A task's files are named after its partition, so a retried or speculative task replaces
    them with the same content; each is written under a hidden name (which readers skip) and
    renamed into place when the task ends."""

    def __init__(self, findings_directory: str, malformed_directory: str, job: str) -> None:
        self.findings_directory, self.malformed_directory = findings_directory, malformed_directory
        self.job = job
        self.writers: dict[str, tuple] = {}  # family or "" (malformed) -> (writer, temp, final)

    def _writer(self, key: str, schema):
        import pyarrow.parquet as parquet
        from pyspark import TaskContext

        entry = self.writers.get(key)
        if entry is None:
            context = TaskContext.get()
            partition = context.partitionId() if context else 0
            attempt = context.attemptNumber() if context else 0
            directory = (
                os.path.join(self.findings_directory, f"family={key}")
                if key
                else self.malformed_directory
            )
            os.makedirs(directory, exist_ok=True)
            name = f"part-{partition:05d}-{self.job}.snappy.parquet"
            temporary = os.path.join(directory, f".{name}.{attempt}.{os.getpid()}.tmp")
            writer = parquet.ParquetWriter(temporary, schema, compression="snappy")
            entry = self.writers[key] = (writer, temporary, os.path.join(directory, name))
        return entry[0]

    def findings(self, table) -> None:
        """Findings (FINDING_OUTPUT_COLUMNS, ``family`` among them) into their families' files."""
        import pyarrow.compute as compute

        families = table.column("family")
        rest = table.drop_columns(["family"])
        for family in compute.unique(families).to_pylist():
            part = rest.filter(compute.equal(families, family))
            self._writer(family, part.schema).write_table(part)

    def malformed(self, table) -> None:
        self._writer("", table.schema).write_table(table)

    def commit(self) -> None:
        for writer, temporary, final in self.writers.values():
            writer.close()
            os.replace(temporary, final)
        self.writers.clear()


MALFORMED_OUTPUT_COLUMNS = ("input_file", "line", "error_field", "error_zh", "error_en")
FINDING_OUTPUT_COLUMNS = (*FINDING_FIELDS, "sequence", "input_file")


class _Output:
    """Output rows sent back as Arrow batches; counted for the summary on the way.

    Findings are kept as the engine's objects, a run of them per split, and turned into Arrow
    columns in bulk when a batch is sent (one list per field over all of them) rather than row
    by row; malformed records and count rows, which are few, go in row by row."""

    def __init__(self, counts, files: TaskFiles | None = None) -> None:
        import pyarrow
        import pyarrow.compute  # ``pyarrow.compute`` in ``flush``

        self.files = files
        self.names, self.schema = output_schema()
        self.columns: dict[str, list] = {name: [] for name in self.names}
        self.runs: list[tuple[str, int, list]] = []  # (input file, split start, findings lists)
        self.pending = 0
        self.counts = counts
        self.tally: dict[tuple[str, int], dict] = {}
        self._types = {field.name: field.type for field in self.schema}
        self._pyarrow = pyarrow

    def __len__(self) -> int:
        return len(self.columns["kind"]) + self.pending

    def _tally(self, input_file, split_start) -> dict:
        key = (input_file, split_start)
        tally = self.tally.get(key)
        if tally is None:
            tally = self.tally[key] = {"records": 0, "malformed": 0, "findings": {}}
        return tally

    def add(self, **values) -> None:
        for name in self.names:
            self.columns[name].append(values.get(name))
        tally = self._tally(values["input_file"], values["split_start"])
        if values["kind"] == KIND_MALFORMED:
            tally["malformed"] += 1
        else:
            tally["records"] += values["records"]

    def findings(self, input_file, split_start, per_record: list) -> None:
        """The findings of a run of records of one split: a list of findings per record (records
        without findings left out), each record's findings in their local order."""
        if not per_record:
            return
        self.runs.append((input_file, split_start, per_record))
        self.pending += sum(map(len, per_record))

    def finish(self):
        """The last batches of a task, and its counts to the driver."""
        if len(self):
            yield from self.flush()
        if self.files is not None:
            self.files.commit()
        self.counts.add(self.tally)

    def malformed(self, input_file, split_start, line, field_name, zh, en) -> None:
        self.add(
            kind=KIND_MALFORMED, input_file=input_file, split_start=split_start, line=line,
            error_field=field_name, error_zh=zh, error_en=en,
        )  # fmt: skip

    def flush(self):
        """One batch of the findings kept so far and one of the other rows (where there are)."""
        pyarrow = self._pyarrow
        if self.pending:
            findings, files, starts, sequences = [], [], [], []
            for input_file, split_start, per_record in self.runs:
                size = 0
                tally = self._tally(input_file, split_start)["findings"]
                for record_findings in per_record:
                    findings.extend(record_findings)
                    sequences.extend(range(len(record_findings)))
                    size += len(record_findings)
                    for finding in record_findings:
                        key = (finding.family, finding.verdict)
                        tally[key] = tally.get(key, 0) + 1
                files.extend([input_file] * size)
                starts.extend([split_start] * size)
            count, types = len(findings), self._types
            given = {"kind": [KIND_FINDING] * count, "input_file": files, "split_start": starts}
            given["sequence"] = sequences
            for name in FINDING_FIELDS:
                given[name] = [getattr(finding, name) for finding in findings]
            self.runs, self.pending = [], 0
            if self.files is not None:
                self.files.findings(
                    pyarrow.table(
                        {
                            name: pyarrow.array(given[name], types[name])
                            for name in FINDING_OUTPUT_COLUMNS
                        }
                    )
                )
            else:
                yield pyarrow.RecordBatch.from_arrays(
                    [
                        pyarrow.array(given[name], types[name])
                        if name in given
                        else pyarrow.nulls(count, types[name])
                        for name in self.names
                    ],
                    schema=self.schema,
                )
        if self.columns["kind"]:
            batch = pyarrow.RecordBatch.from_pydict(self.columns, schema=self.schema)
            for values in self.columns.values():
                values.clear()
            if self.files is not None:
                # Malformed records to the task's file; only the count rows go back.
                kinds = batch.column("kind")
                malformed = batch.filter(pyarrow.compute.equal(kinds, KIND_MALFORMED))
                if malformed.num_rows:
                    self.files.malformed(
                        pyarrow.Table.from_batches([malformed.select(MALFORMED_OUTPUT_COLUMNS)])
                    )
                batch = batch.filter(pyarrow.compute.not_equal(kinds, KIND_MALFORMED))
            yield batch


def _json_error(text: str):
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error
    raise AssertionError("the line decoded once its line break was put back")


def _scan_records(scanner, records, input_file, split_start, output: _Output) -> None:
    output.findings(
        input_file,
        split_start,
        [findings for _record, findings in scanner.scan_many(records) if findings],
    )


def _scan_lines(scanner, numbered_lines, input_file, split_start, output, *, broken_off=False):
    """Parse and scan ``(line number, line)`` pairs as the local JSONL reader does; return the
    number of valid records. ``broken_off``: the lines come without their line break (Spark's
    text rows), which the local reader's error messages include."""
    import json

    loads, decode_error = json.loads, json.JSONDecodeError
    aliases = scanner.aliases
    records = []
    for line, raw in numbered_lines:
        if not raw or raw.isspace():
            continue
        try:
            value = loads(raw)
        except decode_error as failure:
            error = _json_error(raw + "\n") if broken_off else failure
            output.malformed(
                input_file, split_start, line, "(JSON)", f"不是有效的 JSON：{error.msg}",
                f"not valid JSON: {error.msg}",
            )  # fmt: skip
            continue
        try:
            records.append(parse_record(value, line, aliases))
        except RecordError as error:
            output.malformed(input_file, split_start, line, error.field_name, error.zh, error.en)
    _scan_records(scanner, records, input_file, split_start, output)
    return len(records)


def _scan_text(scanner, text, input_file, split_start, first_line, output):
    """Scan decoded text (a byte range or a whole file) in chunks; yield full output batches."""
    numbered = enumerate(text, start=first_line)
    records = 0
    while chunk := list(islice(numbered, CHUNK_LINES)):
        records += _scan_lines(scanner, chunk, input_file, split_start, output)
        if len(output) >= FLUSH_ROWS:
            yield from output.flush()
    output.add(kind=KIND_SPLIT, input_file=input_file, split_start=split_start, records=records)


def _decoded(data: bytes):
    """Bytes as the local reader sees them: UTF-8, invalid bytes replaced, universal newlines."""
    import io

    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace")


def _line_start_at_or_after(handle, position: int, size: int) -> int:
    """The first offset at or after ``position`` where a line begins (a line ends at ``\\n``,
    ``\\r`` or ``\\r\\n``, as Python's universal newlines and Hadoop's line reader agree)."""
    if position <= 0:
        return 0
    if position >= size:
        return size
    handle.seek(position - 1)
    previous = handle.read(2)
    if previous[:1] == b"\n" or (previous[:1] == b"\r" and previous[1:2] != b"\n"):
        return position
    if previous[:1] == b"\r":
        return position + 1  # between the two bytes of \r\n
    offset = position
    handle.seek(offset)
    while block := handle.read(1 << 16):
        found = [index for index in (block.find(b"\n"), block.find(b"\r")) if index >= 0]
        if not found:
            offset += len(block)
            continue
        index = min(found)
        end = offset + index + 1
        if block[index : index + 1] == b"\r":
            handle.seek(end)
            if handle.read(1) == b"\n":
                end += 1
        return min(end, size)
    return size


def align_ranges(ranges):
    """``mapInArrow`` function of the first pass: move each nominal range of a local file to line
    starts and count its lines, so the scan knows every line's number."""

    def align(batches):
        import pyarrow

        for batch in batches:
            rows = {"range": [], "start": [], "end": [], "lines": []}
            for index in batch.column("id").to_pylist():
                _input_file, path, start, end, size = ranges[index]
                with open(path, "rb") as handle:
                    start = _line_start_at_or_after(handle, start, size)
                    end = _line_start_at_or_after(handle, end, size)
                    handle.seek(start)
                    data = handle.read(max(end - start, 0))
                lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
                if data and data[-1:] not in (b"\n", b"\r"):
                    lines += 1  # the file's last line, without a line break
                for name, value in zip(rows, (index, start, end, lines), strict=True):
                    rows[name].append(value)
            yield pyarrow.RecordBatch.from_pydict(
                rows, schema=pyarrow.schema([(name, pyarrow.int64()) for name in rows])
            )

    return align


def scan_ranges(
    ranges, pack_name: str, pack_directory: str, counts, second_stage=False, files=None
):
    """``mapInArrow`` function over range numbers: read, decode and scan each aligned range of a
    local file. ``ranges[n]`` is ``(input_file, local path, start, end, first line)``. ``files``
    (``TaskFiles``): the task writes findings and malformed records itself."""

    def scan(batches):
        scanner = _Scanner(pack_name, pack_directory, second_stage)
        output = _Output(counts, files)
        for batch in batches:
            for index in batch.column("id").to_pylist():
                input_file, path, start, end, first_line = ranges[index]
                with open(path, "rb") as handle:
                    handle.seek(start)
                    data = handle.read(end - start)
                yield from _scan_text(
                    scanner, _decoded(data), input_file, start, first_line, output
                )
                if len(output) >= FLUSH_ROWS:
                    yield from output.flush()
        yield from output.finish()

    return scan


def scan_whole_files(pack_name: str, pack_directory: str, counts, second_stage=False, files=None):
    """``mapInArrow`` function over ``binaryFile`` rows: each row is a whole file, its first line
    is line 1."""

    def scan(batches):
        scanner = _Scanner(pack_name, pack_directory, second_stage)
        output = _Output(counts, files)
        for batch in batches:
            paths, contents = batch.column("path"), batch.column("content")
            for row in range(batch.num_rows):
                data = contents[row].as_py()
                yield from _scan_text(scanner, _decoded(data), paths[row].as_py(), 0, 1, output)
            if len(output):
                yield from output.flush()
        yield from output.finish()

    return scan


def scan_rows(pack_name: str, pack_directory: str, source_format: str, counts, second_stage=False):
    """``mapInArrow`` function over Spark's rows: text lines of JSONL splits, or Parquet rows."""

    def scan(batches):
        scanner = _Scanner(pack_name, pack_directory, second_stage)
        output = _Output(counts)
        aliases = scanner.aliases
        split_rows: dict[tuple[str, int], int] = {}
        split_records: dict[tuple[str, int], int] = {}
        for batch in batches:
            for input_file, start, run in _runs(batch):
                key = (input_file, start)
                first = split_rows.get(key, 0)
                if source_format == "jsonl":
                    raws = run.column("value").to_pylist()
                    numbered = zip(range(first, first + len(raws)), raws, strict=True)
                    records = _scan_lines(
                        scanner, numbered, input_file, start, output, broken_off=True
                    )
                else:
                    names = [name for name in RECORD_COLUMNS if name in run.schema.names]
                    raws = run.select(names).to_pylist()
                    lines = [index + 1 for index in run.column("row_index").to_pylist()]
                    valid = []
                    for raw, line in zip(raws, lines, strict=True):
                        try:
                            valid.append(parse_record(raw, line, aliases))
                        except RecordError as error:
                            output.malformed(
                                input_file, start, line, error.field_name, error.zh, error.en
                            )
                    _scan_records(scanner, valid, input_file, start, output)
                    records = len(valid)
                split_rows[key] = first + len(raws)
                split_records[key] = split_records.get(key, 0) + records
            if len(output):
                yield from output.flush()
        for (input_file, start), rows in split_rows.items():
            output.add(
                kind=KIND_SPLIT, input_file=input_file, split_start=start, rows=rows,
                records=split_records[(input_file, start)],
            )  # fmt: skip
        yield from output.finish()

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
