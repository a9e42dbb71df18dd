"""Command-line subcommands of the credit app (registered by wangjian.cli)."""


def register(subparsers) -> None:
    """Add this app's subcommands; the app's commands replace this as they are written."""
    return
