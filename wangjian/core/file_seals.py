"""Sealing an uploaded file's digest into the custody log, for apps that sit beside the
evidence app (inspections, services) and may not import it. The evidence app registers its
sealer in ``ready()``; callers pass the entry and get the log position back, inside their own
transaction so a refused seal rolls their step back."""

from collections.abc import Callable

_SEALERS: list[Callable[..., int]] = []


class NoFileSealer(RuntimeError):
    """No sealer is registered (the evidence app is not installed)."""


def register_file_sealer(sealer: Callable[..., int]) -> None:
    if sealer not in _SEALERS:
        _SEALERS.append(sealer)


def seal_file(entry: dict, *, actor) -> int:
    """Append ``entry`` (type, bundle, file_sha256 …) to the custody log; return its index."""
    if not _SEALERS:
        raise NoFileSealer(
            "保管日志不可用（须安装 evidence 应用）/ the custody log is not available (install the "
            "evidence app)"
        )
    return _SEALERS[0](entry, actor=actor)
