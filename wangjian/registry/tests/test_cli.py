import json
import shutil

import pytest

from wangjian.cli import main
from wangjian.registry.models import Submission
from wangjian.registry.tests.factories import FIXTURES


def all_valid_csv(path):
    lines = (FIXTURES / "submission_2026h1.csv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0], lines[1], lines[4]]  # the header, S001 and the natural person S004
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_exits_0_when_every_row_is_committed(register, tmp_path, capsys):
    file = all_valid_csv(tmp_path / "clean.csv")
    platform = register["platform"].entity.uscc

    assert (
        main(["registry", "import", str(file), "--platform", platform, "--period", "2026H2"]) == 0
    )

    output = capsys.readouterr().out
    assert "读取 2 行，入库 2 行，驳回 0 行" in output
    report = json.loads((tmp_path / "clean.csv.errors.json").read_text(encoding="utf-8"))
    assert report["errors"] == []
    assert (tmp_path / "clean.csv.errors.xlsx").exists()
    assert Submission.objects.get().period == "2026H2"


@pytest.mark.django_db
def test_import_exits_1_when_some_rows_are_rejected_and_writes_the_report(
    register, tmp_path, capsys
):
    file = tmp_path / "h1.csv"
    shutil.copy(FIXTURES / "submission_2026h1.csv", file)
    platform = register["platform"].entity.uscc

    assert main(["registry", "import", str(file), "--platform", platform]) == 1

    assert "读取 10 行，入库 5 行，驳回 5 行，提示 5 条" in capsys.readouterr().out
    report = json.loads((tmp_path / "h1.csv.errors.json").read_text(encoding="utf-8"))
    assert [error["row"] for error in report["errors"]] == [4, 6, 9, 9, 10, 10, 11]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "h1.csv.errors.xlsx").active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        4,
        6,
        9,
        9,
        10,
        10,
        11,
    ]
    # Importing the same file again changes nothing and reports the same outcome.
    assert main(["registry", "import", str(file), "--platform", platform]) == 1
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_import_exits_2_when_the_file_cannot_be_read(register, tmp_path, capsys):
    platform = register["platform"].entity.uscc
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")

    assert main(["registry", "import", str(broken), "--platform", platform]) == 2
    assert main(["registry", "import", str(tmp_path / "absent.csv"), "--platform", platform]) == 2
    assert main(["registry", "import", str(broken), "--platform", "91310110MA1G000117"]) == 2
    assert main(["registry", "import", str(broken), "--platform", platform, "--period", "H2"]) == 2

    assert Submission.objects.count() == 0
    assert "无法读取" in capsys.readouterr().out
