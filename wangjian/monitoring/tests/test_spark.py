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
