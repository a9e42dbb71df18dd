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
    parser.add_argument("input", metavar="INPUT")
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=(
            "输出文件（默认标准输出）；--engine spark 时可为目录或 URI，写出分区 Parquet / "
            "output file; with --engine spark a directory or URI receives partitioned Parquet"
        ),
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
    parser.add_argument(
        "--second-stage",
        action="store_true",
        help=(
            "规则之后再运行规则包的第二阶段模型（需复核提示），与平台接收数据时相同 / "
            "also run the pack's learned second stage (needs_review), as the platform's feed does"
        ),
    )
    parser.set_defaults(handler=scan_command)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def _is_dataset_output(out: str | None) -> bool:
    """A directory or URI (no findings-file extension) asks for the distributed Parquet output."""
    from wangjian.monitoring.engine.files import OUTPUT_FORMATS

    return bool(out) and ("://" in out or Path(out).suffix.lower() not in OUTPUT_FORMATS)


def _scan_dataset_command(args, console) -> int:
    """``--engine spark --out DIR``: read, scan and write on the executors; collect nothing."""
    from wangjian.monitoring.engine.rules import RulePackError, load_rule_pack
    from wangjian.monitoring.engine.spark import SparkUnavailable, scan_dataset, spark_session

    def as_uri(location: str) -> str:
        return location if "://" in location else Path(location).resolve().as_uri()

    try:
        pack = load_rule_pack(args.rules)
        session = spark_session(args.master)
    except (RulePackError, SparkUnavailable) as error:
        console.print(str(error))
        return 2
    try:
        summary = scan_dataset(
            as_uri(args.input),
            as_uri(args.out),
            pack,
            session=session,
            second_stage=args.second_stage,
        )
    except (FileNotFoundError, FileExistsError) as error:  # no second-stage model; output exists
        console.print(str(error))
        return 2
    except Exception as error:  # Spark reports a missing input or an existing output this way
        if type(error).__name__ not in ("AnalysisException", "Py4JJavaError"):
            raise
        console.print(
            f"Spark 无法完成扫描：{str(error).splitlines()[0]} / Spark could not run the scan"
        )
        return 2
    finally:
        session.stop()
    print(
        f"记录 {summary.records} 条，格式错误 {summary.malformed} 条，发现 {summary.findings} 条，"
        f"写入 {summary.findings_uri} / {summary.records} records, {summary.malformed} "
        f"malformed, {summary.findings} findings written to {summary.findings_uri}",
        file=sys.stderr,
    )
    print(
        json.dumps(
            {
                "summary": {
                    "records": summary.records,
                    "malformed": summary.malformed,
                    "findings": summary.findings,
                    "by_verdict": summary.by_verdict,
                    "by_family": summary.by_family,
                    "rule_pack": pack.label,
                    "findings_uri": summary.findings_uri,
                    "malformed_uri": summary.malformed_uri,
                }
            },
            ensure_ascii=False,
        ),
        file=sys.stderr,
    )
    return 0


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
    if args.engine == "spark" and _is_dataset_output(args.out):
        return _scan_dataset_command(args, console)
    args.input = Path(args.input)
    args.out = Path(args.out) if args.out else None
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
                second_stage=args.second_stage,
            )
    except (RulePackError, SparkUnavailable, FileNotFoundError) as error:
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
