"""Every example in the rule pack runs as a test: must_fire examples fire with their verdict,
must_not_fire examples give no violation and no needs-substantiation finding for the rule."""

import pytest

from wangjian.monitoring.engine.records import parse_record
from wangjian.monitoring.engine.rules import load_rule_pack

PACK = load_rule_pack()


def _default_source_type(rule) -> str:
    for source_type in ("listing", "ad", "shop_page", "live_transcript", "review"):
        if source_type in rule.source_types:
            return source_type
    raise AssertionError(rule.id)


def _record(rule, example):
    raw = {
        "id": f"{rule.id}-example",
        "text": example.text,
        "source_type": example.source_type or _default_source_type(rule),
        "category": example.category or "",
        **example.fields,
    }
    return parse_record(raw, 1, PACK.category_aliases)


FIRING = [
    pytest.param(rule, example, id=f"{rule.id}-fire-{number}")
    for rule in PACK.rules
    for number, example in enumerate(rule.must_fire)
]
SILENT = [
    pytest.param(rule, example, id=f"{rule.id}-silent-{number}")
    for rule in PACK.rules
    for number, example in enumerate(rule.must_not_fire)
]


@pytest.mark.parametrize(("rule", "example"), FIRING)
def test_example_fires(engine, rule, example):
    findings = [f for f in engine.scan(_record(rule, example)) if f.rule == rule.id]

    matching = [
        f for f in findings if f.verdict == example.verdict and (example.match in (None, f.match))
    ]
    assert matching, [(f.match, f.verdict, f.context) for f in findings]
    finding = matching[0]
    assert finding.legal_basis[: len(rule.legal_basis)] == rule.legal_basis
    assert finding.family == rule.family
    if finding.field in ("text", "title") and finding.end > finding.start:
        source = example.text
        assert source[finding.start : finding.end] == finding.match


@pytest.mark.parametrize(("rule", "example"), SILENT)
def test_example_does_not_fire(engine, rule, example):
    findings = [f for f in engine.scan(_record(rule, example)) if f.rule == rule.id]

    assert [f for f in findings if f.verdict != "exempt"] == []


def test_every_rule_has_examples_both_ways():
    assert all(rule.must_fire and rule.must_not_fire for rule in PACK.rules)
    assert {rule.family for rule in PACK.rules} == {
        "absolute_terms",
        "medical_claims",
        "health_food",
        "fake_reviews",
        "price",
        "prohibited_goods",
        "other_ad",
        "licence_display",
    }
