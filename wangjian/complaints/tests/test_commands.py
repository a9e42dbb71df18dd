import pytest

from wangjian.cli import main
from wangjian.complaints.models import Complaint
from wangjian.complaints.tests.test_intake import CSV


@pytest.mark.django_db
def test_import_command_prints_row_errors(world, regulator, tmp_path, capsys):
    path = tmp_path / "12315.csv"
    path.write_text(CSV, encoding="utf-8")
    status = main(["complaints", "import", str(path), "--user", regulator.username])
    output = capsys.readouterr().out
    assert status == 1
    assert "读取 3 行，入库 2，已存在 0，驳回 1" in output
    assert "4\t收到日期\t2026-13-02\tdate\t" in output
    assert Complaint.objects.count() == 2
    assert main(["complaints", "clocks"]) == 0
