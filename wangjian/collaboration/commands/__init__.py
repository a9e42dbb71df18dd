"""``wangjian discipline sync``: send new list entries to partner departments and tell them of
removals (run daily, or after list decisions)."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("discipline", help="联合惩戒 / joint discipline")
    commands = parser.add_subparsers(dest="discipline_command", metavar="SUBCOMMAND", required=True)
    sync = commands.add_parser(
        "sync", help="推送新列入名单并告知移出 / send new entries and removals to partners"
    )
    sync.set_defaults(handler=sync_command)


def sync_command(args) -> int:
    from wangjian.collaboration.actions import dispatch_list_entries

    sent, removals = dispatch_list_entries(actor=None)
    print(f"已推送 {sent} 条，告知移出 {removals} 条 / {sent} sent, {removals} removals notified")
    return 0
