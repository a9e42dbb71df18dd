"""``wangjian users token USERNAME``: issue an API token for a platform's system account;
``wangjian users revoke-tokens USERNAME``: revoke them all."""

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("users", help="用户与接口令牌 / users and API tokens")
    commands = parser.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    token = commands.add_parser(
        "token", help="签发接口令牌（旧令牌作废）/ issue an API token (revokes the old one)"
    )
    token.add_argument("username")
    token.add_argument(
        "--days",
        type=int,
        default=None,
        help="有效天数（默认 API_TOKEN_LIFETIME_DAYS）/ days until the token expires",
    )
    token.set_defaults(handler=token_command)
    revoke = commands.add_parser(
        "revoke-tokens", help="作废该用户的全部接口令牌 / revoke every API token of a user"
    )
    revoke.add_argument("username")
    revoke.set_defaults(handler=revoke_command)


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
    if args.days is not None and args.days < 1:
        print("--days 须为正整数 / --days must be a positive number", file=sys.stderr)
        return 2
    issued = issue_api_token(actor=None, user=user, days=args.days)
    # The key is shown this once: only its hash is stored.
    print(issued.key)
    print(
        f"到期 / expires {issued.token.expires_at:%Y-%m-%d %H:%M %Z}；密钥只显示这一次 / the key "
        "is shown only this once",
        file=sys.stderr,
    )
    return 0


def revoke_command(args) -> int:
    from wangjian.core.actions.organisation import revoke_api_tokens
    from wangjian.core.models import User

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"用户 {args.username} 不存在 / user {args.username} does not exist", file=sys.stderr)
        return 1
    count = revoke_api_tokens(actor=None, user=user)
    print(f"已作废 {count} 个令牌 / revoked {count} token(s)")
    return 0
