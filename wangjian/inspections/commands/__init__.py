"""``wangjian draw …``: the verifiable random draw, runnable offline by anyone."""

import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("draw", help="双随机抽取 / verifiable random draws")
    commands = parser.add_subparsers(dest="draw_command", metavar="SUBCOMMAND", required=True)

    rfc = commands.add_parser("rfc3797", help="RFC 3797 选取 / RFC 3797 selection")
    rfc.add_argument("--pool-size", type=int, required=True)
    rfc.add_argument("--count", type=int, required=True)
    rfc.add_argument("--key", required=True, help='e.g. "9319./2.5.8.10.12./"')
    rfc.set_defaults(handler=rfc3797_command)

    verify = commands.add_parser("verify", help="离线复核抽取记录 / re-run a published draw record")
    verify.add_argument("record", type=Path)
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=verify_command)

    inspections = subparsers.add_parser("inspections", help="双随机抽查 / random inspections")
    inspection_commands = inspections.add_subparsers(
        dest="inspections_command", metavar="SUBCOMMAND", required=True
    )
    items = inspection_commands.add_parser(
        "load-items", help="载入抽查事项清单 / load the inspection item list"
    )
    items.set_defaults(handler=load_items_command)


def rfc3797_command(args) -> int:
    from wangjian.inspections.draw import DrawError, rfc3797_select

    try:
        positions = rfc3797_select(args.pool_size, args.count, args.key)
    except (DrawError, UnicodeEncodeError) as error:
        print(error, file=sys.stderr)
        return 1
    for position in positions:
        print(position)
    return 0


def verify_command(args) -> int:
    from wangjian.inspections.draw import DrawRecord, verify_record

    try:
        record = DrawRecord.from_json(args.record.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError) as error:
        print(
            f"无法读取抽取记录 {args.record}：{error} / cannot read draw record {args.record}: "
            f"{error}",
            file=sys.stderr,
        )
        return 2
    steps = verify_record(record)
    passed = all(step.passed for step in steps)
    if args.json:
        print(
            json.dumps(
                {"passed": passed, "steps": [step.__dict__ for step in steps]},
                ensure_ascii=False,
            )
        )
    else:
        for step in steps:
            print(f"{'PASS' if step.passed else 'FAIL'} {step.name}: {step.detail}")
        print(
            "抽取结果可复核 / the published result follows from the record"
            if passed
            else "抽取记录复核未通过 / the published result does NOT follow from the record"
        )
    return 0 if passed else 1


def load_items_command(args) -> int:
    from wangjian.inspections.actions.items import load_items

    changed = load_items(actor=None)
    print(f"抽查事项新增或更新 {changed} 项 / {changed} item(s) loaded or updated")
    return 0
