"""异地协查 clocks as versioned data (``data/clocks.yaml``).

A request runs on the version in force on the day it was sent. Each clock carries its basis and
verification status; local practice is marked ``local`` and shown as 地方做法 wherever it is used.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from wangjian.core.working_days import deadline

DATA_FILE = Path(__file__).parent / "data" / "clocks.yaml"
STATUS_LABELS = {
    "confirmed": "已核对原文",
    "secondary": "仅经二手来源核对",
    "unconfirmed": "未核实",
    "local": "地方做法",
}


class ClockRulesError(ValueError):
    """The clocks data is malformed or does not cover a date."""


@dataclass(frozen=True)
class Clock:
    name: str
    label: str
    amount: int
    unit: str
    basis: str
    citation: str
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ClockVersion:
    key: str
    title: str
    effective_on: dt.date
    ends_on: dt.date | None
    clocks: dict[str, Clock]


@cache
def clock_versions(path: Path = DATA_FILE) -> tuple[ClockVersion, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = []
    for record in data["versions"]:
        clocks = {}
        for name, clock in record["clocks"].items():
            if clock["status"] not in STATUS_LABELS:
                raise ClockRulesError(
                    f"{path.name}: {record['key']}.{name} 核实状态 {clock['status']!r} 未知 / "
                    f"unknown verification status"
                )
            clocks[name] = Clock(
                name=name,
                label=clock["label"],
                amount=int(clock["amount"]),
                unit=clock["unit"],
                basis=clock["basis"],
                citation=clock["citation"],
                status=clock["status"],
            )
        versions.append(
            ClockVersion(
                key=record["key"],
                title=record["title"],
                effective_on=record["effective_on"],
                ends_on=record.get("ends_on"),
                clocks=clocks,
            )
        )
    return tuple(sorted(versions, key=lambda v: v.effective_on))


def clocks_on(day: dt.date) -> ClockVersion:
    for version in reversed(clock_versions()):
        if version.effective_on <= day and (version.ends_on is None or day < version.ends_on):
            return version
    raise ClockRulesError(f"{day} 无适用的协查期限规则 / no assistance clock rules cover {day}")


def due_on(name: str, start: dt.date) -> tuple[dt.date, dict]:
    """The due date of clock ``name`` counted from ``start``, with what it rests on."""
    version = clocks_on(start)
    clock = version.clocks[name]
    computed = deadline(start, clock.amount, clock.unit, basis=clock.basis)
    return computed.due, {
        "version": version.key,
        "clock": name,
        "amount": clock.amount,
        "unit": clock.unit,
        "basis": clock.basis,
        "citation": clock.citation,
        "status": clock.status,
        "calendar": [list(source) for source in computed.calendar_sources],
    }
