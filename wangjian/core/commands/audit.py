"""``wangjian audit verify``: recompute the audit hash chain and report every break."""

import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="审计日志 / audit log")
    commands = parser.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = commands.add_parser("verify", help="校验审计哈希链 / verify the audit hash chain")
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.set_defaults(handler=verify_command)
    publish = commands.add_parser(
        "publish",
        help="将审计链头发布到保管日志的签名检查点（定期运行）/ publish the audit head into the "
        "custody log's signed checkpoints (run periodically)",
    )
    publish.set_defaults(handler=publish_command)


def publish_command(args) -> int:
    from wangjian.core.audit import NoHeadWitness, publish_head

    try:
        published = publish_head(actor=None)
    except NoHeadWitness as error:
        print(str(error), file=sys.stderr)
        return 2
    for head in published:
        print(f"已发布审计链头 #{head.sequence} {head.hash[:16]}… → {head.where}")
    return 0


def verify_command(args) -> int:
    from wangjian.core.audit import verify_chain

    outcome = verify_chain()
    if args.json:
        print(
            json.dumps(
                {
                    "ok": outcome.ok,
                    "checked": outcome.checked,
                    "published": outcome.published,
                    "problems": outcome.problems,
                },
                ensure_ascii=False,
            )
        )
    elif outcome.ok:
        print(
            f"审计链完整，共校验 {outcome.checked} 个事件 / "
            f"audit chain intact, {outcome.checked} events checked"
        )
        if outcome.published:
            print(
                f"已对照已发布的链头（至 #{outcome.published}）/ checked against the published "
                f"heads (up to #{outcome.published})"
            )
        else:
            print(
                "尚无已发布的链头：末尾截断无法发现，请定期运行 wangjian audit publish / no head "
                "has been published: a cut tail cannot be noticed; run wangjian audit publish "
                "periodically"
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
