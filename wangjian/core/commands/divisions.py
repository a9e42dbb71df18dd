"""Placeholder while this command is being written; replaced in the same change."""


def register(subparsers) -> None:
    return None
