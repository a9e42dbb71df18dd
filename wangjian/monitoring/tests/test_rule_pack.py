"""The rule pack is law as data: every key cites the core legal catalogue, every threshold
carries its basis and status, and a broken pack is refused with a message naming the place."""

import shutil
from pathlib import Path

import pytest
import yaml

from wangjian.monitoring.engine.rules import RulePackError, load_rule_pack

CATALOGUE = Path(__file__).resolve().parents[2] / "core/data/legal/instruments.yaml"


def _cited_keys(pack):
    keys = {key for rule in pack.rules for key in rule.legal_basis}
    keys |= {key for context in pack.contexts.values() for key in context.legal_basis}
    keys |= {key for parameter in pack.parameters.values() for key in parameter.legal_basis}
    return keys


def test_every_cited_instrument_is_in_the_legal_catalogue():
    if not CATALOGUE.is_file():
        pytest.skip("core legal catalogue data not present")
    catalogue = {
        entry["key"]: entry
        for entry in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["instruments"]
    }
    pack = load_rule_pack()

    instruments = {key.split(":")[0] for key in _cited_keys(pack)}
    assert instruments - set(catalogue) == set()
    for key in _cited_keys(pack):
        instrument, article = key.split(":")
        count = catalogue.get(instrument, {}).get("article_count")
        if count:
            assert 1 <= int(article.split(".")[0]) <= count, key


def test_pack_is_versioned_and_thresholds_carry_basis_and_status():
    pack = load_rule_pack()

    assert pack.label == "default@2026.12.8.1"
    window = pack.parameters["price_comparison_window_days"]
    assert (window.value, window.legal_basis, window.status) == (
        7,
        ("price-marking-rules-2022:16",),
        "confirmed",
    )
    assert pack.parameters["price_raise_lookback_days"].status == "unconfirmed"


def _copy_pack(tmp_path) -> Path:
    directory = tmp_path / "pack"
    shutil.copytree(load_rule_pack().directory, directory)
    return directory


def test_a_rule_without_a_catalogue_key_is_refused(tmp_path):
    directory = _copy_pack(tmp_path)
    path = directory / "other_ad.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[ad-law-2021:9.2]", "[广告法第九条]"),
        encoding="utf-8",
    )

    with pytest.raises(RulePackError) as error:
        load_rule_pack(directory)

    assert str(error.value).startswith("规则包 other_ad.yaml OA-001 字段 legal_basis：")
    assert "rule pack other_ad.yaml OA-001, field legal_basis" in str(error.value)


def test_a_rule_without_examples_is_refused(tmp_path):
    directory = _copy_pack(tmp_path)
    path = directory / "licence_display.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"][0]["must_not_fire"] = []
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(RulePackError, match="LD-001 字段 must_fire/must_not_fire"):
        load_rule_pack(directory)


def test_an_unknown_exemption_context_is_refused(tmp_path):
    directory = _copy_pack(tmp_path)
    path = directory / "price.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "exemptions: [manufacturer_recommended_price", "exemptions: [no_such_context"
        ),
        encoding="utf-8",
    )

    with pytest.raises(RulePackError, match="未定义的情形 no_such_context"):
        load_rule_pack(directory)


def test_a_broken_unless_before_pattern_is_refused(tmp_path):
    directory = _copy_pack(tmp_path)
    path = directory / "contexts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "unless_before: '(国内|", "unless_before: '((国内|", 1
        ),
        encoding="utf-8",
    )

    with pytest.raises(RulePackError, match="bound_to_quantity 字段 unless_before"):
        load_rule_pack(directory)
