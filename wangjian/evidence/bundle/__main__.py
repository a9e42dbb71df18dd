"""``python -m wangjian.evidence.bundle verify BUNDLE.wacz --trust TRUST.json``: the seven steps
for an examiner who has this package and its libraries but no deployment (no Django)."""

import argparse
import sys
from pathlib import Path

from wangjian.evidence.bundle.verify import Trust, verify_bundle
from wangjian.evidence.bundle.wacz import certificate_path_for


def read_certificate_beside(bundle: str, explicit: str | None) -> bytes | None:
    """The certificate named on the command line, else the one beside the bundle, else None."""
    if explicit:
        return Path(explicit).read_bytes()
    beside = certificate_path_for(Path(bundle))
    return beside.read_bytes() if beside.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wangjian.evidence.bundle")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="离线校验证据包 / verify a bundle offline")
    verify.add_argument("bundle")
    verify.add_argument("--trust", required=True, help="信任文件 / trust file (JSON)")
    verify.add_argument(
        "--certificate",
        help="存证证书 PDF；默认取证据包旁的 <名称>.certificate.pdf / the certificate PDF; "
        "default: <name>.certificate.pdf beside the bundle",
    )
    args = parser.parse_args(argv)
    try:
        trust = Trust.from_json(Path(args.trust).read_text(encoding="utf-8"))
        data = Path(args.bundle).read_bytes()
        certificate = read_certificate_beside(args.bundle, args.certificate)
    except (OSError, ValueError, KeyError, TypeError) as error:
        sys.stderr.write(f"输入无法读取 / input unreadable: {error!r}\n")
        return 2
    report = verify_bundle(data, trust, certificate=certificate)
    sys.stdout.write(report.render() + "\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
