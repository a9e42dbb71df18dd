"""Command-line subcommands of the monitoring app (registered by wangjian.cli)."""

from . import platform, scan


def register(subparsers) -> None:
    """Add this app's subcommands."""
    scan.register(subparsers)
    platform.register(subparsers)
