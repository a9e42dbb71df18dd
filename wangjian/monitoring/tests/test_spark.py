"""``--engine spark`` (PySpark mapInArrow on local[2]) gives byte-identical output to the local
engine on the same input, malformed lines included."""

import json
from pathlib import Path

import pytest

from wangjian.cli import main

pytest.importorskip("pyspark")

FIXTURES = Path(__file__).parent / "fixtures"


def test_spark_engine_output_is_identical_to_the_local_engine(tmp_path, capsys):
    source = tmp_path / "input.jsonl"
    # The fixture plus enough copies to spread over several partitions.
    lines = (FIXTURES / "scan_input.jsonl").read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join(lines * 10) + "\n", encoding="utf-8")
    local, spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"

    assert main(["scan", str(source), "--out", str(local), "--no-progress"]) == 0
    local_summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])["summary"]
    status = main(
        ["scan", str(source), "--out", str(spark), "--engine", "spark", "--master", "local[2]",
         "--no-progress"]
    )  # fmt: skip
    spark_summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])["summary"]

    assert status == 0
    assert spark.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert local_summary["findings"] == 13 * 10
    assert (spark_summary["records"], spark_summary["malformed"]) == (10 * 10, 3 * 10)
    assert spark_summary["by_verdict"] == local_summary["by_verdict"]


def _local_findings(path: Path) -> tuple[list, list[str]]:
    from wangjian.monitoring.engine.runner import scan_file

    findings, errors = [], []
    scan_file(path, findings.append, on_error=lambda error: errors.append(str(error)))
    return findings, errors


def test_distributed_scan_reads_a_directory_on_the_executors_and_writes_partitioned_parquet(
    tmp_path, capsys
):
    """Spark reads a directory of JSONL files itself, in many small ranges or splits, by each of
    its three JSONL readers, and writes findings partitioned by family; each file's findings and
    malformed lines equal the local engine's."""
    import pyarrow
    import pyarrow.parquet as parquet

    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.spark import (
        read_findings,
        read_malformed,
        scan_dataset,
        spark_session,
    )

    lines = (FIXTURES / "scan_input.jsonl").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "in"
    source.mkdir()
    first, second, third = source / "a.jsonl", source / "b.jsonl", source / "c.jsonl"
    first.write_text("\n".join(lines * 40) + "\n", encoding="utf-8")
    # Blank lines and a different mix, so the second file's line numbers are its own.
    second.write_text("\n\n".join(reversed(lines * 7)) + "\n", encoding="utf-8")
    # Windows and old Mac line breaks, a bare carriage return at a line's end and no final line
    # break: lines end where the local reader (universal newlines) ends them.
    third.write_bytes("\r\n".join(lines * 3).encode() + b"\r" + "\r".join(lines * 3).encode())
    text_columns = ("id", "text", "source_type", "shop_id", "category", "title")
    table = pyarrow.Table.from_pylist(
        [
            {name: str(value) for name, value in json.loads(line).items() if name in text_columns}
            for line in lines
            if "cut off" not in line
        ]
        * 5
    )
    parquet_input = tmp_path / "records.parquet"
    parquet.write_table(table, parquet_input, row_group_size=3)

    session = spark_session("local[2]")
    # Splits of 2 KB: each file is read as several ranges or splits, so line numbers cross their
    # edges.
    session.conf.set("spark.sql.files.maxPartitionBytes", "2048")
    pack = load_rule_pack()
    expected, expected_errors = [], []
    for path in (first, second, third):
        findings, errors = _local_findings(path)
        expected.extend(findings)
        expected_errors.extend(errors)
    # Byte ranges and whole files: the tasks write their own Parquet files, or Spark's writer
    # does on request; Spark's text rows: Spark's writer.
    for reader, writer in (("ranges", None), ("ranges", "spark"), ("whole_files", None),
                           ("text", None)):  # fmt: skip
        out = tmp_path / f"out-{reader}-{writer}"
        summary = scan_dataset(
            source.as_uri(), out.as_uri(), pack, session=session, jsonl_reader=reader,
            writer=writer,
        )  # fmt: skip

        assert read_findings(str(out / "findings")) == expected, reader
        assert [str(error) for error in read_malformed(str(out / "malformed"))] == (
            expected_errors
        ), reader
        families = sorted(path.name for path in (out / "findings").iterdir() if path.is_dir())
        assert families == sorted(f"family={name}" for name in summary.by_family)
        assert summary.findings == len(expected) == sum(summary.by_family.values())
        assert summary.malformed == len(expected_errors) == 3 * (40 + 7 + 6)
        assert summary.records == 10 * (40 + 7 + 6)
    # An existing output is refused unless overwritten, whoever writes it.
    with pytest.raises(FileExistsError):
        scan_dataset(source.as_uri(), out.as_uri(), pack, session=session, jsonl_reader="ranges")
    again = scan_dataset(
        source.as_uri(), out.as_uri(), pack, session=session, jsonl_reader="ranges",
        overwrite=True,
    )  # fmt: skip
    assert again.findings == summary.findings
    assert read_findings(str(out / "findings")) == expected

    parquet_summary = scan_dataset(
        parquet_input.as_uri(), (tmp_path / "out-parquet").as_uri(), pack, session=session
    )
    parquet_expected, _ = _local_findings(parquet_input)
    assert read_findings(str(tmp_path / "out-parquet" / "findings")) == parquet_expected
    assert parquet_summary.records + parquet_summary.malformed == table.num_rows == 60

    # The command line: a directory in, a directory out, and a refusal to overwrite it.
    out = tmp_path / "cli-out"
    assert main(["scan", str(source), "--engine", "spark", "--master", "local[2]",
                 "--out", str(out)]) == 0  # fmt: skip
    cli_summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])["summary"]
    assert (cli_summary["records"], cli_summary["findings"]) == (
        summary.records,
        summary.findings,
    )
    assert read_findings(str(out / "findings")) == expected


