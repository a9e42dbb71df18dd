"""``wangjian credit report | verify-report``, ``wangjian idcode issue | verify`` and
``wangjian services remind-annual-reports``.

The report subcommands belong under ``credit`` (where people look for them) but live here,
because credit sits below services and may not import it: ``register`` adds them to the
``credit`` parser that ``wangjian.credit.commands`` created, which ``cli.COMMAND_MODULES`` lists
before this module.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

from wangjian.core.errors import for_terminal


def _subcommands_of(parser: argparse.ArgumentParser):
    for action in parser._actions:  # argparse keeps sub-parser groups only here
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("credit command has no subcommands")


def register(subparsers) -> None:
    credit = subparsers.choices.get("credit")
    if credit is None:
        raise RuntimeError("wangjian.credit.commands must be registered before services")
    commands = _subcommands_of(credit)
    report = commands.add_parser(
        "report", help="出具专用信用报告（PDF）/ issue a credit report for one entity"
    )
    report.add_argument("uscc")
    report.add_argument("--out", required=True, type=Path, help="PDF 文件 / output PDF")
    report.add_argument("--from", dest="period_from", type=dt.date.fromisoformat)
    report.add_argument("--to", dest="period_to", type=dt.date.fromisoformat)
    report.set_defaults(handler=report_command)
    verify = commands.add_parser(
        "verify-report", help="离线核验专用信用报告 / verify a credit report offline"
    )
    verify.add_argument("pdf", type=Path)
    verify.add_argument(
        "--trust",
        type=Path,
        help="信任文件（wangjian evidence trust 导出）/ trust file; default: this deployment's",
    )
    verify.set_defaults(handler=verify_report_command)

    idcode = subparsers.add_parser("idcode", help="市场主体身份码 / entity identity codes")
    sub = idcode.add_subparsers(dest="idcode_command", metavar="SUBCOMMAND", required=True)
    issue = sub.add_parser("issue", help="签发身份码（PNG）/ issue a code as PNG")
    issue.add_argument("uscc")
    issue.add_argument("--out", required=True, type=Path)
    issue.set_defaults(handler=idcode_issue_command)
    check = sub.add_parser("verify", help="离线核验身份码 / verify a code token offline")
    check.add_argument("token")
    check.set_defaults(handler=idcode_verify_command)
    rotate = sub.add_parser("rotate-key", help="启用新的签发密钥 / start a new signing key")
    rotate.set_defaults(handler=idcode_rotate_command)
    revoke = sub.add_parser("revoke-key", help="吊销签发密钥 / revoke a signing key")
    revoke.add_argument("key_id")
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(handler=idcode_revoke_command)

    services = subparsers.add_parser("services", help="服务 / merchant and gig-worker services")
    services_sub = services.add_subparsers(
        dest="services_command", metavar="SUBCOMMAND", required=True
    )
    remind = services_sub.add_parser(
        "remind-annual-reports",
        help="为已登记的灵活就业个体工商户生成年度报告提醒（每年一次）/ annual-report reminders "
        "for registered gig workers, once a year",
    )
    remind.add_argument("--year", type=int, help="报送年度（默认今年）/ reporting year")
    remind.set_defaults(handler=remind_annual_reports_command)


def _entity(uscc: str):
    from wangjian.core.identifiers import normalise_identifier
    from wangjian.registry.models import MarketEntity

    return MarketEntity.objects.filter(uscc=normalise_identifier(uscc)).first()


def report_command(args) -> int:
    from django.core.exceptions import ValidationError

    from wangjian.services.actions.report import issue_credit_report
    from wangjian.services.choices import IssueChannel

    entity = _entity(args.uscc)
    if entity is None:
        print(f"{args.uscc}：未在登记库中 / not in the register", file=sys.stderr)
        return 1
    try:
        issue, pdf = issue_credit_report(
            actor=None,
            entity=entity,
            period_from=args.period_from,
            period_to=args.period_to,
            channel=IssueChannel.COMMAND_LINE,
        )
    except ValidationError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    args.out.write_bytes(pdf)
    print(
        f"{issue.number} {entity.name} {issue.period_from}—{issue.period_to} → {args.out} "
        f"(sha256:{issue.pdf_sha256})"
    )
    print(issue.payload)
    return 0


def verify_report_command(args) -> int:
    from wangjian.services.report import verify_report_pdf
    from wangjian.services.trust import verify_report_file

    try:
        pdf = args.pdf.read_bytes()
    except OSError as error:
        print(f"{args.pdf}：无法读取 / cannot read: {error}", file=sys.stderr)
        return 2
    if args.trust:
        from wangjian.evidence.bundle.verify import Trust

        try:
            trust = Trust.from_json(args.trust.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as error:
            print(
                f"信任文件无法读取 / trust file unreadable: {args.trust}: {error!r}",
                file=sys.stderr,
            )
            return 2
        result = verify_report_pdf(
            pdf,
            platform_fingerprints=trust.platform_key_fingerprints,
            tsa_roots=trust.tsa_roots,
        )
    else:
        result = verify_report_file(pdf)
    for step in result.steps:
        print(f"[{'PASS' if step.passed else 'FAIL'}] {step.name}: {step.detail}")
    if not result.valid:
        print(
            "核验失败 / verification FAILED: " + "; ".join(step.key for step in result.failed),
            file=sys.stderr,
        )
        return 1
    claims = result.claims
    print(f"核验通过 / verified: {claims['r']} {claims['u']} {claims['p']} as of {claims['a']}")
    return 0


def idcode_issue_command(args) -> int:
    from wangjian.services import idcode
    from wangjian.services.actions.idcode import issue_id_code

    entity = _entity(args.uscc)
    if entity is None:
        print(f"{args.uscc}：未在登记库中 / not in the register", file=sys.stderr)
        return 1
    issued = issue_id_code(actor=None, entity=entity)
    args.out.write_bytes(idcode.qr_png(issued.token))
    print(f"{entity.name} {entity.uscc} → {args.out}（密钥 / key {issued.key.key_id}）")
    print(issued.token)
    return 0


def idcode_verify_command(args) -> int:
    from wangjian.services import idcode
    from wangjian.services.signing import PayloadError

    try:
        claims = idcode.verify_token(args.token)
    except PayloadError as error:
        print(f"核验失败 / verification FAILED [{error.step}]: {error}", file=sys.stderr)
        return 1
    print(
        f"核验通过 / verified: {claims['u']} {claims['n']} issued {claims['t']} key {claims['k']}"
    )
    return 0


def idcode_rotate_command(args) -> int:
    from wangjian.services.actions.idcode import rotate_idcode_key

    key = rotate_idcode_key(actor=None)
    print(f"新签发密钥 / new signing key {key.key_id}")
    return 0


def idcode_revoke_command(args) -> int:
    from django.core.exceptions import ValidationError

    from wangjian.services.actions.idcode import revoke_idcode_key
    from wangjian.services.models import IdCodeKey

    key = IdCodeKey.objects.filter(key_id=args.key_id).first()
    if key is None:
        print(f"{args.key_id}：无此密钥 / no such key", file=sys.stderr)
        return 1
    try:
        revoke_idcode_key(actor=None, key=key, reason=args.reason)
    except ValidationError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    print(f"已吊销 / revoked {key.key_id}")
    return 0


def remind_annual_reports_command(args) -> int:
    from django.core.exceptions import ValidationError

    from wangjian.services.actions.gig_notices import remind_annual_reports

    try:
        counts = remind_annual_reports(actor=None, year=args.year)
    except ValidationError as error:
        print(for_terminal(error), file=sys.stderr)
        return 1
    print(
        f"{counts['year']}年度报告提醒：新发 {counts['issued']} 份，"
        f"此前已发 {counts['already']} 份，已报送无需提醒 {counts['filed']} 户 / "
        f"reminders issued {counts['issued']}, already "
        f"issued {counts['already']}, report on record {counts['filed']}"
    )
    return 0
