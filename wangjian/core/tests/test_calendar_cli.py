"""``wangjian calendar …`` through ``wangjian.cli.main``."""

import json

import pytest

from wangjian.cli import main
from wangjian.core.models import AuditEvent, WorkingDayYear

NOT_COVERED_2027 = (
    "2027 年的工作日安排尚未录入：请系统管理员根据国务院办公厅发布的2027年部分节假日安排通知录入"
    "该年度工作日表（“工作日历”页或 wangjian calendar import-year）。"
)
NOT_COVERED_2027_EN = (
    "Working days for 2027 are not known: a system administrator must enter that year's table "
    "from the State Council General Office's 2027 holiday notice (the Working-day calendar page "
    "or wangjian calendar import-year)."
)

YEAR_2027_YAML = """\
year: 2027
source_document: 测试数据：2027年部分节假日安排（非真实通知）
published_on: 2026-11-10
days:
  - {date: 2027-01-01, is_working_day: false, name: 元旦}
  - {date: 2027-02-08, is_working_day: false, name: 春节}
  - {date: 2027-02-20, is_working_day: true, name: 春节调休上班}
"""


@pytest.mark.django_db
def test_add_working_days_prints_only_the_date(capsys):
    status = main(["calendar", "add-working-days", "2026-09-30", "7"])

    assert status == 0
    assert capsys.readouterr().out == "2026-10-15\n"


@pytest.mark.django_db
def test_add_working_days_accepts_a_negative_count(capsys):
    status = main(["calendar", "add-working-days", "2026-10-08", "-1"])

    assert status == 0
    assert capsys.readouterr().out == "2026-09-30\n"


@pytest.mark.django_db
def test_is_working_day_names_make_up_days_and_holidays(capsys):
    assert main(["calendar", "is-working-day", "2026-10-10"]) == 0
    assert main(["calendar", "is-working-day", "2026-10-01"]) == 0

    assert capsys.readouterr().out == (
        "2026-10-10 工作日 / working day\n2026-10-01 休息日 / rest day\n"
    )


@pytest.mark.django_db
def test_between_prints_the_count(capsys):
    status = main(["calendar", "between", "2026-09-30", "2026-10-15"])

    assert status == 0
    assert capsys.readouterr().out == "7\n"


@pytest.mark.django_db
def test_calendar_day_deadline_moves_off_the_holiday(capsys):
    status = main(["calendar", "calendar-day-deadline", "2026-09-24", "7"])

    assert status == 0
    assert capsys.readouterr().out == "2026-10-08\n"


def test_a_bad_date_exits_1_with_a_bilingual_message(capsys):
    status = main(["calendar", "add-working-days", "2026-13-01", "7"])

    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "日期 '2026-13-01' 格式错误，应为 YYYY-MM-DD / bad date '2026-13-01': expected YYYY-MM-DD\n"
    )


def test_a_non_integer_count_exits_1(capsys):
    status = main(["calendar", "add-working-days", "2026-09-30", "seven"])

    assert status == 1
    assert capsys.readouterr().err == ("工作日数 'seven' 须为整数 / n 'seven' must be an integer\n")


@pytest.mark.django_db
def test_an_uncovered_year_exits_1_and_says_what_to_do(capsys):
    status = main(["calendar", "add-working-days", "2027-01-04", "1"])

    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == NOT_COVERED_2027 + "\n"


@pytest.mark.django_db
def test_an_uncovered_year_is_explained_in_the_users_language_only(capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    status = main(["calendar", "add-working-days", "2027-01-04", "1"])

    assert status == 1
    assert capsys.readouterr().err == NOT_COVERED_2027_EN + "\n"


@pytest.mark.django_db
def test_import_year_from_yaml_then_2027_works(tmp_path, capsys, system_admin):
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027_YAML, encoding="utf-8")

    status = main(["calendar", "import-year", str(path), "--as", system_admin.username])

    assert status == 0
    assert capsys.readouterr().out == (
        "2027 年工作日年度表已录入：3 个例外日 / working-day table for 2027 entered: "
        "3 exception days\n"
    )
    event = AuditEvent.objects.get(event_type="core.working_day_year_entered")
    assert event.actor == system_admin
    assert main(["calendar", "add-working-days", "2027-02-05", "1"]) == 0
    assert capsys.readouterr().out == "2027-02-09\n"


@pytest.mark.django_db
def test_import_year_from_json(tmp_path, capsys, system_admin):
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {
                "year": 2027,
                "source_document": "测试数据：2027年部分节假日安排（非真实通知）",
                "published_on": "2026-11-10",
                "days": [{"date": "2027-01-01", "is_working_day": False, "name": "元旦"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    status = main(["calendar", "import-year", str(path), "--as", system_admin.username])

    assert status == 0
    assert main(["calendar", "is-working-day", "2027-01-01"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2027-01-01 休息日 / rest day"


@pytest.mark.django_db
def test_import_year_as_a_user_without_the_capability_exits_1(tmp_path, capsys, regulator):
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027_YAML, encoding="utf-8")

    status = main(["calendar", "import-year", str(path), "--as", regulator.username])

    assert status == 1
    assert capsys.readouterr().err == (
        "无权管理工作日年度表 / not permitted to manage the working-day calendar\n"
    )
    assert not WorkingDayYear.objects.exists()


@pytest.mark.django_db
def test_import_year_as_an_unknown_user_exits_1(tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027_YAML, encoding="utf-8")

    status = main(["calendar", "import-year", str(path), "--as", "nobody"])

    assert status == 1
    assert capsys.readouterr().err == "用户 'nobody' 不存在 / no user 'nobody'\n"


@pytest.mark.django_db
def test_import_year_with_a_weekend_holiday_exits_1_naming_the_date(tmp_path, capsys, system_admin):
    path = tmp_path / "2027.yaml"
    path.write_text(
        YEAR_2027_YAML + "  - {date: 2027-01-03, is_working_day: false, name: 元旦}\n",
        encoding="utf-8",
    )

    status = main(["calendar", "import-year", str(path), "--as", system_admin.username])

    assert status == 1
    assert capsys.readouterr().err.startswith("2027-01-03（星期日）本为休息日")
    assert not WorkingDayYear.objects.exists()


@pytest.mark.django_db
def test_import_year_with_missing_fields_exits_1(tmp_path, capsys, system_admin):
    path = tmp_path / "2027.yaml"
    path.write_text("year: 2027\ndays: []\n", encoding="utf-8")

    status = main(["calendar", "import-year", str(path), "--as", system_admin.username])

    assert status == 1
    assert capsys.readouterr().err == (
        f"{path} 缺少字段 source_document, published_on / {path} lacks "
        "source_document, published_on\n"
    )


@pytest.mark.django_db
def test_delete_year_removes_the_table(tmp_path, capsys, system_admin):
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027_YAML, encoding="utf-8")
    main(["calendar", "import-year", str(path), "--as", system_admin.username])
    capsys.readouterr()

    status = main(
        ["calendar", "delete-year", "2027", "--as", system_admin.username, "--reason", "测试"]
    )

    assert status == 0
    assert capsys.readouterr().out == (
        "2027 年工作日年度表已删除 / working-day table for 2027 deleted\n"
    )
    assert main(["calendar", "is-working-day", "2027-01-04"]) == 1
