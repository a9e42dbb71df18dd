"""``wangjian monitoring feed|upload|scan-registry|export-dismissals`` through wangjian.cli.main."""

import csv
import io
import json

import pytest

from wangjian.cli import main
from wangjian.monitoring.actions import dismiss_finding, engine
from wangjian.monitoring.models import Finding, ScanBatch
from wangjian.monitoring.tests.factories import LISTING, feed_records

pytestmark = pytest.mark.django_db


def _jsonl(path, records, extra_lines=()):
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return str(path)


def _receipts(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_feed_prints_the_receipt_and_posting_again_is_idempotent(
    world, regulator, tmp_path, capsys
):
    path = _jsonl(tmp_path / "feed.jsonl", feed_records(), ['{"id": "L-7", "text": '])
    command = ["monitoring", "feed", path, "--user", "yp_regulator", "--platform", "好物商城"]
    assert main([*command, "--batch-id", "CLI-1"]) == 0
    output = capsys.readouterr().out
    batch = ScanBatch.objects.get()
    assert (batch.external_id, batch.platform, batch.submitted_by) == (
        "CLI-1",
        world["platform"],
        regulator,
    )
    assert output.splitlines()[0] == (
        f"CLI-1: 批次 #{batch.pk}：已完成，记录 4 条，格式错误 3 条，发现 8 条（新增 8，转其他"
        f"辖区 2） / batch #{batch.pk}: done, 4 records, 3 malformed, 8 findings (8 new, 2 routed "
        "elsewhere)"
    )
    assert "5\tid\t第 5 行，字段 id：编号为空 / line 5, field id: empty id" in output
    assert "7\t(record)\t第 7 行，字段 (record)：记录应为对象" in output
    assert _receipts(output) == [
        {
            "batch_id": "CLI-1",
            "batch": batch.pk,
            "already_received": False,
            "records": 4,
            "malformed": 3,
            "findings": 8,
            "new_findings": 8,
            "routed_elsewhere": 2,
            "rule_pack": engine().pack.label,
        }
    ]
    assert main([*command, "--batch-id", "CLI-1"]) == 0
    again = capsys.readouterr().out
    assert f"CLI-1: 批次 #{batch.pk}（此前已收到）" in again
    assert _receipts(again)[0]["already_received"] is True
    assert ScanBatch.objects.count() == 1


def test_a_json_array_beyond_the_limit_goes_in_consecutive_batches(
    world, platform_user, tmp_path, capsys
):
    records = [{"id": f"R-{number}", "text": "坚果新鲜"} for number in range(5000)]
    records += [{"id": "R-5000", "text": LISTING, "shop_id": "S-001"}, {"id": "R-5001"}]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    status = main(["monitoring", "feed", str(path), "--user", "platform1", "--batch-id", "HW-0601"])
    assert status == 0
    receipts = _receipts(capsys.readouterr().out)
    assert [(r["batch_id"], r["records"], r["malformed"], r["findings"]) for r in receipts] == [
        ("HW-0601-1", 5000, 0, 0),
        ("HW-0601-2", 1, 1, 3),
    ]
    batches = ScanBatch.objects.order_by("id")
    assert [(b.external_id, b.platform, b.submitted_by) for b in batches] == [
        ("HW-0601-1", world["platform"], platform_user),
        ("HW-0601-2", world["platform"], platform_user),
    ]
    # The malformed record's position is within its own batch.
    assert batches[1].errors[0]["line"] == 2


def test_feed_refusals_exit_2_with_a_bilingual_message(
    world, regulator, other_regulator, consumer, tmp_path, capsys
):
    path = _jsonl(tmp_path / "feed.jsonl", feed_records())

    def refused(*arguments):
        assert main(["monitoring", "feed", *arguments]) == 2
        return capsys.readouterr().err.strip()

    assert refused(path, "--user", "nobody") == "用户不存在：nobody / no such user: nobody"
    assert refused(path, "--user", "pd_regulator", "--platform", "好物商城") == (
        "平台 好物商城 不存在或不在本辖区 / platform 好物商城 not found in your jurisdiction"
    )
    assert refused(path, "--user", "consumer1") == (
        "无权执行此操作（monitoring.submit_feed）/ not permitted (monitoring.submit_feed)"
    )
    missing = str(tmp_path / "missing.jsonl")
    assert refused(missing, "--user", "yp_regulator").startswith(
        f"无法读取文件 {missing}：No such file or directory / cannot read {missing}"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert refused(str(empty), "--user", "yp_regulator") == (
        f"文件 {empty} 中没有记录 / no records in {empty}"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "1",\n "text": }]', encoding="utf-8")
    assert refused(str(broken), "--user", "yp_regulator").startswith(
        f"文件 {broken} 第 2 行：JSON 格式错误 / file {broken} line 2: invalid JSON"
    )
    assert ScanBatch.objects.count() == 0


def test_upload_queues_a_job_or_runs_it_here(world, regulator, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    records = [
        {"id": "U-1", "text": LISTING, "shop_id": "S-001", "category": "食品"},
        {"id": "U-2", "text": "最好的礼物", "price": "九十九"},
    ]
    path = _jsonl(tmp_path / "upload.jsonl", records)
    assert main(["monitoring", "upload", path, "--user", "yp_regulator"]) == 0
    batch = ScanBatch.objects.get()
    assert capsys.readouterr().out.strip() == (
        f"批次 #{batch.pk} 已排队，由后台任务扫描（任务 #{batch.job_id}）/ batch #{batch.pk} "
        f"queued for the worker (job #{batch.job_id})"
    )
    assert main(["monitoring", "upload", path, "--user", "yp_regulator", "--run"]) == 0
    output = capsys.readouterr().out.splitlines()
    batch.refresh_from_db()
    assert (batch.state, batch.records, batch.malformed, batch.findings) == ("done", 1, 1, 3)
    assert output == [
        f"批次 #{batch.pk}（此前已收到）：已完成，记录 1 条，格式错误 1 条，发现 3 条（新增 3，"
        f"转其他辖区 0） / batch #{batch.pk} (received before): done, 1 records, 1 malformed, 3 "
        "findings (3 new, 0 routed elsewhere)",
        "2\tprice\t第 2 行，字段 price：价格 '九十九' 不是数字 / line 2, field price: price "
        "'九十九' is not a number",
    ]
    bad = tmp_path / "upload.txt"
    bad.write_text("x", encoding="utf-8")
    assert main(["monitoring", "upload", str(bad), "--user", "yp_regulator"]) == 2
    assert capsys.readouterr().err.strip() == (
        "文件 upload.txt：不支持的输入格式 .txt：应为 .jsonl、.csv 或 .parquet / file upload.txt: "
        "unsupported input format .txt: use .jsonl, .csv or .parquet"
    )


def test_scan_registry_runs_here_and_reports_unreachable_pages(world, regulator, capsys):
    # A registered address without its scheme is reported, not fetched.
    shop = world["yangpu_shop"]
    shop.url = "shop.haowu.example/s/001"
    shop.save(update_fields=["url"])
    assert main(["monitoring", "scan-registry", "--user", "yp_regulator", "--run"]) == 0
    output = capsys.readouterr().out.splitlines()
    batch = ScanBatch.objects.get()
    assert (batch.source, batch.state, batch.records, batch.malformed) == (
        "registry",
        "done",
        0,
        1,
    )
    assert output[0] == (
        f"批次 #{batch.pk}：已完成，记录 0 条，格式错误 1 条，发现 0 条（新增 0，转其他辖区 0） / "
        f"batch #{batch.pk}: done, 0 records, 1 malformed, 0 findings (0 new, 0 routed "
        "elsewhere)"
    )
    reason = "网址不是 http(s) 地址 / not an http(s) address: 'shop.haowu.example/s/001'"
    assert output[1] == (
        f"1\turl\t店铺 甲乙食品旗舰店（S-001）首页 shop.haowu.example/s/001 无法获取：{reason} / "
        f"shop S-001: home page shop.haowu.example/s/001 could not be fetched: {reason}"
    )
    assert main(["monitoring", "scan-registry", "--user", "consumer1"]) == 2


def test_export_dismissals_is_scoped_to_the_user(
    batch, regulator, other_regulator, consumer, tmp_path, capsys
):
    finding = Finding.objects.get(item__external_id="L-1", rule="AT-001")
    dismiss_finding(actor=regulator, finding=finding, reason="context", note="顾客评价截图中的话")
    out = tmp_path / "dismissals.csv"
    assert (
        main(["monitoring", "export-dismissals", "--user", "yp_regulator", "--out", str(out)]) == 0
    )
    assert capsys.readouterr().out.strip() == (
        f"已导出 1 条排除记录到 {out} / exported 1 dismissals to {out}"
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1][:2] == ["finding", "rule"]
    assert [(row[0], row[1], row[9], row[11]) for row in rows[2:]] == [
        (str(finding.pk), "AT-001", "context", "顾客评价截图中的话")
    ]
    workbook_path = tmp_path / "pudong.xlsx"
    assert (
        main(
            [
                "monitoring",
                "export-dismissals",
                "--user",
                "pd_regulator",
                "--out",
                str(workbook_path),
            ]
        )
        == 0
    )
    from openpyxl import load_workbook

    sheet = load_workbook(workbook_path).active
    assert sheet.max_row == 1  # the header only: the Yangpu dismissal is not Pudong's
    assert main(["monitoring", "export-dismissals", "--user", "consumer1", "--out", str(out)]) == 2
    assert "无权导出排除记录" in capsys.readouterr().err
    wrong = tmp_path / "dismissals.txt"
    assert (
        main(["monitoring", "export-dismissals", "--user", "yp_regulator", "--out", str(wrong)])
        == 2
    )
    assert capsys.readouterr().err.strip() == (
        f"输出文件 {wrong} 须为 .csv 或 .xlsx / output {wrong} must be .csv or .xlsx"
    )


def test_the_engine_only_scan_command_is_still_there(tmp_path, capsys):
    path = _jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": LISTING}])
    assert main(["scan", path, "--no-progress"]) == 0
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(finding["rule"] for finding in findings) == ["AT-001", "AT-003", "PR-002"]
