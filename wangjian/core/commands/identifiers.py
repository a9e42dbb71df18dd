"""``wangjian id check``: validate 统一社会信用代码 and 居民身份证号码 from the command line.

One line per code (``CODE valid``, ``CODE valid (warning: …)`` or ``CODE invalid: 中文 / English``),
or a JSON array with ``--json``. Resident ID numbers are printed masked, as everywhere else on the
platform. The exit status is 0 only when every code is accepted under the chosen policy.
"""

import argparse
import json

from wangjian.core.identifiers import (
    IdentifierCheck,
    IdentifierDecision,
    IdentifierPolicy,
    apply_policy,
    check_identifier,
    check_resident_id,
    check_uscc,
)

EXIT_ALL_ACCEPTED = 0
EXIT_SOME_REJECTED = 1

CHECKERS = {
    "auto": check_identifier,
    "uscc": check_uscc,
    "resident-id": check_resident_id,
}


def register(subparsers) -> None:
    """Add ``id`` with its ``check`` subcommand."""
    id_parser = subparsers.add_parser(
        "id",
        help="统一社会信用代码、身份证号码校验 / identifier validation",
        description="统一社会信用代码（GB 32100-2015）与居民身份证号码（GB 11643-1999）校验",
    )
    id_subparsers = id_parser.add_subparsers(dest="id_command", metavar="SUBCOMMAND")
    check_parser = id_subparsers.add_parser(
        "check",
        help="校验一个或多个代码 / check one or more codes",
        description="Check each CODE; exit 0 only if every code is accepted under the policy.",
    )
    check_parser.add_argument("codes", nargs="+", metavar="CODE")
    check_parser.add_argument(
        "--json", action="store_true", help="print a JSON array instead of one line per code"
    )
    check_parser.add_argument(
        "--policy",
        choices=[policy.value for policy in IdentifierPolicy],
        default=IdentifierPolicy.REJECT.value,
        help="warn: accept pilot-era USCCs whose only failure is the check character, with a"
        " warning (records from authoritative sources); reject (default): user input",
    )
    check_parser.add_argument(
        "--kind",
        choices=list(CHECKERS),
        default="auto",
        help="identifier kind; auto (default) detects it from the shape of each code",
    )
    check_parser.set_defaults(handler=check_command)
    id_parser.set_defaults(handler=lambda args: _print_help(id_parser))


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def format_line(check: IdentifierCheck, decision: IdentifierDecision) -> str:
    """The one-line text report for a code."""
    shown = check.display_value()
    if decision.accepted and decision.warning:
        return f"{shown} valid (warning: {decision.warning})"
    if decision.accepted:
        return f"{shown} valid"
    return f"{shown} invalid: {decision.error}"


def as_json_object(check: IdentifierCheck, decision: IdentifierDecision) -> dict[str, object]:
    """The JSON report for a code: the check result plus the policy decision."""
    return check.as_dict() | {"accepted": decision.accepted, "warning": decision.warning}


def check_command(args: argparse.Namespace) -> int:
    """Check every code given; report each and return 0 only if all are accepted."""
    policy = IdentifierPolicy(args.policy)
    checker = CHECKERS[args.kind]
    reports = []
    for code in args.codes:
        check = checker(code)
        reports.append((check, apply_policy(check, policy)))
    if args.json:
        objects = [as_json_object(check, decision) for check, decision in reports]
        print(json.dumps(objects, ensure_ascii=False, indent=2))
    else:
        for check, decision in reports:
            print(format_line(check, decision))
    all_accepted = all(decision.accepted for _check, decision in reports)
    return EXIT_ALL_ACCEPTED if all_accepted else EXIT_SOME_REJECTED
