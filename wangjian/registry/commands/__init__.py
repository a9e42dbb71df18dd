"""``wangjian registry``: import platform submissions, load the register and maintain the
search index.

``wangjian registry load-register FILE`` applies a registration-register export (new, changed,
closed entities) with the same exit statuses as ``import``.

``wangjian registry import FILE --platform USCC [--period 2026H2]`` prints a summary and writes
the error report next to FILE (``FILE.errors.json`` and ``FILE.errors.xlsx``). Exit status: 0
when every row was committed, 1 when some rows were rejected, 2 when the file could not be read
at all (or the platform is unknown).
"""

import argparse
from pathlib import Path

from wangjian.core.errors import for_terminal

EXIT_ALL_COMMITTED = 0
EXIT_SOME_REJECTED = 1
EXIT_UNREADABLE = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "registry",
        help="网络经营主体数据库 / online operator registry",
        description="网络经营主体数据库：平台报送导入、检索索引 / operator registry",
    )
    commands = parser.add_subparsers(dest="registry_command", metavar="SUBCOMMAND")
    importer = commands.add_parser(
        "import",
        help="导入平台报送文件 / import a platform submission (CSV, XLSX, JSON)",
        description="Import FILE for the platform; exit 0 all rows committed, 1 some rejected,"
        " 2 file unreadable.",
    )
    importer.add_argument("file", metavar="FILE")
    importer.add_argument(
        "--platform", required=True, help="平台经营者的统一社会信用代码 / the platform's USCC"
    )
    importer.add_argument("--period", help="报送期，如 2026H2 / period such as 2026H2")
    importer.set_defaults(handler=import_command)
    loader = commands.add_parser(
        "load-register",
        help="导入登记数据（新增、变更、注销/吊销/迁出）/ load a registration-register export",
        description="Apply FILE (CSV in UTF-8 or GB18030, XLSX, JSON; columns in"
        " wangjian/registry/register_load.py and docs/platforms.md) to the register; exit 0 all"
        " rows applied, 1 some rejected, 2 file unreadable.",
    )
    loader.add_argument("file", metavar="FILE")
    loader.set_defaults(handler=load_register_command)
    reindex = commands.add_parser(
        "reindex", help="重建检索索引 / rebuild the search index (FTS5 / pg_trgm)"
    )
    reindex.set_defaults(handler=reindex_command)
    parser.set_defaults(handler=lambda args: _help(parser))


def _help(parser) -> int:
    parser.print_help()
    return EXIT_UNREADABLE


def report_paths(file: Path) -> tuple[Path, Path]:
    return file.with_name(file.name + ".errors.json"), file.with_name(file.name + ".errors.xlsx")


def import_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from wangjian.registry.actions import import_submission
    from wangjian.registry.choices import SubmissionChannel
    from wangjian.registry.models import Platform
    from wangjian.registry.reports import error_report_json, error_report_xlsx
    from wangjian.registry.submissions import UnreadableSubmission, check_period, current_period

    file = Path(args.file)
    platform = Platform.objects.filter(entity__uscc=args.platform.strip().upper()).first()
    if platform is None:
        print(
            f"未找到统一社会信用代码为 {args.platform} 的平台 /"
            f" no platform with USCC {args.platform}"
        )
        return EXIT_UNREADABLE
    try:
        period = check_period(args.period or current_period(timezone.localdate()))
        content = file.read_bytes()
        outcome = import_submission(
            actor=None,
            platform=platform,
            file_name=file.name,
            content=content,
            period=period,
            channel=SubmissionChannel.COMMAND_LINE,
        )
    except (OSError, ValueError, UnreadableSubmission) as error:
        print(f"无法读取 {file} / cannot read {file}: {for_terminal(error)}")
        return EXIT_UNREADABLE
    submission = outcome.submission
    json_path, xlsx_path = report_paths(file)
    json_path.write_bytes(error_report_json(submission))
    xlsx_path.write_bytes(error_report_xlsx(submission))
    print(outcome.summary)
    print(f"错误报告 / error report: {json_path} {xlsx_path}")
    diff = submission.diff
    print(
        f"与上期相比：新增 {len(diff.get('new', []))}，变更 {len(diff.get('changed', []))}，"
        f"退出 {len(diff.get('exited', []))} / against the previous submission:"
        f" {len(diff.get('new', []))} new, {len(diff.get('changed', []))} changed,"
        f" {len(diff.get('exited', []))} exited"
    )
    return EXIT_SOME_REJECTED if submission.rows_rejected else EXIT_ALL_COMMITTED


def load_register_command(args: argparse.Namespace) -> int:
    import json

    from wangjian.registry.register_load import UnreadableRegister, load_register_file

    file = Path(args.file)
    try:
        outcome = load_register_file(actor=None, file_name=file.name, content=file.read_bytes())
    except (OSError, UnreadableRegister) as error:
        print(f"无法读取 {file} / cannot read {file}: {error}")
        return EXIT_UNREADABLE
    print(outcome.summary)
    load = outcome.load
    errors = list(load.errors.values("row", "column", "value", "rule", "message"))
    if errors:
        report = file.with_name(file.name + ".errors.json")
        report.write_text(json.dumps(errors, ensure_ascii=False, indent=2), encoding="utf-8")
        for error in errors:
            print(error["message"])
        print(f"错误报告 / error report: {report}")
    return EXIT_SOME_REJECTED if load.rows_rejected else EXIT_ALL_COMMITTED


def reindex_command(args: argparse.Namespace) -> int:
    from wangjian.registry.search import ensure_index

    ensure_index()
    print("检索索引已重建 / search index rebuilt")
    return 0
