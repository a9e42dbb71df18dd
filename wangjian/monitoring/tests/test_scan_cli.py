"""``wangjian scan`` end to end: the JSONL fixture gives exactly the hand-written findings."""

import csv
import json
from pathlib import Path

import pytest

from wangjian.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
INPUT = FIXTURES / "scan_input.jsonl"
EXPECTED = [json.loads(line) for line in (FIXTURES / "scan_expected.jsonl").open(encoding="utf-8")]
LABELS = {"violation": "【违法】", "needs_substantiation": "【需举证】", "exempt": "【豁免】"}


def _strip(findings):
    """Explanations are prose checked separately; the pack label is checked once."""
    rows = []
    for finding in findings:
        finding = dict(finding)
        assert finding.pop("explanation").startswith(LABELS[finding["verdict"]])
        assert finding.pop("rule_pack") == "default@2026.12.8.1"
        rows.append(finding)
    return rows


def _summary(stderr: str) -> dict:
    return json.loads(stderr.strip().splitlines()[-1])["summary"]


def test_scan_jsonl_gives_the_expected_findings_and_skips_malformed_lines(tmp_path, capsys):
    out = tmp_path / "findings.jsonl"

    status = main(["scan", str(INPUT), "--out", str(out), "--no-progress"])

    stderr = capsys.readouterr().err
    findings = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert status == 0
    assert _strip(findings) == EXPECTED
    summary = _summary(stderr)
    assert (summary["records"], summary["malformed"], summary["findings"]) == (10, 3, 13)
    assert summary["by_verdict"] == {"exempt": 2, "needs_substantiation": 2, "violation": 9}
    assert "第 3 行，字段 (JSON)" in stderr
    assert "第 6 行，字段 text：缺少必填字段" in stderr
    assert "第 11 行，字段 source_type" in stderr


def test_scan_writes_jsonl_to_stdout_by_default(capsys):
    status = main(["scan", str(INPUT), "--no-progress"])

    stdout = capsys.readouterr().out
    assert status == 0
    assert _strip([json.loads(line) for line in stdout.splitlines()]) == EXPECTED


def test_scan_writes_csv_and_xlsx_by_extension(tmp_path, capsys):
    from openpyxl import load_workbook

    csv_path, xlsx_path = tmp_path / "f.csv", tmp_path / "f.xlsx"

    assert main(["scan", str(INPUT), "--out", str(csv_path), "--no-progress"]) == 0
    assert main(["scan", str(INPUT), "--out", str(xlsx_path), "--no-progress"]) == 0

    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    sheet = load_workbook(xlsx_path, read_only=True)["findings"]
    header, *xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected_keys = [(f["id"], f["rule"], f["start"], f["end"]) for f in EXPECTED]
    assert [(r["id"], r["rule"], int(r["start"]), int(r["end"])) for r in csv_rows] == expected_keys
    assert csv_rows[0]["legal_basis"] == "price-marking-rules-2022:19.4;ad-law-2021:9.3"
    assert header[:9] == [
        "id", "rule", "family", "verdict", "legal_basis", "start", "end", "match", "explanation",
    ]  # fmt: skip
    assert [(row[0], row[1], row[5], row[6]) for row in xlsx_rows] == expected_keys


def _valid_fixture_records():
    records = []
    for line in INPUT.open(encoding="utf-8"):
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "text" in raw and raw.get("source_type") != "tv":
            raw["id"] = str(raw["id"])
            records.append(raw)
    return records


