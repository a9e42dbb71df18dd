"""The real-world corpus: well-formed, cited, and split by source document."""

import json
from collections import Counter

from wangjian.core.legal_catalogue import packaged_catalogue
from wangjian.monitoring.engine.corpus import (
    CORPUS_DIRECTORY,
    corpus_hash,
    load_corpus,
    load_sources,
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
    shares = Counter(item.split for item in items)
    assert shares["sealed"] / len(items) >= 0.25, shares


def test_the_corpus_hash_covers_both_files(tmp_path):
    for name in ("sources.jsonl", "items.jsonl"):
        (tmp_path / name).write_bytes((CORPUS_DIRECTORY / name).read_bytes())
    before = corpus_hash(tmp_path)
    first = json.loads((tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()[0])

    assert before == corpus_hash(CORPUS_DIRECTORY)
    first["reason"] += "。"
    lines = (tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps(first, ensure_ascii=False)
    (tmp_path / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert corpus_hash(tmp_path) != before
