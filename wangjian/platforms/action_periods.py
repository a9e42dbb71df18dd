"""平台处置期限 as versioned data (``data/action_requests/*.yaml``): the working days a platform
is given to take down or rectify, with the legal basis and its verification status."""

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data" / "action_requests"


@dataclass(frozen=True)
class PeriodRule:
    version: str
    kind: str
    label: str
    working_days: int
    verification: str
    note: str
    basis: tuple


@functools.lru_cache(maxsize=1)
def _versions() -> list[dict]:
    versions = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        versions.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["versions"])
    return sorted(versions, key=lambda v: v["effective_on"])


def period_for(kind: str, on: dt.date) -> PeriodRule:
    """The period in force on ``on`` for ``kind`` (takedown / rectify)."""
    in_force = [v for v in _versions() if v["effective_on"] <= on]
    if not in_force:
        raise LookupError(
            f"{on} 尚无生效的平台处置期限规则 / no platform action period is in force on {on}"
        )
    current = in_force[-1]
    period = current["periods"][kind]
    return PeriodRule(
        version=current["version"],
        kind=kind,
        label=period["label"],
        working_days=int(period["working_days"]),
        verification=period["verification"],
        note=period["note"],
        basis=tuple(current["basis"]),
    )