def test_scan_reads_parquet_and_csv_input(tmp_path, capsys):
    import pyarrow
    import pyarrow.parquet

    records = _valid_fixture_records()
    parquet_path = tmp_path / "input.parquet"
    rows = [dict(r, price_history=json.dumps(r.get("price_history", []))) for r in records]
    columns = sorted({key for row in rows for key in row})
    rows = [{column: row.get(column) for column in columns} for row in rows]
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), parquet_path)
    csv_path = tmp_path / "input.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    outputs = {}

    for path in (parquet_path, csv_path):
        out = tmp_path / f"{path.suffix[1:]}.jsonl"
        assert main(["scan", str(path), "--out", str(out), "--no-progress"]) == 0
        outputs[path.suffix] = [json.loads(line) for line in out.open(encoding="utf-8")]

    def without_line(findings):
        return [{k: v for k, v in f.items() if k != "line"} for f in _strip(findings)]

    expected = [{k: v for k, v in f.items() if k != "line"} for f in EXPECTED]
    assert without_line(outputs[".parquet"]) == expected
    assert without_line(outputs[".csv"]) == expected
    assert sorted({f["line"] for f in outputs[".parquet"]}) == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert sorted({f["line"] for f in outputs[".csv"]}) == [2, 3, 4, 6, 7, 8, 9, 10, 11]


def test_worker_processes_give_the_same_output(tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"

    assert main(["scan", str(INPUT), "--out", str(one), "--no-progress"]) == 0
    assert main(["scan", str(INPUT), "--out", str(two), "--workers", "2", "--no-progress"]) == 0

    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["scan", "/nonexistent.jsonl"], "找不到输入文件"),
        (["scan", str(INPUT), "--out", "x.txt"], "不支持的输出格式 .txt"),
        (["scan", str(INPUT), "--rules", "no-such-pack"], "找不到规则包 no-such-pack"),
    ],
)
def test_scan_refuses_bad_arguments_with_a_clear_error(arguments, message, capsys):
    status = main([*arguments, "--no-progress"])

    assert status == 2
    assert message in capsys.readouterr().err


def test_scan_runs_on_a_checkout_without_a_database(tmp_path):
    from wangjian.core.tests.commandline import run_without_database

    completed = run_without_database(tmp_path, "scan", str(INPUT), "--no-progress")

    assert completed.returncode == 0, completed.stderr
    assert _strip([json.loads(line) for line in completed.stdout.splitlines()]) == EXPECTED


def test_scan_with_the_second_stage_adds_only_its_review_findings(tmp_path, capsys):
    from wangjian.monitoring.engine.engine import Engine
    from wangjian.monitoring.engine.records import parse_record
    from wangjian.monitoring.engine.second_stage import SecondStage

    source = tmp_path / "ads.jsonl"
    texts = ["这个酒北京有个单位有个朋友，他们学习完之后给他们喝的", "纯棉短袖T恤，领口不易变形"]
    source.write_text(
        "".join(
            json.dumps({"id": f"A{n}", "text": t, "source_type": "ad"}, ensure_ascii=False) + "\n"
            for n, t in enumerate(texts, start=1)
        ),
        encoding="utf-8",
    )
    engine = Engine(None)
    stage = SecondStage.for_pack(engine.pack)
    records = [
        parse_record({"id": f"A{n}", "text": t, "source_type": "ad"}, n)
        for n, t in enumerate(texts, start=1)
    ]
    expected = [
        (f.id, f.rule, f.verdict)
        for _, findings in stage.apply(engine.scan_many(records))
        for f in findings
    ]

    assert main(["scan", str(source), "--second-stage", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    found = [(row["id"], row["rule"], row["verdict"]) for row in map(json.loads, out.splitlines())]
    assert found == expected
    assert ("A1", "ML-001", "needs_review") in found
    assert _summary(err)["by_verdict"].get("needs_review") == 1

    assert main(["scan", str(source), "--no-progress"]) == 0
    plain = [json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()]
    assert "ML-001" not in plain


def test_scan_with_the_second_stage_refuses_a_pack_without_a_model(tmp_path, capsys):
    import shutil

    from wangjian.monitoring.engine.rules import load_rule_pack

    pack = tmp_path / "pack"
    shutil.copytree(load_rule_pack().directory, pack)
    (pack / "second_stage.json").unlink()

    assert main(["scan", str(INPUT), "--rules", str(pack), "--second-stage", "--no-progress"]) == 2
    assert "没有第二阶段模型" in capsys.readouterr().err
