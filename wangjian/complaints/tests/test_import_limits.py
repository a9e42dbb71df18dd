"""12315 imports of malformed files (issue #19): a zip bomb, GBK text, a huge field, a non-zip
XLSX, amounts and dates out of range, NUL bytes. Each ends in row-level errors or a refusal
with exit 1/2 and a message, never a traceback, and nothing half-written."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.cli import main
from wangjian.complaints.imports import COLUMNS
from wangjian.complaints.models import Complaint, ImportBatch, ImportRowError
from wangjian.core.choices import JobState
from wangjian.core.jobs import run_job
from wangjian.core.tests.files import zip_bomb_xlsx

pytestmark = pytest.mark.django_db

HEADER = (
    "登记编号,类型,收到日期,投诉人姓名,联系电话,被投诉人名称,店铺网址,购买渠道,事实与理由,涉及金额"
)


def _row(number: str, *, received="2026-03-02", amount="128", facts=None) -> str:
    facts = facts or "收到的月饼礼盒内有异物，联系商家无果。"
    return (
        f"{number},投诉,{received},李雷,13600000001,甲乙食品旗舰店,"
        f"https://shop.haowu.example/s/001,platform,{facts},{amount}"
    )


def _import(path, regulator, capsys):
    status = main(["complaints", "import", str(path), "--user", regulator.username])
    return status, capsys.readouterr()


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(world, regulator, tmp_path, capsys):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx(tuple(COLUMNS)))
    tracemalloc.start()
    status, output = _import(path, regulator, capsys)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 2
    assert "file bomb.xlsx: expands beyond 200 MB; refused" in output.err
    assert "Traceback" not in output.out + output.err
    assert peak < 20 * 1024 * 1024
    assert ImportBatch.objects.count() == 0


def test_a_gbk_file_is_read(world, regulator, tmp_path, capsys):
    path = tmp_path / "gbk.csv"
    path.write_bytes(f"{HEADER}\n{_row('G001')}\n".encode("gbk"))
    status, output = _import(path, regulator, capsys)
    assert status == 0
    assert "读取 1 行，入库 1，已存在 0，驳回 0" in output.out
    assert Complaint.objects.get().respondent_name == "甲乙食品旗舰店"


def test_a_field_over_the_csv_limit_exits_2_with_a_message(world, regulator, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text(f"{HEADER}\n{_row('H001', facts='长' * 131_073)}\n", encoding="utf-8")
    status, output = _import(path, regulator, capsys)
    assert status == 2
    assert "file huge.csv line 2 cannot be read (field larger than field limit" in output.err
    assert ImportBatch.objects.count() == 0


def test_a_non_zip_xlsx_exits_2_with_a_message(world, regulator, tmp_path, capsys):
    path = tmp_path / "fake.xlsx"
    path.write_text(f"{HEADER}\n{_row('X001')}\n", encoding="utf-8")
    status, output = _import(path, regulator, capsys)
    assert status == 2
    assert "file fake.xlsx: not a valid XLSX file (not a zip archive)" in output.err
    assert ImportBatch.objects.count() == 0


def test_amounts_dates_and_control_characters_out_of_range_are_row_errors(
    world, regulator, tmp_path, capsys
):
    rows = [
        _row("R001", amount="Infinity"),
        _row("R002", amount="1e30"),
        _row("R003", received="9999-12-31"),
        _row("R004", facts="收到的月饼礼盒内有异物\x00联系商家无果。"),
        _row("R005", amount="12.345"),
        _row("R006"),  # after the bad rows: still imported
    ]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    status, output = _import(path, regulator, capsys)
    assert status == 1
    assert "Traceback" not in output.out + output.err
    batch = ImportBatch.objects.get()
    assert (batch.rows_read, batch.rows_committed, batch.rows_rejected) == (6, 1, 5)
    assert list(ImportRowError.objects.values_list("row", "column", "value", "rule")) == [
        (2, "涉及金额", "Infinity", "amount"),
        (3, "涉及金额", "1e30", "amount"),
        (4, "收到日期", "9999-12-31", "date_range"),
        (5, "事实与理由", "收到的月饼礼盒内有异物\\x00联系商家无果。", "control_character"),
        (6, "涉及金额", "12.345", "amount"),
    ]
    assert list(Complaint.objects.values_list("external_id", flat=True)) == ["R006"]


def test_error_rows_are_capped_and_the_batch_is_one_transaction(
    world, regulator, tmp_path, capsys, settings
):
    settings.IMPORT_LIMITS = {"max_error_rows": 2}
    rows = [_row(f"E{n:03d}", amount="-1") for n in range(5)] + [_row("E999")]
    path = tmp_path / "many.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    status, output = _import(path, regulator, capsys)
    assert status == 1
    batch = ImportBatch.objects.get()
    assert (batch.rows_committed, batch.rows_rejected) == (1, 5)
    assert batch.errors.count() == 2
    assert "only the first 2 errors are listed (5 rows rejected)" in output.out


def test_the_api_imports_a_larger_file_as_a_job_and_refuses_a_bomb(
    world, regulator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_LIMITS = {"inline_max_bytes": 1024}
    client = Client()
    client.force_login(regulator)
    content = ("\n".join([HEADER, *[_row(f"J{n:03d}") for n in range(20)]]) + "\n").encode()
    assert len(content) > 1024
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/api/v1/complaints/complaints/import/",
            data={"file": SimpleUploadedFile("big.csv", content)},
        )
    assert response.status_code == 202
    assert ImportBatch.objects.count() == 0  # nothing imported inside the request
    assert run_job(response.json()["job"]) == JobState.SUCCEEDED
    batch = ImportBatch.objects.get()
    assert (batch.rows_read, batch.rows_committed) == (20, 20)

    bomb = client.post(
        "/api/v1/complaints/complaints/import/",
        data={"file": SimpleUploadedFile("bomb.xlsx", zip_bomb_xlsx(tuple(COLUMNS)))},
    )
    assert bomb.status_code == 400
    assert "expands beyond 200 MB; refused" in bomb.json()["file"][0]


def test_control_characters_in_headers_and_long_values_are_stored_escaped_and_short(
    world, regulator, tmp_path, capsys
):
    path = tmp_path / "nul.csv"
    rows = [HEADER + ",备注\x00", _row("N001", facts="\x00" * 400) + ",y\x01"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    status, _output = _import(path, regulator, capsys)
    assert status == 1
    stored = list(ImportRowError.objects.values_list("column", "value", "rule"))
    assert stored[0][2] == "control_character"
    assert {column for column, _value, _rule in stored} == {"事实与理由", "备注\\x00"}
    facts = next(value for column, value, _rule in stored if column == "事实与理由")
    assert (len(facts), facts[:8], facts[-3:]) == (300, "\\x00\\x00", "...")
