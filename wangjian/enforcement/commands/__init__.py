"""``wangjian enforcement deadlines | exemption-lists | register``: case clocks and 免罚 lists."""

import datetime as dt
import sys


def _province(value: str) -> str:
    value = value.strip()
    if len(value) < 2 or not value[:2].isdigit():
        raise ValueError(value)
    return value[:2]


def register(subparsers) -> None:
    parser = subparsers.add_parser("enforcement", help="行政执法办案 / enforcement cases")
    commands = parser.add_subparsers(
        dest="enforcement_command", metavar="SUBCOMMAND", required=True
    )
    deadlines = commands.add_parser(
        "deadlines", help="计算办案期限 / compute the deadlines of a case"
    )
    deadlines.add_argument("--clue-found", type=dt.date.fromisoformat, help="发现线索日期")
    deadlines.add_argument("--filed", type=dt.date.fromisoformat, help="立案日期")
    deadlines.add_argument("--decided", type=dt.date.fromisoformat, help="作出决定日期")
    deadlines.add_argument("--served", type=dt.date.fromisoformat, help="送达日期（默认当日送达）")
    deadlines.add_argument(
        "--party-province", type=_province, default="31", help="当事人登记地省级代码（默认31）"
    )
    deadlines.add_argument(
        "--bureau-province", type=_province, default="31", help="决定机关省级代码（默认31）"
    )
    deadlines.add_argument(
        "--basis", action="store_true", help="同时列出依据 / also print each deadline's basis"
    )
    deadlines.set_defaults(handler=deadlines_command)
    lists = commands.add_parser(
        "exemption-lists", help="已载入的免罚清单版本 / loaded 免罚 list versions"
    )
    lists.set_defaults(handler=exemption_lists_command)


def deadlines_command(args) -> int:
    from wangjian.core.working_days import CalendarYearNotCovered
    from wangjian.enforcement.procedure import ProcedureDataError, deadlines

    if not (args.clue_found or args.filed or args.decided):
        print(
            "请至少给出 --clue-found、--filed 或 --decided 之一 / give at least one date",
            file=sys.stderr,
        )
        return 2
    try:
        lines = deadlines(
            clue_found=args.clue_found,
            filed=args.filed,
            decided=args.decided,
            served=args.served,
            bureau_province=args.bureau_province,
            party_province=args.party_province,
        )
    except (CalendarYearNotCovered, ProcedureDataError) as error:
        print(str(error), file=sys.stderr)
        return 1
    for line in lines:
        print(f"{line.key} {line.due.isoformat()}")
        if args.basis:
            start = line.start.isoformat()
            print(f"  {line.title}：{line.counting}，自 {start} 起；{line.citation}")
    return 0


def exemption_lists_command(args) -> int:
    from wangjian.enforcement.exemptions import list_versions

    for version in list_versions():
        valid_to = version.valid_to.isoformat() if version.valid_to else "—"
        print(
            f"{version.key} {version.document} {version.valid_from.isoformat()}–{valid_to} "
            f"{len(version.items)} 项 / items ({version.status})"
        )
    return 0
