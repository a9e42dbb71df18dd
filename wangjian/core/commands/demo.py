"""``wangjian demo load``: build the Yangpu demo district (idempotent)."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="演示数据 / demo data")
    commands = parser.add_subparsers(dest="demo_command", metavar="SUBCOMMAND", required=True)
    load = commands.add_parser("load", help="载入杨浦演示辖区 / load the Yangpu demo district")
    load.set_defaults(handler=load_command)


def load_command(args) -> int:
    from wangjian.core.demo import DEMO_PASSWORD, load_demo

    context = load_demo(log=print)
    print()
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）/ demo accounts (password {DEMO_PASSWORD}):")
    for username, role_label, display_name in context.accounts:
        print(f"  {username:<10} {role_label:<10} {display_name}")
    return 0
