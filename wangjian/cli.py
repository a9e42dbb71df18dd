"""The ``wangjian`` command: the same operations as the UI, scriptable.

Each app contributes subcommands from a module that defines ``register(subparsers)``; a
subcommand's handler takes the parsed arguments and returns the exit status. Django is set up
before any handler runs, so handlers use the ORM and actions like any other code. A handler that
meets a database without its tables ends with one line saying to migrate and exit status 2.
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


EXIT_DATABASE_NOT_READY = 2


def command_line_language() -> str:
    """The language of the person at the terminal, from the POSIX locale variables.

    LC_ALL overrides LC_MESSAGES, which overrides LANG; an English locale gives English and
    anything else (zh_CN, C, unset) the source language, Chinese.
    """
    from django.conf import settings

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def _run_handler(handler, args) -> int:
    from django.db import OperationalError, ProgrammingError
    from django.utils import translation

    from wangjian.core.database_state import migrations_pending

    try:
        return int(handler(args) or 0)
    except (OperationalError, ProgrammingError):
        # Only an unmigrated database is explained; any other database failure keeps its
        # traceback, which is what someone debugging it needs.
        if not migrations_pending():
            raise
    with translation.override(command_line_language()):
        message = translation.gettext(
            "数据库尚未完成迁移：请先运行 wangjian manage migrate，再执行此命令。"
        )
    print(message, file=sys.stderr)
    return EXIT_DATABASE_NOT_READY


def main(argv: list[str] | None = None) -> int:
    setup_django()
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return _run_handler(handler, args)
