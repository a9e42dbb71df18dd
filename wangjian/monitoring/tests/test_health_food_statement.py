"""HF-001 judges advertising text, not one label item; HF-006 raises a reworded statement."""

from wangjian.monitoring.engine.engine import Engine


def _rules(text, category="health_food", source_type="listing"):
    engine = Engine(None)
    return [
        (f.rule, f.verdict, f.match, f.start, f.end)
        for f in engine.scan_text(text, category=category, source_type=source_type)
        if f.rule in ("HF-001", "HF-006")
    ]


def test_a_label_item_alone_is_not_an_advertisement_without_the_statement():
    assert _rules("免疫力低下者、易疲劳者") == []
    assert _rules("【适宜人群】中老年人") == []
    assert _rules("适宜人群：需要补充钙、镁、维生素D的成人") == []
    assert _rules("肾功能不全者慎用。孕妇、乳母建议咨询医生。") == []
    assert _rules("每日1次，每次2粒，温开水送服。") == []


def test_a_label_item_followed_by_a_claim_is_read_as_an_advertisement():
    assert _rules("增强免疫力，免疫力低下者、易疲劳者") == [("HF-001", "violation", "", 0, 0)]
    assert _rules("孕妇慎用。三天提高免疫力！") == [("HF-001", "violation", "", 0, 0)]


def test_a_reworded_statement_goes_to_review_at_its_place_in_the_original_text():
    text = "增强免疫力。本品不能替代药物。"
    assert _rules(text) == [("HF-006", "needs_substantiation", "不能替代药物", 8, 14)]
    assert text[8:14] == "不能替代药物"
    # Split by a space the words are still found, reported on the whole record.
    assert _rules("增强免疫力。本品不能 替代药物。") == [
        ("HF-006", "needs_substantiation", "不能替代药物", 0, 0)
    ]


def test_the_statutory_statement_silences_both_rules_and_other_categories_are_not_read():
    assert _rules("增强免疫力。本品不能代替药物。") == []
    assert _rules("增强免疫力。本品不能替代药物。", category="food") == []
