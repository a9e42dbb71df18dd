"""Lexicon rules (2026.12.4): word lists crossed with patterns, and the contexts that generalise."""

import pytest

from wangjian.monitoring.engine.rules import RulePackError, load_rule_pack

PACK = load_rule_pack()


def _surfaced(findings):
    return [(f.rule, f.verdict) for f in findings if f.verdict != "exempt"]


def test_every_lexicon_names_its_source_and_version_and_is_used():
    used = set()
    for path in PACK.directory.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        used |= {name for name in PACK.lexicons if name in text and path.name != "lexicons.yaml"}

    assert PACK.lexicons
    for lexicon in PACK.lexicons.values():
        assert lexicon.source
        assert lexicon.version
        assert lexicon.entries
    assert used == set(PACK.lexicons)


@pytest.mark.parametrize("wording", PACK.lexicons["health_food_functions"].entries)
def test_each_approved_health_food_function_with_the_statement_is_not_flagged(engine, wording):
    findings = engine.scan_text(f"{wording}。本品不能代替药物。", category="health_food")

    assert _surfaced(findings) == []


def test_a_claim_beyond_the_approved_functions_is_flagged_for_a_health_food(engine):
    findings = engine.scan_text("护肝排毒，修复肝功能。本品不能代替药物。", category="health_food")

    assert ("HF-005", "needs_substantiation") in _surfaced(findings)


def test_a_disease_with_an_effect_verb_is_a_violation_and_alone_needs_a_look(engine):
    with_verb = engine.scan_text("坚持泡脚，预防中风", category="food")
    alone = engine.scan_text("中风人群也可食用", category="food")

    assert ("MC-005", "violation") in _surfaced(with_verb)
    assert _surfaced(alone) == [("MC-005", "needs_substantiation")]


def test_a_new_lexicon_entry_reaches_the_rules_that_use_it(tmp_path):
    import shutil

    copy = tmp_path / "pack"
    shutil.copytree(PACK.directory, copy)
    lexicons = copy / "lexicons.yaml"
    lexicons.write_text(
        lexicons.read_text(encoding="utf-8").replace("中耳炎,", "中耳炎, 麦粒肿,"), "utf-8"
    )
    from wangjian.monitoring.engine.engine import Engine

    findings = Engine(load_rule_pack(copy)).scan_text("热敷眼罩，治疗麦粒肿")

    assert ("MC-005", "violation") in _surfaced(findings)


def test_an_unknown_lexicon_is_refused_naming_the_rule(tmp_path):
    import shutil

    copy = tmp_path / "pack"
    shutil.copytree(PACK.directory, copy)
    family = copy / "medical_claims.yaml"
    family.write_text(
        family.read_text(encoding="utf-8").replace(
            "terms_from: [diseases, symptoms]", "terms_from: [diseasez]", 1
        ),
        "utf-8",
    )

    with pytest.raises(RulePackError, match=r"MC-005.*terms_from.*diseasez"):
        load_rule_pack(copy)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("CPU最大主频:32MHz", "AT-001"),
        ("红包金额最低5元", "AT-001"),
        ("建议多试几款，挑选最适合的进行使用", "AT-001"),
        ("上海市第一人民医院眼科", "AT-002"),
        ("安全第一，质量第一", "AT-002"),
        ("本品不能代替药物治疗糖尿病", "MC-005"),
    ],
)
def test_exemption_contexts_that_generalise(engine, text, rule):
    findings = engine.scan_text(text)

    assert not [f for f in findings if f.rule == rule and f.verdict != "exempt"], findings
