"""``wangjian audit verify``: recompute the audit hash chain and report every break."""

import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="审计日志 / audit log")
    commands = parser.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = commands.add_parser("verify", help="校验审计哈希链 / verify the audit hash chain")
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.set_defaults(handler=verify_command)


def verify_command(args) -> int:
    from wangjian.core.audit import verify_chain

    outcome = verify_chain()
    if args.json:
        print(
            json.dumps(
                {"ok": outcome.ok, "checked": outcome.checked, "problems": outcome.problems},
                ensure_ascii=False,
            )
        )
    elif outcome.ok:
        print(
            f"审计链完整，共校验 {outcome.checked} 个事件 / "
            f"audit chain intact, {outcome.checked} events checked"
        )
    else:
        for problem in outcome.problems:
            print(problem, file=sys.stderr)
        print(
            f"审计链已被破坏：{len(outcome.problems)} 处问题 / audit chain broken: "
            f"{len(outcome.problems)} problem(s) in {outcome.checked} events",
            file=sys.stderr,
        )
    return 0 if outcome.ok else 1
