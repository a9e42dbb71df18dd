import copy
import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangjian.cli import main
from wangjian.inspections.draw import (
    DrawError,
    DrawRecord,
    hkdf_expand,
    hkdf_extract,
    perform_draw,
    pool_digest,
    rfc3797_key,
    rfc3797_select,
    verify_record,
)

RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"


def test_key_string_follows_rfc3797_encoding():
    assert rfc3797_key([[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]) == RFC_KEY
    # Decimal sources are written x.y with trailing zeros dropped and no "." after them.
    assert rfc3797_key([[3.1400, 2]]) == "2.3.14/"


def test_rfc3797_reproduces_the_published_example():
    # RFC 3797 §6: the first hash is 990DD0A5…3459 and selects 17.
    first = hashlib.md5(b"\x00\x00" + RFC_KEY.encode() + b"\x00\x00").hexdigest().upper()
    assert (first[:8], first[-4:]) == ("990DD0A5", "3459")
    assert rfc3797_select(25, 5, RFC_KEY) == [17, 7, 2, 16, 25]


def test_rfc3797_cli_prints_positions_in_selection_order(capsys):
    assert main(["draw", "rfc3797", "--pool-size", "25", "--count", "5", "--key", RFC_KEY]) == 0
    assert capsys.readouterr().out == "17\n7\n2\n16\n25\n"
    assert main(["draw", "rfc3797", "--pool-size", "70000", "--count", "1", "--key", "1./"]) == 1
    assert "65535" in capsys.readouterr().err


@given(st.integers(min_value=1, max_value=300), st.data())
def test_more_selections_never_change_earlier_ones(pool_size, data):
    count = data.draw(st.integers(min_value=0, max_value=pool_size))
    key = rfc3797_key([data.draw(st.lists(st.integers(0, 99), min_size=1, max_size=6))])
    longer = rfc3797_select(pool_size, pool_size, key)
    assert rfc3797_select(pool_size, count, key) == longer[:count]
    assert sorted(longer) == list(range(1, pool_size + 1))


def test_hkdf_matches_rfc5869_test_case_1():
    prk = hkdf_extract(bytes.fromhex("000102030405060708090a0b0c"), bytes.fromhex("0b" * 22))
    assert prk.hex() == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
    okm = hkdf_expand(prk, bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42)
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


def stratified_record() -> DrawRecord:
    pool = [
        {"id": f"9131011000000{n:04d}", "stratum": "A" if n < 6 else "C", "label": f"企业{n}"}
        for n in range(20)
    ]
    return DrawRecord(
        algorithm="hkdf-sha256",
        title="2026年第四季度网络交易双随机抽查",
        pool=pool,
        pool_sha256=pool_digest(pool),
        plan={"A": 1, "C": 5},
        sources=[
            {"name": "中国福利彩票双色球第2026135期", "values": [3, 9, 14, 21, 27, 30, 11]},
            {"name": "上证综合指数2026-11-20收盘", "values": [3371.52]},
        ],
        seed_commitment=hashlib.sha256("科长保管的种子".encode()).hexdigest(),
        seed="科长保管的种子",
    )


def test_a_stratified_draw_verifies_and_selects_only_within_each_stratum():
    record = perform_draw(stratified_record())
    assert [len(record.results["A"]), len(record.results["C"])] == [1, 5]
    strata = {entry["id"]: entry["stratum"] for entry in record.pool}
    assert {strata[i] for i in record.results["A"]} == {"A"}
    assert {strata[i] for i in record.results["C"]} == {"C"}
    assert all(step.passed for step in verify_record(record))


def test_strata_are_independent_of_each_other():
    record = perform_draw(stratified_record())
    changed = stratified_record()
    changed.plan = {"A": 1, "C": 9}
    changed = perform_draw(changed)
    # A larger sample in C keeps A's pick and extends C's list.
    assert changed.results["A"] == record.results["A"]
    assert changed.results["C"][:5] == record.results["C"]


@pytest.mark.parametrize(
    ("tamper", "failing_step"),
    [
        (lambda r: r.pool[3].update(label="改名企业"), "pool_commitment"),
        (lambda r: r.sources[0]["values"].__setitem__(0, 4), "key"),
        (lambda r: setattr(r, "seed", "另一个种子"), "seed_commitment"),
        (lambda r: r.results["C"].__setitem__(0, r.results["A"][0]), "results"),
    ],
    ids=["pool entry", "source value", "revealed seed", "result"],
)
def test_any_change_to_a_published_record_fails_verification(tamper, failing_step):
    record = perform_draw(stratified_record())
    tampered = copy.deepcopy(record)
    tamper(tampered)
    failed = [step.name for step in verify_record(tampered) if not step.passed]
    assert failing_step in failed


def test_verify_cli_passes_then_fails_after_editing_the_file(tmp_path, capsys):
    record = perform_draw(stratified_record())
    path = tmp_path / "draw.json"
    path.write_text(record.to_json(), encoding="utf-8")
    assert main(["draw", "verify", str(path)]) == 0
    assert "PASS results" in capsys.readouterr().out
    data = json.loads(path.read_text(encoding="utf-8"))
    data["pool"][0]["id"] = "91310110000009999X"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["draw", "verify", str(path)]) == 1
    output = capsys.readouterr().out
    assert "FAIL pool_commitment" in output
    assert "does NOT follow" in output
    path.write_text("{not json", encoding="utf-8")
    assert main(["draw", "verify", str(path)]) == 2


def test_rfc3797_records_refuse_strata():
    record = stratified_record()
    record.algorithm = "rfc3797"
    with pytest.raises(DrawError, match="unstratified"):
        perform_draw(record)


def test_fast_score_equals_hkdf_expand_and_selection_is_lowest_scores():
    from wangjian.inspections.draw import _score, hkdf_scores, hkdf_select, stratum_salt

    ids = [f"91310110{n:09d}X" for n in range(200)]
    prk = hkdf_extract(stratum_salt("ab" * 32, "S1"), b"1./")
    assert all(_score(prk, cid) == hkdf_expand(prk, cid.encode()) for cid in ids)
    scores = hkdf_scores("ab" * 32, "S1", "1./", ids)
    assert hkdf_select("ab" * 32, "S1", "1./", ids, 7) == sorted(ids, key=scores.get)[:7]


def test_a_draw_verifies_and_rfc3797_selects_on_a_checkout_without_a_database(tmp_path):
    from wangjian.core.tests.commandline import run_without_database

    path = tmp_path / "draw.json"
    path.write_text(perform_draw(stratified_record()).to_json(), encoding="utf-8")

    verified = run_without_database(tmp_path, "draw", "verify", str(path))
    selected = run_without_database(
        tmp_path, "draw", "rfc3797", "--pool-size", "25", "--count", "5", "--key", RFC_KEY
    )

    assert verified.returncode == 0, verified.stderr
    assert "PASS results" in verified.stdout
    assert (selected.returncode, selected.stdout) == (0, "17\n7\n2\n16\n25\n")
