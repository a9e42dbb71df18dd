"""``wangjian users token USERNAME``: issue an API token for a platform's system account."""

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("users", help="用户与接口令牌 / users and API tokens")
    commands = parser.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    token = commands.add_parser(
        "token", help="签发接口令牌（旧令牌作废）/ issue an API token (revokes the old one)"
    )
    token.add_argument("username")
    token.set_defaults(handler=token_command)


def token_command(args) -> int:
    from wangjian.core.actions.organisation import issue_api_token
    from wangjian.core.models import User

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(
            f"用户 {args.username} 不存在或已停用 / user {args.username} does not exist or is "
            "inactive",
            file=sys.stderr,
        )
        return 1
    token = issue_api_token(actor=None, user=user)
    print(token.key)
    return 0
