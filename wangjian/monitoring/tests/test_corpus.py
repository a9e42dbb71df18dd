"""The real-world corpus: well-formed, cited, and split by source document."""

import json
from collections import Counter

import pytest

from wangjian.core.legal_catalogue import packaged_catalogue
from wangjian.monitoring.engine.corpus import (
    CORPUS_DIRECTORY,
    CURRENT_SEALED_ROUND,
    DEV_BUCKETS,
    SEALED_BUCKETS,
    CorpusError,
    bucket_of,
    corpus_hash,
    load_corpus,
    load_sources,
    source_round,
    split_of,
)


def test_every_item_loads_with_a_known_source_and_a_real_source_document():
    items = load_corpus()
    sources = load_sources()

    assert len(items) == len({item.id for item in items})
    assert {item.source_id for item in items} == set(sources)
    assert all(item.text.strip() == item.text and item.text for item in items)
    assert all(sources[item.source_id]["title"] for item in items)


def test_positives_are_violations_cited_by_catalogue_articles():
    catalogue = packaged_catalogue()
    articles = {article.key for entry in catalogue.instruments for article in entry.articles}
    with_text = {entry.key for entry in catalogue.instruments if entry.articles}
    positives = [item for item in load_corpus() if item.set == "positive"]

    assert positives
    for item in positives:
        assert item.verdict == "violation", item.id
        assert item.family, item.id
        for key in item.legal_basis:
            instrument = key.split(":")[0]
            assert instrument in {entry.key for entry in catalogue.instruments}, (item.id, key)
            if instrument in with_text:
                assert key in articles, (item.id, key)


def test_negatives_are_clean_or_exempt():
    negatives = [item for item in load_corpus() if item.set == "negative"]

    assert negatives
    assert {item.verdict for item in negatives} <= {"clean", "exempt"}
    assert all(item.legal_basis for item in negatives if item.verdict == "exempt")


def test_the_split_is_by_source_document_and_a_pure_function_of_its_id():
    items = load_corpus()
    by_source = {}
    for item in items:
        by_source.setdefault(item.source_id, set()).add(item.split)

    assert all(len(splits) == 1 for splits in by_source.values())
    assert split_of("liaoning-2020-epidemic-ads") == split_of("liaoning-2020-epidemic-ads")


def _bucket_split(bucket: int) -> str:
    """The split a bucket gave before rounds existed (round 1's rule)."""
    if bucket < SEALED_BUCKETS:
        return "sealed"
    return "dev" if bucket < SEALED_BUCKETS + DEV_BUCKETS else "train"


def test_an_earlier_rounds_sealed_source_is_train_and_the_current_round_keeps_its_bucket():
    sources = load_sources()
    retired = [
        source_id
        for source_id, row in sources.items()
        if source_round(row) < CURRENT_SEALED_ROUND and bucket_of(source_id) < SEALED_BUCKETS
    ]
    current = [
        source_id for source_id, row in sources.items() if source_round(row) == CURRENT_SEALED_ROUND
    ]

    assert retired
    assert current
    for source_id in retired:
        assert split_of(source_id, source_round(sources[source_id])) == "train", source_id
        assert split_of(source_id, CURRENT_SEALED_ROUND) == "sealed", source_id
    for source_id in current:
        expected = _bucket_split(bucket_of(source_id))
        assert split_of(source_id, CURRENT_SEALED_ROUND) == expected, source_id


def test_dev_and_train_never_move_between_rounds():
    for source_id, row in load_sources().items():
        before = _bucket_split(bucket_of(source_id))
        if before == "sealed":
            continue
        for number in range(1, CURRENT_SEALED_ROUND + 1):
            assert split_of(source_id, number) == before, (source_id, number)
        assert split_of(source_id, source_round(row)) == before, source_id


def test_only_the_current_rounds_sources_are_sealed_and_they_are_a_real_share():
    items = load_corpus()
    sealed = [item for item in items if item.split == "sealed"]
    current = [item for item in items if item.source_round == CURRENT_SEALED_ROUND]

    assert {item.source_round for item in sealed} == {CURRENT_SEALED_ROUND}
    assert len(sealed) / len(current) >= 0.2, Counter(item.split for item in current)


def _copy_corpus(directory):
    for name in ("sources.jsonl", "items.jsonl"):
        (directory / name).write_bytes((CORPUS_DIRECTORY / name).read_bytes())


def test_a_source_of_a_later_round_than_the_current_is_refused(tmp_path):
    _copy_corpus(tmp_path)
    later = {"source_id": "later-round", "url": "", "title": "t", "round": CURRENT_SEALED_ROUND + 1}
    with (tmp_path / "sources.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(later, ensure_ascii=False) + "\n")

    with pytest.raises(CorpusError, match="later-round, field round"):
        load_sources(tmp_path)


def test_a_duplicate_source_is_refused(tmp_path):
    _copy_corpus(tmp_path)
    first = (tmp_path / "sources.jsonl").read_text(encoding="utf-8").splitlines()[0]
    with (tmp_path / "sources.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(first + "\n")

    with pytest.raises(CorpusError, match="field source_id: duplicate source"):
        load_sources(tmp_path)


def test_the_corpus_hash_covers_both_files(tmp_path):
    _copy_corpus(tmp_path)
    before = corpus_hash(tmp_path)
    first = json.loads((tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()[0])

    assert before == corpus_hash(CORPUS_DIRECTORY)
    first["reason"] += "。"
    lines = (tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps(first, ensure_ascii=False)
    (tmp_path / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert corpus_hash(tmp_path) != before
