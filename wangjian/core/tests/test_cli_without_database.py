"""The command line on a checkout with no migrated database: packaged data answers, anything
else says in one line, in the reader's language, what to run."""

from wangjian.core.tests.commandline import run_without_database

NOT_MIGRATED_ZH = "数据库尚未完成迁移：请先运行 wangjian manage migrate，再执行此命令。\n"
NOT_MIGRATED_EN = (
    "The database has not been migrated: run wangjian manage migrate first, then run this "
    "command again.\n"
)
REGISTRY_IMPORT = ("registry", "import", "submission.csv", "--platform", "91350100M000100Y43")


def test_working_days_come_from_the_package_without_a_database(tmp_path):
    completed = run_without_database(tmp_path, "calendar", "add-working-days", "2026-09-30", "7")

    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "2026-10-15\n", "")


def test_the_make_up_saturday_is_a_working_day_without_a_database(tmp_path):
    completed = run_without_database(tmp_path, "calendar", "is-working-day", "2026-10-10")

    assert completed.returncode == 0
    assert completed.stdout == "2026-10-10 工作日 / working day\n"


def test_a_command_needing_the_database_says_to_migrate_in_chinese(tmp_path):
    completed = run_without_database(tmp_path, *REGISTRY_IMPORT, locale={"LANG": "zh_CN.UTF-8"})

    assert completed.returncode == 2
    assert completed.stderr == NOT_MIGRATED_ZH
    assert "Traceback" not in completed.stdout + completed.stderr


def test_a_command_needing_the_database_says_to_migrate_in_english_only(tmp_path):
    completed = run_without_database(tmp_path, *REGISTRY_IMPORT, locale={"LANG": "en_US.UTF-8"})

    assert completed.returncode == 2
    assert completed.stderr == NOT_MIGRATED_EN


def test_lc_all_overrides_lang_and_an_unset_locale_gives_chinese(tmp_path):
    chinese = run_without_database(
        tmp_path, "divisions", "show", "310110", locale={"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US"}
    )
    english = run_without_database(
        tmp_path, "divisions", "show", "310110", locale={"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN"}
    )
    unset = run_without_database(tmp_path, "divisions", "show", "310110")

    assert [chinese.stderr, english.stderr, unset.stderr] == [
        NOT_MIGRATED_ZH,
        NOT_MIGRATED_EN,
        NOT_MIGRATED_ZH,
    ]
    assert {chinese.returncode, english.returncode, unset.returncode} == {2}


def test_identifier_checks_need_no_database(tmp_path):
    completed = run_without_database(tmp_path, "id", "check", "914403001922038216")

    assert (completed.returncode, completed.stdout) == (0, "914403001922038216 valid\n")
