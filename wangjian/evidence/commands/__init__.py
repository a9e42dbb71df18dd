"""``wangjian evidence capture | verify | trust | checkpoint``."""

import sys
from pathlib import Path

from wangjian.core.errors import for_terminal


def register(subparsers) -> None:
    parser = subparsers.add_parser("evidence", help="电子取证与存证 / evidence capture and sealing")
    commands = parser.add_subparsers(dest="evidence_command", metavar="SUBCOMMAND", required=True)

    capture = commands.add_parser("capture", help="采集并封存网页 / capture and seal a web page")
    capture.add_argument("url")
    capture.add_argument("--case", default="", help="案件或任务编号 / case reference")
    capture.add_argument("--steps", help="进入步骤 JSON 文件 / JSON file of navigation steps")
    capture.add_argument("--out", required=True, help="输出 BUNDLE.wacz")
    capture.set_defaults(handler=capture_command)

    verify = commands.add_parser("verify", help="离线校验证据包 / verify a bundle offline")
    verify.add_argument("bundle")
    verify.add_argument("--trust", help="信任文件（JSON）/ trust file; default: this deployment's")
    verify.add_argument(
        "--certificate",
        help="存证证书 PDF；默认取证据包旁的 <名称>.certificate.pdf / the certificate PDF; "
        "default: <name>.certificate.pdf beside the bundle",
    )
    verify.set_defaults(handler=verify_command)

    trust = commands.add_parser(
        "trust", help="导出本平台的信任文件 / export this deployment's trust"
    )
    trust.add_argument("--out", required=True)
    trust.set_defaults(handler=trust_command)

    checkpoint = commands.add_parser("checkpoint", help="签署保管日志检查点 / sign a checkpoint")
    checkpoint.set_defaults(handler=checkpoint_command)


def capture_command(args) -> int:
    from django.core.exceptions import ValidationError

    from wangjian.evidence.actions import capture_to_file
    from wangjian.evidence.bundle.capture import CaptureError, load_steps
    from wangjian.evidence.bundle.wacz import certificate_path_for

    try:
        steps = load_steps(args.steps) if args.steps else []
        result = capture_to_file(
            url=args.url, out=Path(args.out), case_reference=args.case, steps=steps
        )
    except ValidationError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    except (CaptureError, ValueError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"已封存 / sealed: {args.out}\n存证证书 / certificate: "
        f"{certificate_path_for(Path(args.out))}\n清单 / manifest sha256:{result.manifest_sha256}\n"
        f"日志位置 / log index {result.log_index}"
    )
    return 0


def verify_command(args) -> int:
    """Exit status 0 only when all seven steps pass."""
    from wangjian.evidence.bundle.verify import Trust, verify_bundle

    if args.trust:
        try:
            trust = Trust.from_json(Path(args.trust).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(
                f"信任文件无法读取 / trust file unreadable: {args.trust}: {error!r}",
                file=sys.stderr,
            )
            return 2
    else:
        from wangjian.evidence.config import deployment_trust

        trust = deployment_trust()
    from wangjian.evidence.bundle.__main__ import read_certificate_beside

    try:
        data = Path(args.bundle).read_bytes()
        certificate = read_certificate_beside(args.bundle, args.certificate)
    except OSError as error:
        print(f"证据包无法读取 / bundle unreadable: {error}", file=sys.stderr)
        return 2
    report = verify_bundle(data, trust, certificate=certificate)
    print(report.render())
    return 0 if report.ok else 1


def trust_command(args) -> int:
    from wangjian.evidence.config import deployment_trust

    Path(args.out).write_text(deployment_trust().to_json(), encoding="utf-8")
    print(f"信任文件已写入 / trust file written: {args.out}")
    return 0


def checkpoint_command(args) -> int:
    from wangjian.evidence.actions import sign_checkpoint

    checkpoint = sign_checkpoint(actor=None)
    print(checkpoint.note, end="")
    return 0
