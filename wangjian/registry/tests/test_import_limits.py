"""Import limits and malformed files (issue #19): a zip bomb, a huge field, deeply nested JSON,
NUL bytes and control characters; each refused with a message and the right exit status,
nothing stored for a refused file, no traceback."""

import json
import tracemalloc

import pytest
from django.test import Client

from wangjian.cli import main
from wangjian.core.tests.files import zip_bomb_xlsx
from wangjian.registry.models import OnlineShop, Submission, SubmissionError
from wangjian.registry.submissions import COLUMNS
from wangjian.registry.tests.factories import FIXTURES

pytestmark = pytest.mark.django_db

HEADER = FIXTURES.joinpath("submission_2026h1.csv").read_text(encoding="utf-8").splitlines()[0]
GOOD_ROW = (
    "S001,甲乙食品旗舰店,https://shop.example.com/s001,上海杨浦甲乙食品有限公司,"
    "91310110MA1G000117,,,上海市杨浦区五角场街道国定路400号,021-65000001,,食品,2024-03-01"
)


def _import(register, path, capsys):
    platform = register["platform"].entity.uscc
    status = main(["registry", "import", str(path), "--platform", platform, "--period", "2026H2"])
    return status, capsys.readouterr()


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(register, tmp_path, capsys):
    bomb = zip_bomb_xlsx(tuple(column.zh for column in COLUMNS))
    assert len(bomb) < 2_000_000  # expands to 300 MB
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)

    tracemalloc.start()
    status, output = _import(register, path, capsys)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert status == 2
    assert "file bomb.xlsx: expands beyond 200 MB; refused" in output.out
    assert peak < 300 * 1024 * 1024
    assert peak < 20 * 1024 * 1024  # refused before anything is decompressed
    assert Submission.objects.count() == 0


def test_a_zip_bomb_through_the_api_is_refused_inside_the_request(register, platform_user):
    client = Client()
    client.force_login(platform_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bomb = zip_bomb_xlsx(tuple(column.zh for column in COLUMNS))
    response = client.post(
        f"/api/v1/registry/platforms/{register['platform'].pk}/submit/",
        data={"period": "2026H2", "file": SimpleUploadedFile("bomb.xlsx", bomb)},
    )
    assert response.status_code == 400
    # The refusal is in the reader's language (Chinese by default), as on the pages.
    assert response.json()["file"] == ["文件 bomb.xlsx：解压后超过 200 MB，拒绝读取"]
    assert Submission.objects.count() == 0


def test_a_huge_field_exits_2_with_a_message(register, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text(f"{HEADER}\n{GOOD_ROW}\nS002,{'长' * 200_000},x\n", encoding="utf-8")
    status, output = _import(register, path, capsys)
    assert status == 2
    assert "file huge.csv line 3 cannot be read (field larger than field limit" in output.out
    assert "Traceback" not in output.out + output.err
    assert Submission.objects.count() == 0


def test_deeply_nested_json_is_a_clear_error_not_a_recursion_error(register, tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status, output = _import(register, path, capsys)
    assert status == 2
    assert "file deep.json: JSON nested deeper than 64 levels" in output.out
    assert "RecursionError" not in output.out + output.err


def test_nul_bytes_and_control_characters_are_refused_per_row(register, tmp_path, capsys):
    nul_row = GOOD_ROW.replace("S001,甲乙食品旗舰店", "S002,杨浦\x00旗舰店")
    escape_row = GOOD_ROW.replace("S001,甲乙食品旗舰店", "S003,杨浦\x1b[31m店")
    path = tmp_path / "control.csv"
    path.write_text(f"{HEADER}\n{GOOD_ROW}\n{nul_row}\n{escape_row}\n", encoding="utf-8")
    status, _output = _import(register, path, capsys)
    assert status == 1
    submission = Submission.objects.get()
    assert (submission.rows_committed, submission.rows_rejected) == (1, 2)
    errors = list(submission.errors.values_list("row", "column", "value", "rule"))
    assert errors == [
        (3, "shop_name", "杨浦\\x00旗舰店", "control_character"),
        (4, "shop_name", "杨浦\\x1b[31m店", "control_character"),
    ]
    assert list(OnlineShop.objects.values_list("shop_id", flat=True)) == ["S001"]


def test_error_rows_are_capped_with_a_count(register, tmp_path, capsys, settings):
    settings.IMPORT_LIMITS = {"max_error_rows": 3}
    bad = [GOOD_ROW.replace("S001", f"B{n:03d}").replace("https://", "ftp://") for n in range(6)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join([HEADER, GOOD_ROW, *bad]) + "\n", encoding="utf-8")
    status, output = _import(register, path, capsys)
    assert status == 1
    submission = Submission.objects.get()
    assert (submission.rows_committed, submission.rows_rejected) == (1, 6)
    assert SubmissionError.objects.filter(submission=submission).count() == 3
    assert "6 problems, the error report lists the first 3" in output.out
    report = json.loads((tmp_path / "many.csv.errors.json").read_text(encoding="utf-8"))
    assert len(report["errors"]) == 3


def test_a_nul_byte_in_the_search_is_not_a_server_error(register, regulator):
    client = Client()
    client.force_login(regulator)
    response = client.get("/registry/?q=%00杨浦")
    assert response.status_code == 200
    # The API's filter form refuses the NUL with a 400 naming the field.
    api = client.get("/api/v1/registry/entities/?q=%00杨浦")
    assert (api.status_code, list(api.json())[:1]) == (400, ["q"])
