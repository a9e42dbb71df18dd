"""The rule pack as a reader sees it: rules grouped by family, their legal basis with the article
text from the legal catalogue, and their examples run through the engine (live documentation).

Read-only: nothing here writes. Merchants read the same pages as a compliance guide, so every
label is spelled out and a catalogue row that is missing is shown as such rather than hidden.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from wangjian.monitoring.engine.records import parse_record
from wangjian.monitoring.engine.rules import (
    SOURCE_TYPES,
    current_rule_pack,
)

FAMILY_LABELS = {
    "absolute_terms": _("绝对化用语"),
    "medical_claims": _("医疗功效宣传"),
    "health_food": _("保健食品广告"),
    "fake_reviews": _("虚假评价与好评诱导"),
    "price": _("价格标示"),
    "prohibited_goods": _("禁售与假冒商品"),
    "other_ad": _("其他广告违法情形"),
    "licence_display": _("证照信息公示"),
    "second_stage": _("模型复核提示"),
}
SEVERITY_LABELS = {
    "low": _("低"),
    "medium": _("中"),
    "high": _("高"),
    "critical": _("严重"),
}
SOURCE_TYPE_LABELS = {
    "listing": _("商品信息"),
    "ad": _("广告"),
    "shop_page": _("店铺首页"),
    "live_transcript": _("直播文字记录"),
    "review": _("用户评价"),
}
VERDICT_LABELS = {
    "violation": _("涉嫌违法"),
    "needs_substantiation": _("需提供证明"),
    "exempt": _("适用例外"),
    "needs_review": _("需人工复核"),
}
NOT_IN_CATALOGUE = _("法律依据目录中暂无该条全文")


def family_label(family: str) -> str:
    return str(FAMILY_LABELS.get(family, family))


@dataclass(frozen=True)
class LegalText:
    """One legal-basis key as shown: the catalogue's citation and article text, or the article
    named in words from its key, with a note, when the catalogue has no such row."""

    key: str
    citation: str
    text: str
    found: bool


def legal_texts(keys) -> dict[str, LegalText]:
    """Every key of ``keys`` with its article from the catalogue, in one query."""
    from wangjian.core.legal_catalogue import format_citation, in_words
    from wangjian.core.models import LegalArticle

    keys = list(dict.fromkeys(keys))
    articles = {
        article.key: article
        for article in LegalArticle.objects.select_related("instrument").filter(key__in=keys)
    }
    shown = {}
    for key in keys:
        article = articles.get(key)
        if article is None:
            shown[key] = LegalText(key, in_words(key), str(NOT_IN_CATALOGUE), False)
        else:
            citation = format_citation(article.instrument, article.label)
            shown[key] = LegalText(key, citation, article.text, True)
    return shown


@dataclass(frozen=True)
class Span:
    """A text cut around a finding's span, for the template to print with the match marked.

    Slicing the original text (rather than inserting markup) keeps every part autoescaped."""

    before: str
    match: str
    after: str
    cut_before: bool = False
    cut_after: bool = False


def span_parts(text: str, start: int, end: int, window: int | None = None) -> Span:
    """``text`` split at [start, end); with ``window``, only that many characters each side."""
    text = text or ""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    low = 0 if window is None else max(0, start - window)
    high = len(text) if window is None else min(len(text), end + window)
    return Span(text[low:start], text[start:end], text[end:high], low > 0, high < len(text))


@dataclass(frozen=True)
class RuleView:
    rule: object
    family_label: str
    severity_label: str
    source_type_labels: list
    legal: list
    verdict_label: str
    examples: list  # (kind, example, expected) for must-fire, then must-not-fire
    explanation: str
    category_labels: list
    excluded_category_labels: list


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


def verdict_label(verdict: str) -> str:
    return str(VERDICT_LABELS.get(verdict, verdict))


def _example_kinds(rule):
    return (("must_fire", rule.must_fire), ("must_not_fire", rule.must_not_fire))


def _rule_view(rule, texts: dict[str, LegalText]) -> RuleView:
    return RuleView(
        rule=rule,
        family_label=family_label(rule.family),
        severity_label=severity_label(rule.severity),
        verdict_label=verdict_label(rule.verdict),
        examples=[
            (kind, example, _expected(kind, example))
            for kind, examples in _example_kinds(rule)
            for example in examples
        ],
        source_type_labels=[
            str(SOURCE_TYPE_LABELS[source])
            for source in SOURCE_TYPES
            if source in rule.source_types
        ],
        legal=[texts[key] for key in rule.legal_basis],
        explanation=rule_explanation(rule),
        category_labels=[category_label(c) for c in sorted(rule.categories)],
        excluded_category_labels=[category_label(c) for c in sorted(rule.exclude_categories)],
    )


def category_label(category: str) -> str:
    """A product category as the rule pack names it in Chinese (``medical_device`` → 医疗器械)."""
    return current_rule_pack(None).categories.get(category, category)


def rule_explanation(rule) -> str:
    """The rule's explanation as a reader of the rule page needs it: a finding fills ``{term}``
    with the words it matched, the rule page with the rule's first few terms."""
    if "{term}" not in rule.explanation:
        return rule.explanation
    shown = "".join(f"「{term}」" for term in rule.terms[:3]) or f"「{_('所列用语')}」"
    if len(rule.terms) > 3:
        shown += str(_("等用语"))
    return rule.explanation.replace("「{term}」", shown).replace("{term}", shown)


