"""``wangjian complaints import|hotspots|clocks``: 12315 imports, hot-spot detection and clock
maintenance from the command line."""

import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("complaints", help="投诉举报 / complaints and reports")
    commands = parser.add_subparsers(dest="complaints_command", metavar="SUBCOMMAND", required=True)
    importer = commands.add_parser(
        "import", help="导入12315导出文件（CSV/XLSX）/ import a 12315 export (CSV/XLSX)"
    )
    importer.add_argument("file", help="文件路径 / file path")
    importer.add_argument("--user", required=True, help="导入人用户名 / importing user")
    importer.set_defaults(handler=import_command)
    hotspots = commands.add_parser(
        "hotspots", help="按滑动窗口检测投诉热点 / detect hot spots over sliding windows"
    )
    hotspots.add_argument("--user", required=True, help="监管人员用户名 / regulator")
    hotspots.add_argument("--on", help="日期 YYYY-MM-DD，默认今天 / date, default today")
    hotspots.set_defaults(handler=hotspots_command)
    clocks = commands.add_parser(
        "clocks",
        help="为缺少工作日表而未定届满日的时限补算日期 / date clocks left undated for want of a "
        "working-day table",
    )
    clocks.set_defaults(handler=clocks_command)


def _user(username: str):
    from wangjian.core.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"用户不存在：{username} / no such user: {username}", file=sys.stderr)
    return user


def import_command(args) -> int:
    from wangjian.complaints.actions import ComplaintError
    from wangjian.complaints.actions.imports import import_12315
    from wangjian.core.uploads import FileRefused, import_limits

    user = _user(args.user)
    if user is None:
        return 2
    if user.jurisdiction is None:
        print("导入人须属于有辖区的机构 / the importer needs a jurisdiction", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        batch = import_12315(
            actor=user, content=path.read_bytes(), file_name=path.name, division=user.jurisdiction
        )
    except FileRefused as error:
        print(f"无法导入 {path} / cannot import {path}: {error}", file=sys.stderr)
        return 2
    except (OSError, ComplaintError) as error:
        print(error, file=sys.stderr)
        return 1
    counts = (batch.rows_read, batch.rows_committed, batch.rows_skipped, batch.rows_rejected)
    chinese = "读取 {} 行，入库 {}，已存在 {}，驳回 {}".format(*counts)
    english = "read {}, committed {}, already there {}, rejected {}".format(*counts)
    print(f"{chinese} / {english}")
    kept = 0
    for error in batch.errors.all():
        kept += 1
        print(f"{error.row}\t{error.column}\t{error.value}\t{error.rule}\t{error.message}")
    if kept >= import_limits().max_error_rows:
        print(
            f"仅列出前 {kept} 条错误（驳回 {batch.rows_rejected} 行）/ only the first {kept} errors"
            f" are listed ({batch.rows_rejected} rows rejected)"
        )
    return 0 if batch.rows_rejected == 0 else 1


def hotspots_command(args) -> int:
    import datetime as dt

    from wangjian.complaints.actions import detect_hotspots

    user = _user(args.user)
    if user is None or user.jurisdiction is None:
        return 2
    on = dt.date.fromisoformat(args.on) if args.on else None
    for hotspot in detect_hotspots(actor=user, division=user.jurisdiction, on=on):
        print(
            f"{hotspot.get_dimension_display()}\t{hotspot.value}\t{hotspot.count}\t"
            f"{hotspot.baseline}\t{hotspot.window_start}～{hotspot.window_end}"
        )
    return 0


def clocks_command(args) -> int:
    from wangjian.complaints.actions import recompute_clocks

    count = recompute_clocks(actor=None)
    print(f"补算届满日 {count} 项 / dated {count} clocks")
    return 0
