"""数据合规自评估: the questionnaire as versioned data (``data/self_assessment/*.yaml``) and the
scoring of one answer set.

Scoring: each scored item earns its weight times the fraction of its answer (yes 1, partial 0.5,
no 0); an item answered not_applicable (where allowed) is left out of both the earned and the
possible points. The score is earned / possible × 100, rounded half up to one decimal. An item
answered below yes is a gap, listed with its legal basis and its rectification period.
"""

import functools
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from wangjian.platforms.error_codes import PlatformErrorCode, PlatformRefused

DATA_DIR = Path(__file__).parent / "data" / "self_assessment"
FRACTIONS = {
    "yes_no": {"yes": Decimal(1), "no": Decimal(0)},
    "yes_partial_no": {"yes": Decimal(1), "partial": Decimal("0.5"), "no": Decimal(0)},
}
ANSWER_LABELS = {
    "yes": "是",
    "partial": "部分做到",
    "no": "否",
    "not_applicable": "不适用",
}
NOT_APPLICABLE = "not_applicable"


class QuestionnaireError(PlatformRefused):
    """A questionnaire file or an answer that does not fit it, naming the item and the rule."""

    default_code = PlatformErrorCode.QUESTIONNAIRE_INVALID


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: str
    title: str
    effective_on: str
    topics: tuple
    sha256: str

    def items(self) -> list[dict]:
        return [
            item | {"topic": topic["title"]} for topic in self.topics for item in topic["items"]
        ]

    def item(self, key: str) -> dict | None:
        return next((item for item in self.items() if item["key"] == key), None)

    def choices_for(self, item: dict) -> list[tuple[str, str]]:
        values = list(FRACTIONS[item["answer_type"]])
        if item.get("allow_na"):
            values.append(NOT_APPLICABLE)
        return [(value, ANSWER_LABELS[value]) for value in values]


def read_questionnaire(path: Path) -> Questionnaire:
    raw = path.read_bytes()
    content = yaml.safe_load(raw)
    where = path.name
    seen = set()
    for topic in content["topics"]:
        for item in topic["items"]:
            label = f"问卷 {where} 题目 {item.get('key')}"
            for name in ("key", "text", "basis", "answer_type", "weight", "evidence_asked"):
                if name not in item:
                    raise QuestionnaireError(f"{label}：缺少字段 {name} / missing field {name}")
            if item["answer_type"] not in FRACTIONS:
                raise QuestionnaireError(f"{label}：answer_type 无效 / invalid answer_type")
            if item["key"] in seen:
                raise QuestionnaireError(f"{label}：key 重复 / duplicate key")
            if not isinstance(item.get("rectification_working_days"), int):
                raise QuestionnaireError(
                    f"{label}：rectification_working_days 须为整数 / must be an integer"
                )
            seen.add(item["key"])
    return Questionnaire(
        key=content["key"],
        version=str(content["version"]),
        title=content["title"],
        effective_on=str(content["effective_on"]),
        topics=tuple(content["topics"]),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


@functools.cache
def questionnaires() -> dict[str, Questionnaire]:
    return {q.version: q for q in map(read_questionnaire, sorted(DATA_DIR.glob("*.yaml")))}


def current_questionnaire() -> Questionnaire:
    return max(questionnaires().values(), key=lambda q: q.effective_on)


def questionnaire_version(version: str) -> Questionnaire:
    try:
        return questionnaires()[version]
    except KeyError as error:
        raise QuestionnaireError(
            f"未找到问卷版本 {version} / no questionnaire version {version}"
        ) from error


def check_answer(questionnaire: Questionnaire, key: str, answer: str) -> None:
    item = questionnaire.item(key)
    if item is None:
        raise QuestionnaireError(f"题目 {key} 不在问卷 {questionnaire.version} 中 / unknown item")
    allowed = [value for value, _label in questionnaire.choices_for(item)]
    if answer not in allowed:
        raise QuestionnaireError(
            f"题目「{item['text'][:20]}…」：答复 {answer!r} 无效，应为 {'、'.join(allowed)} / item "
            f"{key}: answer {answer!r} must be one of {', '.join(allowed)}"
        )


@dataclass(frozen=True)
class Score:
    earned: Decimal
    possible: Decimal
    score: Decimal
    gaps: list
    unanswered: list
    topics: dict

    def topic_percentages(self) -> dict:
        return {
            topic: str((earned / possible * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            if possible
            else "—"
            for topic, (earned, possible) in self.topics.items()
        }


def score(questionnaire: Questionnaire, answers: dict) -> Score:
    earned = Decimal(0)
    possible = Decimal(0)
    gaps = []
    unanswered = []
    topics = {topic["title"]: [Decimal(0), Decimal(0)] for topic in questionnaire.topics}
    for item in questionnaire.items():
        answer = (answers.get(item["key"]) or {}).get("answer", "")
        if not answer:
            unanswered.append(item["key"])
            continue
        if answer == NOT_APPLICABLE:
            continue
        weight = Decimal(item["weight"])
        fraction = FRACTIONS[item["answer_type"]][answer]
        earned += weight * fraction
        possible += weight
        topics[item["topic"]][0] += weight * fraction
        topics[item["topic"]][1] += weight
        if fraction < 1:
            gaps.append(
                {
                    "item": item["key"],
                    "topic": item["topic"],
                    "text": item["text"],
                    "answer": answer,
                    "answer_label": ANSWER_LABELS[answer],
                    "lost": str(weight * (1 - fraction)),
                    "basis": [basis["text"] for basis in item["basis"]],
                    "evidence_asked": item["evidence_asked"],
                    "rectification_working_days": item["rectification_working_days"],
                }
            )
    value = (
        (earned / possible * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if possible
        else Decimal(0)
    )
    gaps.sort(key=lambda gap: (-Decimal(gap["lost"]), gap["item"]))
    return Score(earned, possible, value, gaps, unanswered, topics)