def rule_groups(pack) -> list[tuple[str, str, list[RuleView]]]:
    """``(family, family label, rules)`` in the pack's order."""
    texts = legal_texts(key for rule in pack.rules for key in rule.legal_basis)
    groups: dict[str, list[RuleView]] = {}
    for rule in pack.rules:
        groups.setdefault(rule.family, []).append(_rule_view(rule, texts))
    return [(family, family_label(family), views) for family, views in groups.items()]


def rule_view(rule) -> RuleView:
    return _rule_view(rule, legal_texts(rule.legal_basis))


def example_source_type(rule, example) -> str:
    """The example's own source type, else the first one the rule applies to."""
    if example.source_type:
        return example.source_type
    return next(source for source in SOURCE_TYPES if source in rule.source_types)


@dataclass
class ExampleRun:
    """One example of a rule and what the engine finds in it now."""

    kind: str  # "must_fire" or "must_not_fire"
    example: object
    source_type: str
    expected: str
    findings: list = field(default_factory=list)
    # (finding, Span or None, verdict label): a record check (price history, licence) has no
    # text span.
    results: list = field(default_factory=list)
    passed: bool = False
    error: str = ""

    @property
    def found_verdicts(self) -> list[str]:
        return [finding.verdict for finding in self.findings]

    @property
    def source_type_label(self) -> str:
        return str(SOURCE_TYPE_LABELS.get(self.source_type, self.source_type))

    @property
    def category_label(self) -> str:
        return category_label(self.example.category) if self.example.category else ""


def _expected(kind: str, example) -> str:
    if kind == "must_fire":
        verdict = verdict_label(example.verdict)
        return f"{verdict}（{example.match}）" if example.match else verdict
    return str(_("不应命中（或仅为适用例外）"))


def run_examples(rule, engine) -> list[ExampleRun]:
    """Scan each example of ``rule`` as the rule-pack tests do and compare with its expectation:
    a must-fire example gives a finding of this rule with its verdict (and match, if given); a
    must-not-fire example gives none but exempt ones."""
    runs = []
    for kind, examples in _example_kinds(rule):
        for number, example in enumerate(examples, start=1):
            source_type = example_source_type(rule, example)
            run = ExampleRun(kind, example, source_type, _expected(kind, example))
            raw = {
                "id": f"{rule.id}-{kind}-{number}",
                "text": example.text,
                "source_type": source_type,
                "category": example.category or "",
                **example.fields,
            }
            try:
                record = parse_record(raw, number, engine.pack.category_aliases)
            except ValueError as error:
                run.error = str(error)
                runs.append(run)
                continue
            run.findings = [found for found in engine.scan(record) if found.rule == rule.id]
            run.results = [
                (
                    found,
                    span_parts(example.text, found.start, found.end)
                    if found.field == "text" and found.end > found.start
                    else None,
                    verdict_label(found.verdict),
                )
                for found in run.findings
            ]
            if kind == "must_fire":
                run.passed = any(
                    found.verdict == example.verdict and example.match in (None, found.match)
                    for found in run.findings
                )
            else:
                run.passed = all(found.verdict == "exempt" for found in run.findings)
            runs.append(run)
    return runs
