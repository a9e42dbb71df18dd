"""The real-world corpus: claims quoted in published penalty decisions and real product copy.

``data/corpus/items.jsonl`` holds one labelled text per line, ``sources.jsonl`` the document
each came from (SOURCE.md there says how they were collected and under what terms). Items are
split into train, dev and a sealed test portion by their *source document*, never one by one:
two quotes from one decision share wording, and splitting them would let the sealed portion
leak into the rules. The split is a pure function of the source id, so adding sources never
moves an existing one.

The rule for the sealed portion (SOURCE.md): it is scored once per pack version and never used
to change rules; misses found there move to train only together with a new sealed portion
written from new sources. Sources therefore carry the collection ``round`` they were added in
(absent means 1): only the current round's sealed buckets are sealed, and an earlier round's
sealed sources count as train ("retired sealed"). Dev and train assignments never move.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .records import Record

CORPUS_DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "corpus"
SPLIT_SALT = "wangjian-corpus-split-v1|"
# Buckets 0–29 of 100 are sealed, 30–44 dev, the rest train.
SEALED_BUCKETS = 30
DEV_BUCKETS = 15
# The collection round whose sealed buckets form the sealed portion now. Round 1's sealed portion
# was scored (sealed_scores.jsonl, up to default@2026.12.4) and its misses read, so it can no
# longer measure text no rule was written against; round 2 (sources added in the second
# collection of 2026-12-07) replaced it and round 1's sealed sources became train. Round 2's
# sealed portion was scored for default@2026.12.7 and its misses read; round 3 (the third
# collection, new source documents only) replaced it, was scored for default@2026.12.7.2 and its
# misses read; round 4 (the fourth collection, new source documents only) replaces it. Raise this
# only together with a new collection of sources carrying the new round number.
CURRENT_SEALED_ROUND = 4
SPLITS = ("train", "dev", "sealed")
SETS = ("positive", "negative")
VERDICTS = ("violation", "needs_substantiation", "exempt", "clean")


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the line and field."""


@dataclass(frozen=True, slots=True)
class CorpusItem:
    id: str
    source_id: str
    source_round: int
    set: str
    text: str
    source_type: str
    category: str
    family: str
    verdict: str
    legal_basis: tuple[str, ...]
    decision_number: str
    party_type: str
    reason: str

    @property
    def split(self) -> str:
        return split_of(self.source_id, self.source_round)

    @property
    def surfaces(self) -> bool:
        """Whether a regulator wants this text surfaced (a violation or a claim to prove)."""
        return self.verdict in ("violation", "needs_substantiation")

    def record(self) -> Record:
        return Record(
            id=self.id, text=self.text, source_type=self.source_type, category=self.category
        )


def bucket_of(source_id: str) -> int:
    """The source document's bucket, 0–99, from a hash of its id."""
    digest = hashlib.sha256((SPLIT_SALT + source_id).encode()).hexdigest()
    return int(digest[:8], 16) % 100


def split_of(source_id: str, source_round: int = 1) -> str:
    """``train``, ``dev`` or ``sealed``, from the source's bucket and collection round.

    A sealed bucket is sealed only in the current round; an earlier round's sealed sources were
    scored and count as train now. Dev and train buckets are the same in every round."""
    bucket = bucket_of(source_id)
    if bucket < SEALED_BUCKETS:
        return "sealed" if source_round == CURRENT_SEALED_ROUND else "train"
    if bucket < SEALED_BUCKETS + DEV_BUCKETS:
        return "dev"
    return "train"


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise CorpusError(
                    f"语料文件 {path.name} 第 {number} 行不是 JSON：{error} / "
                    f"corpus file {path.name} line {number} is not JSON: {error}"
                ) from None
    return rows


def source_round(source: dict) -> int:
    """The collection round a source was added in (absent: the first)."""
    return source.get("round", 1)


def load_sources(directory: Path = CORPUS_DIRECTORY) -> dict[str, dict]:
    """Every source document by id, checked: unique ids, a round no later than the current."""
    sources = {}
    for row in _read_jsonl(directory / "sources.jsonl"):
        where = f"sources.jsonl {row.get('source_id', '?')}"
        number = source_round(row)
        if type(number) is not int or not 1 <= number <= CURRENT_SEALED_ROUND:
            raise CorpusError(
                f"语料 {where} 字段 round：{number!r} 不是 1 至 {CURRENT_SEALED_ROUND} 的整数 / "
                f"corpus {where}, field round: {number!r} is not a whole number from 1 to "
                f"{CURRENT_SEALED_ROUND}"
            )
        if row["source_id"] in sources:
            raise CorpusError(
                f"语料 {where} 字段 source_id：来源重复 / "
                f"corpus {where}, field source_id: duplicate source"
            )
        sources[row["source_id"]] = row
    return sources


def load_corpus(directory: Path = CORPUS_DIRECTORY) -> list[CorpusItem]:
    """Every item, checked: known source, set and verdict; unique ids."""
    sources = load_sources(directory)
    items, seen = [], set()
    for row in _read_jsonl(directory / "items.jsonl"):
        where = f"items.jsonl {row.get('id', '?')}"
        for name, allowed in (("set", SETS), ("verdict", VERDICTS)):
            if row.get(name) not in allowed:
                raise CorpusError(
                    f"语料 {where} 字段 {name}：{row.get(name)!r} 不在 {list(allowed)} 中 / "
                    f"corpus {where}, field {name}: {row.get(name)!r} is not one of {list(allowed)}"
                )
        if row.get("source_id") not in sources:
            raise CorpusError(
                f"语料 {where} 字段 source_id：来源 {row.get('source_id')!r} 未登记 / "
                f"corpus {where}, field source_id: source {row.get('source_id')!r} is not listed"
            )
        if row["id"] in seen:
            raise CorpusError(
                f"语料 {where} 字段 id：编号重复 / corpus {where}, field id: duplicate id"
            )
        seen.add(row["id"])
        items.append(
            CorpusItem(
                id=row["id"],
                source_id=row["source_id"],
                source_round=source_round(sources[row["source_id"]]),
                set=row["set"],
                text=row["text"],
                source_type=row["source_type"],
                category=row.get("category", ""),
                family=row.get("family", ""),
                verdict=row["verdict"],
                legal_basis=tuple(row.get("legal_basis", ())),
                decision_number=row.get("decision_number", ""),
                party_type=row.get("party_type", ""),
                reason=row.get("reason", ""),
            )
        )
    return items


def corpus_hash(directory: Path = CORPUS_DIRECTORY) -> str:
    """SHA-256 over the corpus files' bytes: what a trained model records it was trained on."""
    digest = hashlib.sha256()
    for name in ("sources.jsonl", "items.jsonl"):
        digest.update(name.encode() + b"\0")
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()
