"""``wangjian id check``, in process through ``wangjian.cli.main`` and once as a real process."""

import json
import os
import subprocess
import sys

import pytest

from wangjian.cli import main

CHECK_CHARACTER_Z_REASON = (
    "校验码错误：第18位应为 3，实为 Z（GB 32100-2015 校验码）"
    " / check character wrong: position 18 should be 3, found Z (GB 32100-2015 check code)"
)
FUJIAN_REASON = (
    "校验码错误：第18位应为 1，实为 M（GB 32100-2015 校验码）"
    " / check character wrong: position 18 should be 1, found M (GB 32100-2015 check code)"
)


def test_valid_codes_exit_0_with_one_line_each(capsys):
    status = main(["id", "check", "914403001922038216", "91350100M000100Y43"])

    assert status == 0
    assert capsys.readouterr().out == "914403001922038216 valid\n91350100M000100Y43 valid\n"


def test_wrong_check_character_exits_1_and_names_the_check(capsys):
    status = main(["id", "check", "91350100M000100Y4Z"])

    assert status == 1
    assert capsys.readouterr().out == f"91350100M000100Y4Z invalid: {CHECK_CHARACTER_Z_REASON}\n"


def test_one_invalid_code_among_valid_ones_fails_the_run(capsys):
    status = main(["id", "check", "914403001922038216", "91350100M000100Y4Z"])

    assert status == 1
    assert capsys.readouterr().out.splitlines() == [
        "914403001922038216 valid",
        f"91350100M000100Y4Z invalid: {CHECK_CHARACTER_Z_REASON}",
    ]


def test_pilot_code_is_rejected_by_default(capsys):
    status = main(["id", "check", "91350100M0001TGQXM"])

    assert status == 1
    assert capsys.readouterr().out == f"91350100M0001TGQXM invalid: {FUJIAN_REASON}\n"


def test_pilot_code_is_valid_with_warning_under_warn_policy(capsys):
    status = main(["id", "check", "--policy", "warn", "91350100M0001TGQXM"])

    assert status == 0
    assert capsys.readouterr().out == (
        "91350100M0001TGQXM valid (warning: "
        "校验码错误：第18位应为 1，实为 M（GB 32100-2015 校验码）"
        "；组织机构代码校验通过，来自权威来源的记录按试点期代码接受 / check character wrong:"
        " position 18 should be 1, found M (GB 32100-2015 check code); the organisation code"
        " check passes, so a record from an authoritative source is accepted as a pilot-era"
        " code)\n"
    )


def test_warn_policy_still_rejects_a_check_character_outside_the_charset(capsys):
    status = main(["id", "check", "--policy", "warn", "91350100M000100Y4Z"])

    assert status == 1
    assert capsys.readouterr().out == f"91350100M000100Y4Z invalid: {CHECK_CHARACTER_Z_REASON}\n"


def test_json_output_lists_every_field(capsys):
    status = main(["id", "check", "--json", "914403001922038216", "91350100M000100Y4Z"])

    assert status == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "kind": "uscc",
            "value": "914403001922038216",
            "valid": True,
            "failed_check": None,
            "reason_zh": None,
            "reason_en": None,
            "legal_basis": "gb-32100-2015",
            "accepted": True,
            "warning": None,
        },
        {
            "kind": "uscc",
            "value": "91350100M000100Y4Z",
            "valid": False,
            "failed_check": "uscc_check_character",
            "reason_zh": "校验码错误：第18位应为 3，实为 Z（GB 32100-2015 校验码）",
            "reason_en": "check character wrong: position 18 should be 3, found Z"
            " (GB 32100-2015 check code)",
            "legal_basis": "gb-32100-2015",
            "accepted": False,
            "warning": None,
        },
    ]


def test_json_output_under_warn_keeps_valid_false_but_accepts(capsys):
    status = main(["id", "check", "--json", "--policy", "warn", "91350100M0001TGQXM"])

    assert status == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["failed_check"] == "uscc_check_character"
    assert report["accepted"] is True
    assert report["warning"].startswith("校验码错误：第18位应为 1，实为 M")


def test_resident_id_numbers_are_printed_masked(capsys):
    status = main(["id", "check", "11010519491231002X", "110105194912310021"])

    output = capsys.readouterr().out
    assert status == 1
    assert output.splitlines() == [
        "110105********002X valid",
        "110105********0021 invalid: 校验码错误：第18位应为 X，实为 1（GB 11643-1999 校验码）"
        " / check character wrong: position 18 should be X, found 1 (GB 11643-1999 check code)",
    ]
    assert "19491231" not in output


def test_resident_id_numbers_are_masked_in_json(capsys):
    main(["id", "check", "--json", "11010519491231002X"])

    output = capsys.readouterr().out
    assert json.loads(output)[0]["value"] == "110105********002X"
    assert "19491231" not in output


def test_full_width_input_is_printed_normalised(capsys):
    status = main(["id", "check", "９１４４０３００１９２２０３８２１６"])

    assert status == 0
    assert capsys.readouterr().out == "914403001922038216 valid\n"


def test_kind_option_forces_the_scheme(capsys):
    status = main(["id", "check", "--kind", "uscc", "11010519491231002X"])

    assert status == 1
    assert capsys.readouterr().out == (
        "11010519491231002X invalid: 组织机构代码校验码错误：第17位应为 5，实为 2"
        "（GB 11714-1997 校验码） / organisation code check character wrong: position 17 should"
        " be 5, found 2 (GB 11714-1997 check code)\n"
    )


def test_unknown_policy_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["id", "check", "--policy", "lenient", "914403001922038216"])

    assert exit_info.value.code == 2
    assert "invalid choice: 'lenient'" in capsys.readouterr().err


def test_check_without_codes_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["id", "check"])

    assert exit_info.value.code == 2
    assert "the following arguments are required: CODE" in capsys.readouterr().err


def test_id_without_subcommand_prints_help_and_exits_2(capsys):
    status = main(["id"])

    assert status == 2
    assert "check" in capsys.readouterr().out


def test_console_entry_runs_as_a_separate_process(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("WANGJIAN_")
    }
    environment |= {"WANGJIAN_DEBUG": "1", "WANGJIAN_BASE_DIR": str(tmp_path)}

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "wangjian",
            "id",
            "check",
            "914403001922038216",
            "91350100M000100Y4Z",
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 1
    assert completed.stdout == (
        f"914403001922038216 valid\n91350100M000100Y4Z invalid: {CHECK_CHARACTER_Z_REASON}\n"
    )
