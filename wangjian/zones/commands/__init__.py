"""``wangjian zones load|reminders``: programmes, indicators and annual-summary reminders."""

import datetime as dt
import sys


def register(subparsers) -> None:
    """Add the ``zones`` command and its subcommands."""
    parser = subparsers.add_parser("zones", help="示范区 / demonstration zones")
    commands = parser.add_subparsers(dest="zones_command", metavar="SUBCOMMAND", required=True)
    load = commands.add_parser(
        "load", help="载入创建办法和监测指标 / load the programmes and the indicator catalogue"
    )
    load.set_defaults(handler=load_command)
    reminders = commands.add_parser(
        "reminders",
        help="列出即将到期和逾期的年度总结 / list annual summaries due soon or overdue",
    )
    reminders.add_argument("--on", help="日期 YYYY-MM-DD,默认今天 / date, default today")
    reminders.add_argument(
        "--within", type=int, default=30, help="提前提醒天数 / days ahead to remind (30)"
    )
    reminders.set_defaults(handler=reminders_command)


def load_command(args) -> int:
    from wangjian.zones.actions.programmes import load_indicators, load_programmes
    from wangjian.zones.programmes import ProgrammeDataError

    try:
        programmes = load_programmes(actor=None)
        indicators = load_indicators(actor=None)
    except ProgrammeDataError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"创建办法 新增 {programmes['created']},未变 {programmes['unchanged']};监测指标 新增 "
        f"{indicators['created']},更新 {indicators['updated']},未变 {indicators['unchanged']} / "
        f"programmes {programmes['created']} created, {programmes['unchanged']} unchanged; "
        f"indicators {indicators['created']} created, {indicators['updated']} updated, "
        f"{indicators['unchanged']} unchanged"
    )
    return 0


def reminders_command(args) -> int:
    from django.utils import timezone

    from wangjian.zones.lifecycle import overdue_summaries, summaries_due_soon
    from wangjian.zones.models import ZoneApplication, ZoneState

    try:
        on = dt.date.fromisoformat(args.on) if args.on else timezone.localdate()
    except ValueError:
        print(f"日期 {args.on!r} 格式应为 YYYY-MM-DD / date must be YYYY-MM-DD", file=sys.stderr)
        return 2
    lines = 0
    # Run by the operator from the command line (a scheduled reminder), across all divisions.
    for application in (
        ZoneApplication.objects.filter(state=ZoneState.DESIGNATED)
        .select_related("programme")
        .prefetch_related("annual_summaries")
        .order_by("pk")
    ):
        for year, due in overdue_summaries(application, on):
            print(f"逾期 / overdue\t{application.name}\t{year}\t{due}")
            lines += 1
        for year, due in summaries_due_soon(application, on, args.within):
            print(f"将到期 / due soon\t{application.name}\t{year}\t{due}")
            lines += 1
    if not lines:
        print("无到期或逾期的年度总结 / no summaries due or overdue")
    return 0
