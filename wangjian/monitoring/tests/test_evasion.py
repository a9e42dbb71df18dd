"""Evasion forms are caught, and every finding points at the evasive text in the original."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wangjian.monitoring.engine.normalise import Normaliser


def _hits(engine, text, **fields):
    return [(f.rule, f.match, f.start, f.end) for f in engine.scan_text(text, **fields)]


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("全网ＮＯ．１爆款", "AT-002", "ＮＯ．１"),
        ("ｔｏｐ１好物", "AT-002", "ｔｏｐ１"),
        ("Ａ货手表", "PG-001", "Ａ货"),
    ],
)
def test_full_width_forms_are_caught(engine, text, rule, match):
    findings = _hits(engine, text)

    start = text.index(match)
    assert (rule, match, start, start + len(match)) in findings


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("國家級產品，品質保障", "AT-003", "國家級"),
        ("絕對正品", "AT-003", "絕對"),
        ("好評返現五元", "FR-001", "好評返現"),
        ("本茶可降血糖，治療糖尿病", "MC-001", "治療"),
    ],
)
def test_traditional_characters_are_caught(engine, text, rule, match):
    findings = _hits(engine, text)

    start = text.index(match)
    assert (rule, match, start, start + len(match)) in findings


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("市面上最*好的净化器", "最*好"),
        ("市面上最 好的净化器", "最 好"),
        ("市面上最　好的净化器", "最　好"),
        ("市面上最★☆好的净化器", "最★☆好"),
        ("市面上最\u200b佳的净化器", "最\u200b佳"),
        ("市面上最-_-好的净化器", "最-_-好"),
        ("市面上最——好的净化器", "最——好"),
        ("市面上最\U0001f525好的净化器", "最\U0001f525好"),
    ],
)
def test_symbols_spaces_and_zero_width_characters_inside_terms_are_caught(engine, text, match):
    (finding,) = [f for f in engine.scan_text(text) if f.rule == "AT-001"]

    assert finding.match == match
    assert text[finding.start : finding.end] == match
    assert finding.verdict == "violation"
    assert "经规范化识别为" in finding.explanation


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("zui好的面膜", "AT-001", "zui好"),
        ("最hao的面膜", "AT-001", "最hao"),
        ("ZUIJIA选择", "AT-001", "ZUIJIA"),
        ("全网diyi", "AT-002", "diyi"),
        ("guo家级工艺", "AT-003", "guo家级"),
        ("蕞好的面膜", "AT-001", "蕞好"),
        ("hp返现5元", "FR-001", "hp返现"),
        ("haoping返现", "FR-001", "haoping返现"),
    ],
)
def test_pinyin_and_homophone_forms_of_common_terms_are_caught(engine, text, rule, match):
    findings = _hits(engine, text)

    start = text.index(match)
    assert (rule, match, start, start + len(match)) in findings


def test_a_line_break_is_not_an_inserted_symbol(engine):
    assert [f for f in engine.scan_text("质量最\n好评如潮") if f.rule == "AT-001"] == []


def test_offsets_survive_several_evasions_in_one_text(engine):
    text = "國家級 工艺，最 * 佳 品质，ＴＯＰ１，全网最低价"
    findings = engine.scan_text(text)

    assert [(f.rule, text[f.start : f.end]) for f in findings] == [
        ("AT-003", "國家級"),
        ("AT-001", "最 * 佳"),
        ("AT-002", "ＴＯＰ１"),
        ("PR-002", "全网最低价"),
    ]


NORMALISER = Normaliser()
SEPARATOR_TEXT = st.text(alphabet="最好佳第一國級ＴＯ１ *★\u200b\n，。ab", max_size=40)


@settings(max_examples=300, deadline=None)
@given(SEPARATOR_TEXT)
def test_every_normalised_character_maps_back_to_an_original_character(text):
    normalised = NORMALISER.normalise(text)

    positions = [normalised.to_original(index) for index in range(len(normalised.text))]
    assert positions == sorted(set(positions))
    assert all(0 <= position < len(text) for position in positions)
    for index, position in enumerate(positions):
        original = text[position]
        assert NORMALISER.replacements.get(original, original) == normalised.text[index]
    assert normalised.text.count("\n") == text.count("\n")


SEPARATOR = st.sampled_from([" ", "*", "　", "\u200b", "★", "-", "~", "/", "\U0001f525"])
FILLER = st.text(alphabet="包邮品质保证好物推荐，。 \n", max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    before=FILLER,
    after=FILLER,
    term=st.sampled_from(["最好", "最佳", "国家级", "绝对", "好评返现"]),
    separators=st.lists(SEPARATOR, min_size=3, max_size=3),
    title=FILLER,
)
def test_a_term_broken_up_by_separators_is_found_at_its_original_place(
    engine, before, after, term, separators, title
):
    broken = term[0] + "".join(
        separator + character for separator, character in zip(separators, term[1:], strict=False)
    )
    text = before + "。" + broken + "。" + after

    findings = [f for f in engine.scan_text(text, title=title) if f.field == "text"]

    assert broken in [text[f.start : f.end] for f in findings]
    assert all(text[f.start : f.end] == f.match for f in findings)
