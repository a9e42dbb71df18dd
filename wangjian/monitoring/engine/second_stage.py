"""The learned second stage: a character n-gram linear model that raises texts for review.

Where the rules are silent or unsure (no finding, or only needs-substantiation and exempt
findings), the model scores the text; at or above its threshold it adds one ``needs_review``
finding with the calibrated score and the n-grams that drove it. It never gives ``violation``:
a violation needs a rule with a legal basis (广告法 and the other instruments the rules cite), and
a score is not one.

Training (``wangjian monitoring train``) needs scikit-learn; scoring does not: the model file is
JSON (vocabulary, idf weights, coefficients, calibration) and is applied here in plain Python,
so Spark executors and other programs load it without scikit-learn. The same training data and
seed give a byte-identical file (``train`` sorts everything it writes).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .records import Finding, Record

MODEL_FILE = "second_stage.json"
# Format 2 adds ``groups``: word lists of the rule pack (diseases, endorsers…) each read as one
# feature, so that a disease the training texts never named still counts as a disease.
MODEL_FORMAT = 2
FORMATS = frozenset({1, 2})
RULE_ID = "ML-001"
FAMILY = "second_stage"
VERDICT = "needs_review"
# Consumer speech is not advertising: the model is not applied to reviews.
SOURCE_TYPES = frozenset({"listing", "ad", "shop_page", "live_transcript"})
SURE_VERDICTS = frozenset({"violation"})


def char_ngrams(text: str, low: int, high: int) -> set[str]:
    """The distinct character n-grams of ``text`` (whitespace runs read as one space)."""
    text = " ".join(text.split())
    return {
        text[start : start + size]
        for size in range(low, high + 1)
        for start in range(len(text) - size + 1)
    }


def group_feature(name: str) -> str:
    """The feature name of a word list; 〈〉 never occur in an n-gram of a merchant's text that
    a list could also produce, and keep the name readable among a finding's reasons."""
    return f"〈{name}〉"


def group_features(text: str, groups: dict[str, Sequence[str]]) -> set[str]:
    """The word lists with at least one entry in ``text`` (as ``char_ngrams`` reads it)."""
    text = " ".join(text.split())
    return {
        group_feature(name)
        for name, entries in groups.items()
        if any(entry in text for entry in entries)
    }


@dataclass(frozen=True, slots=True)
class Review:
    score: float
    reasons: tuple[tuple[str, float], ...]


class SecondStage:
    """A trained model file applied to records the rules left open."""

    def __init__(self, model: dict) -> None:
        if model.get("format") not in FORMATS:
            raise ValueError(
                f"模型文件格式 {model.get('format')!r} 不受支持 / unsupported model format"
            )
        self.model = model
        self.low, self.high = model["ngram_range"]
        self.vocabulary = list(model["vocabulary"])
        self.idf = list(model["idf"])
        self.coef = list(model["coef"])
        if not len(self.vocabulary) == len(self.idf) == len(self.coef):
            raise ValueError("模型文件的词表与权重长度不一致 / vocabulary and weights differ")
        # One overlapping automaton over the vocabulary and the word lists' entries finds the
        # features a text has, in Rust, instead of building every n-gram of the text in Python.
        # An entry of a word list stands for its list's feature.
        import ahocorasick_rs

        index_of = {feature: index for index, feature in enumerate(self.vocabulary)}
        patterns = list(self.vocabulary)
        self._feature_of = list(range(len(self.vocabulary)))
        for name, entries in sorted(model.get("groups", {}).items()):
            feature = index_of.get(group_feature(name))
            if feature is None:
                continue  # the list was dropped by the feature cap: it weighs nothing
            for entry in entries:
                patterns.append(entry)
                self._feature_of.append(feature)
        self._weighted = [idf * coef for idf, coef in zip(self.idf, self.coef, strict=True)]
        self._squared = [idf * idf for idf in self.idf]
        self._automaton = ahocorasick_rs.AhoCorasick(
            patterns, matchkind=ahocorasick_rs.MatchKind.Standard
        )
        self.intercept = model["intercept"]
        self.slope, self.offset = model["calibration"]
        self.threshold = model["threshold"]
        self.label = f"{model['pack']}+{RULE_ID}:{model['training_hash'][:12]}"

    @classmethod
    def from_file(cls, path: Path) -> SecondStage:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def for_pack(cls, pack) -> SecondStage | None:
        """The model shipped with a rule pack, if it has one."""
        path = Path(pack.directory) / MODEL_FILE
        return cls.from_file(path) if path.is_file() else None

    def present(self, text: str) -> set[int]:
        """Indexes of the features found in ``text``: its vocabulary n-grams (as ``char_ngrams``
        reads it) and the word lists with an entry in it (as ``group_features`` reads it)."""
        text = " ".join(text.split())
        feature_of = self._feature_of
        return {
            feature_of[index]
            for index, _, _ in self._automaton.find_matches_as_indexes(text, overlapping=True)
        }

    def probability(self, text: str) -> float:
        """The calibrated score alone (``score`` without the reasons; the scanning fast path)."""
        found = self.present(text)
        weighted, squared = self._weighted, self._squared
        norm = math.sqrt(sum(squared[index] for index in found)) or 1.0
        decision = self.intercept + sum(weighted[index] for index in found) / norm
        return 1.0 / (1.0 + math.exp(-(self.slope * decision + self.offset)))

    def score(self, text: str) -> Review:
        """The calibrated probability that a reviewer would want the text, with its reasons."""
        present = [
            (self.vocabulary[index], self.idf[index], self.coef[index])
            for index in self.present(text)
        ]
        norm = math.sqrt(sum(idf * idf for _, idf, _ in present)) or 1.0
        contributions = [(ngram, idf * coefficient / norm) for ngram, idf, coefficient in present]
        decision = self.intercept + sum(value for _, value in contributions)
        probability = 1.0 / (1.0 + math.exp(-(self.slope * decision + self.offset)))
        reasons = sorted(
            (item for item in contributions if item[1] > 0), key=lambda item: (-item[1], item[0])
        )[:5]
        return Review(score=probability, reasons=tuple(reasons))

    def review(self, record: Record, findings: Sequence[Finding]) -> Finding | None:
        """A ``needs_review`` finding for a record the rules left open, or None."""
        if record.source_type not in SOURCE_TYPES:
            return None
        if any(finding.verdict in SURE_VERDICTS for finding in findings):
            return None
        text = f"{record.title}\n{record.text}" if record.title else record.text
        if self.probability(text) < self.threshold:
            return None
        review = self.score(text)
        reasons = "、".join(f"「{ngram}」{weight:+.2f}" for ngram, weight in review.reasons)
        explanation = (
            f"【需复核】模型评分 {review.score:.2f}（阈值 {self.threshold:.2f}）；"
            f"主要依据的字符组合：{reasons or '无'}。模型只提示复核，"
            "是否违法须由有法律依据的规则或执法人员认定。"
        )
        return Finding(
            record.id, RULE_ID, FAMILY, VERDICT, (), 0, 0, "", explanation, "text", "low",
            f"score={review.score:.4f}", record.shop_id, record.source_type, record.line,
            self.label,
        )  # fmt: skip

    def apply(self, pairs: Iterable[tuple[Record, Sequence[Finding]]]):
        """``scan_many`` output with the second stage's findings added."""
        for record, findings in pairs:
            extra = self.review(record, findings)
            yield record, ([*findings, extra] if extra is not None else findings)


def training_hash(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def model_bytes(model: dict) -> bytes:
    """The model file's bytes: sorted keys, fixed float formatting, one trailing newline."""
    return (json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n").encode()