def test_a_byte_range_starts_where_the_local_reader_starts_a_line(tmp_path):
    """Every offset of a file with mixed line breaks moves to the next line start, never between
    the two bytes of a Windows line break."""
    from wangjian.monitoring.engine.spark_executor import _line_start_at_or_after

    data = b"ab\r\ncd\re\n\nf\r\r\n\rg\r\nh"
    path = tmp_path / "breaks.jsonl"
    path.write_bytes(data)
    line_starts = [0]
    for line in data.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    assert line_starts == [0, 4, 7, 9, 10, 12, 14, 15, 18, 19]

    with path.open("rb") as handle:
        moved = [_line_start_at_or_after(handle, offset, len(data)) for offset in range(20)]

    assert moved == [min(start for start in line_starts if start >= offset) for offset in range(20)]


EVALUATION = Path(__file__).parent.parent / "data" / "evaluation"


def test_the_second_stage_on_the_executors_adds_the_findings_of_the_local_second_stage(tmp_path):
    """With the learned second stage (as the platform's feed runs it), each reader writes the
    findings ``scan_file(second_stage=True)`` gives, the model's ``needs_review`` ones included;
    the rules-only scan of the same input has none of them."""
    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.runner import scan_file
    from wangjian.monitoring.engine.second_stage import RULE_ID
    from wangjian.monitoring.engine.spark import read_findings, scan_dataset, spark_session

    source = tmp_path / "in"
    source.mkdir()
    for name in ("labelled.jsonl", "labelled_holdout_4.jsonl"):
        (source / name).write_bytes((EVALUATION / name).read_bytes())
    (source / "fixture.jsonl").write_bytes((FIXTURES / "scan_input.jsonl").read_bytes())
    expected, rules_only = [], []
    for path in sorted(source.iterdir()):
        scan_file(path, expected.append, second_stage=True)
        scan_file(path, rules_only.append)
    added = [finding for finding in expected if finding.rule == RULE_ID]
    assert added
    assert all(finding.verdict == "needs_review" for finding in added)
    assert [finding for finding in expected if finding.rule != RULE_ID] == rules_only

    session = spark_session("local[2]")
    session.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    pack = load_rule_pack()
    for reader in ("ranges", "text"):
        out = tmp_path / f"out-{reader}"
        summary = scan_dataset(
            source.as_uri(), out.as_uri(), pack, session=session, jsonl_reader=reader,
            second_stage=True,
        )  # fmt: skip

        assert read_findings(str(out / "findings")) == expected, reader
        assert summary.by_family["second_stage"] == len(added)
        assert summary.findings == len(expected)


def test_a_pack_without_a_model_is_refused_for_the_second_stage_before_any_scan(tmp_path):
    import shutil

    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.runner import scan_file
    from wangjian.monitoring.engine.second_stage import MODEL_FILE
    from wangjian.monitoring.engine.spark import scan_dataset

    pack_directory = tmp_path / "pack"
    shutil.copytree(load_rule_pack().directory, pack_directory)
    (pack_directory / MODEL_FILE).unlink()
    pack = load_rule_pack(pack_directory)

    with pytest.raises(FileNotFoundError, match=r"没有第二阶段模型.*has no second-stage model"):
        scan_file(FIXTURES / "scan_input.jsonl", lambda finding: None, pack=pack_directory,
                  second_stage=True)  # fmt: skip
    # The driver refuses before it touches the session.
    with pytest.raises(FileNotFoundError, match="没有第二阶段模型"):
        scan_dataset("file:///nowhere", "file:///nowhere-out", pack, session=None,
                     second_stage=True)  # fmt: skip


def test_an_unknown_writer_is_refused_before_any_scan(tmp_path):
    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.spark import scan_dataset

    with pytest.raises(ValueError, match=r"writer：'parquet' 不在允许的取值.*is not one of"):
        scan_dataset("file:///nowhere", f"file://{tmp_path}/out", load_rule_pack(),
                     session=None, writer="parquet")  # fmt: skip
    assert not (tmp_path / "out").exists()
