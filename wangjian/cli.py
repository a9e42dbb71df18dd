"""The ``wangjian`` command: the same operations as the UI, scriptable.

Each app contributes subcommands from a module that defines ``register(subparsers)``; a
subcommand's handler takes the parsed arguments and returns the exit status. Django is set up
before any handler runs, so handlers use the ORM and actions like any other code.
"""

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "wangjian.core.commands.identifiers",
    "wangjian.core.commands.calendar",
    "wangjian.core.commands.divisions",
    "wangjian.core.commands.legal",
    "wangjian.core.commands.audit",
    "wangjian.core.commands.worker",
    "wangjian.core.commands.demo",
    "wangjian.core.commands.manage",
    "wangjian.core.commands.users",
    "wangjian.registry.commands",
    "wangjian.monitoring.commands",
    "wangjian.evidence.commands",
    "wangjian.inspections.commands",
    "wangjian.credit.commands",
    "wangjian.services.commands",
    "wangjian.complaints.commands",
    "wangjian.zones.commands",
    "wangjian.collaboration.commands",
    "wangjian.enforcement.commands",
]


def build_parser() -> argparse.ArgumentParser:
    from wangjian import __version__

    parser = argparse.ArgumentParser(
        prog="wangjian", description="网监 网络市场监管与服务平台 / wangjian command line"
    )
    parser.add_argument("--version", action="version", version=f"wangjian {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangjian.config.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    setup_django()
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)
