"""``wangjian scan INPUT``: run the monitoring engine over a file of listings, ads or reviews."""

import json
import sys
from pathlib import Path

MAX_REPORTED_ERRORS = 50


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="以网管网：扫描商品、广告、直播文字等 / scan listings, ads and transcripts",
        description=(
            "输入 JSONL、CSV 或 Parquet，每条记录至少含 id 和 text；"
            "输出每条发现一行（JSONL，或按扩展名输出 CSV、XLSX）。/ "
            "Input is JSONL, CSV or Parquet with at least id and text; "
            "output has one line per finding (JSONL, or CSV or XLSX by the file's extension)."
        ),
    )
    parser.add_argument("input", type=Path, metavar="INPUT")
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="输出文件（默认标准输出）/ output file"
    )
    parser.add_argument(
        "--rules", metavar="PACK", default=None, help="规则包目录或名称（默认 default）/ rule pack"
    )
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="并行进程数 / processes"
    )
    parser.add_argument("--engine", choices=("local", "spark"), default="local")
    parser.add_argument("--master", metavar="URL", help="Spark master（默认 local[*]）")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条 / no progress bar")
    parser.set_defaults(handler=scan_command)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def scan_command(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from wangjian.monitoring.engine.files import (
        FindingWriter,
        InputFormatError,
        count_records,
        input_format,
    )
    from wangjian.monitoring.engine.rules import RulePackError
    from wangjian.monitoring.engine.runner import scan_file
    from wangjian.monitoring.engine.spark import SparkUnavailable

    console = Console(stderr=True)
    if not args.input.is_file():
        console.print(f"找不到输入文件 {args.input} / input file {args.input} not found")
        return 2
    if args.workers < 1:
        console.print("--workers 至少为 1 / --workers must be at least 1")
        return 2
    try:
        input_format(args.input)
        writer = FindingWriter(args.out)
    except InputFormatError as error:
        console.print(str(error))
        return 2
    total = count_records(args.input)
    if total is None:
        total = _count_lines(args.input)
    reported = 0

    def on_error(error) -> None:
        nonlocal reported
        reported += 1
        if reported <= MAX_REPORTED_ERRORS:
            console.print(
                f"[yellow]跳过 / skipped[/yellow] {error}", highlight=False, soft_wrap=True
            )
        elif reported == MAX_REPORTED_ERRORS + 1:
            console.print("…其余格式错误只计数 / further malformed records are only counted")

    progress = Progress(
        TextColumn("扫描 / scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.no_progress or not console.is_terminal,
    )
    try:
        with progress:
            task = progress.add_task("scan", total=total)
            summary = scan_file(
                args.input,
                writer.write,
                pack=args.rules,
                workers=args.workers,
                engine=args.engine,
                master=args.master,
                on_error=on_error,
                on_record=lambda count: progress.advance(task, count),
            )
    except (RulePackError, SparkUnavailable) as error:
        console.print(str(error))
        return 2
    finally:
        writer.close()
    verdicts = summary.by_verdict
    print(
        f"记录 {summary.records} 条，格式错误跳过 {summary.malformed} 条，"
        f"发现 {summary.findings} 条"
        f"（违法 {verdicts['violation']}，需举证 {verdicts['needs_substantiation']}，"
        f"豁免 {verdicts['exempt']}），规则包 {summary.rule_pack}，用时 {summary.seconds:.2f} 秒 / "
        f"{summary.records} records, {summary.malformed} malformed skipped, {summary.findings} "
        f"findings",
        file=sys.stderr,
    )
    print(json.dumps({"summary": summary.as_dict()}, ensure_ascii=False), file=sys.stderr)
    return 0
