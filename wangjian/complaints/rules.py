"""投诉举报处理规则 as versioned data (``data/rules.yaml``).

A record is handled under the version in force on the day it was received, so a complaint
received in 2025 runs on the 2019 暂行办法 (总局令第20号, as amended 2022) and one received from
2026-04-15 on the 2026 办法 (总局令第121号), whose numbers are marked unconfirmed in the data.
Every deadline is computed by ``wangjian.core.working_days.deadline`` with the article key that
sets it, so a stored clock can always say what it rests on.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from wangjian.core.working_days import Deadline, WorkingDayCalendar, deadline

DATA_FILE = Path(__file__).parent / "data" / "rules.yaml"


class RulesError(ValueError):
    """The rules data is malformed or does not cover a date."""


@dataclass(frozen=True)
class Clock:
    name: str
    label: str
    amount: int
    unit: str
    basis: str
    status: str
    citation: str = ""
    extension: int = 0
    excluded_basis: str = ""
    counted_in_regulator_clock: bool = True


@dataclass(frozen=True)
class Ground:
    key: str
    label: str
    basis: str
    status: str = "confirmed"
    limitation_years: int | None = None


@dataclass(frozen=True)
class RuleVersion:
    key: str
    instrument: str
    title: str
    effective_on: dt.date
    ends_on: dt.date | None
    clocks: dict[str, Clock]
    non_acceptance_grounds: tuple[Ground, ...]
    termination_grounds: tuple[Ground, ...]
    jurisdiction: dict = field(default_factory=dict)
    confidentiality_basis: str = ""
    separate_handling_basis: str = ""

    def clock(self, name: str) -> Clock:
        try:
            return self.clocks[name]
        except KeyError as error:
            raise RulesError(
                f"规则版本 {self.key} 无时限 {name} / rule version {self.key} has no clock {name}"
            ) from error

    def ground(self, key: str, *, termination: bool = False) -> Ground:
        grounds = self.termination_grounds if termination else self.non_acceptance_grounds
        for ground in grounds:
            if ground.key == key:
                return ground
        kind = "终止调解情形" if termination else "不予受理情形"
        raise RulesError(
            f"{self.title} 无{kind} {key!r}；可选：{', '.join(g.key for g in grounds)} / "
            f"{self.key} has no {'termination' if termination else 'non-acceptance'} ground "
            f"{key!r}"
        )

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_on <= day and (self.ends_on is None or day < self.ends_on)


@dataclass(frozen=True)
class Screening:
    effective_on: dt.date
    basis: str
    citation: str
    status: str
    near_duplicate_similarity: float
    serial_window_days: int
    serial_min_complaints: int
    serial_min_respondents: int
    template_min_uses: int
    template_similarity: float
    hotspot_window_days: int
    hotspot_baseline_windows: int
    hotspot_min_count: int
    hotspot_ratio: float


def _date(value, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise RulesError(
            f"{where}：日期格式错误 {value!r} / {where}: bad date {value!r}"
        ) from error


def _clock(name: str, record: dict, where: str) -> Clock:
    for required in ("label", "amount", "unit", "basis", "status"):
        if required not in record:
            raise RulesError(
                f"{where}.{name} 缺少字段 {required} / {where}.{name} lacks {required}"
            )
    return Clock(name=name, **record)


def _ground(record: dict) -> Ground:
    return Ground(**record)


@cache
def rule_versions(path: Path = DATA_FILE) -> tuple[RuleVersion, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = []
    for index, record in enumerate(data["versions"]):
        where = f"rules.yaml versions[{index}]"
        versions.append(
            RuleVersion(
                key=record["key"],
                instrument=record["instrument"],
                title=record["title"],
                effective_on=_date(record["effective_on"], where),
                ends_on=_date(record.get("ends_on"), where),
                clocks={
                    name: _clock(name, clock, where) for name, clock in record["clocks"].items()
                },
                non_acceptance_grounds=tuple(_ground(g) for g in record["non_acceptance_grounds"]),
                termination_grounds=tuple(_ground(g) for g in record["termination_grounds"]),
                jurisdiction=record.get("jurisdiction", {}),
                confidentiality_basis=record.get("confidentiality_basis", ""),
                separate_handling_basis=record.get("separate_handling_basis", ""),
            )
        )
    return tuple(sorted(versions, key=lambda version: version.effective_on))


def rules_on(day: dt.date) -> RuleVersion:
    """The version in force on ``day`` (effective_on inclusive, ends_on exclusive)."""
    for version in rule_versions():
        if version.in_force_on(day):
            return version
    raise RulesError(
        f"{day.isoformat()} 无有效的投诉举报处理规则版本 / no complaint-handling rules in force on "
        f"{day.isoformat()}"
    )


def rule_version(key: str) -> RuleVersion:
    for version in rule_versions():
        if version.key == key:
            return version
    raise RulesError(f"未知规则版本 {key!r} / unknown rule version {key!r}")


@cache
def _screenings(path: Path = DATA_FILE) -> tuple[Screening, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for index, record in enumerate(data["screening"]):
        record = dict(record)
        record["effective_on"] = _date(record["effective_on"], f"screening[{index}]")
        rows.append(Screening(**record))
    return tuple(sorted(rows, key=lambda row: row.effective_on))


def screening_on(day: dt.date) -> Screening:
    applicable = [row for row in _screenings() if row.effective_on <= day]
    if not applicable:
        raise RulesError(f"{day} 无筛查阈值 / no screening thresholds on {day}")
    return applicable[-1]


def clock_deadline(
    version: RuleVersion,
    name: str,
    start: dt.date,
    *,
    extra_working_days: int = 0,
    calendar: WorkingDayCalendar | None = None,
) -> Deadline:
    """The due date of clock ``name`` started on ``start``.

    ``extra_working_days`` lengthens the period by time the rule says is not counted (testing
    and appraisal during mediation, 暂行办法 第二十条) or by an approved extension.
    """
    clock = version.clock(name)
    basis = (clock.basis, clock.excluded_basis) if extra_working_days else clock.basis
    return deadline(
        start,
        clock.amount + extra_working_days,
        clock.unit,
        basis=[key for key in ((basis,) if isinstance(basis, str) else basis) if key],
        calendar=calendar,
    )


def citation_for(key: str, fallback: str = "") -> str:
    """The catalogue's citation for ``key``, or ``fallback`` marked as not catalogued."""
    from wangjian.core.legal_catalogue import LegalBasisNotFound, cite

    try:
        return cite(key)
    except LegalBasisNotFound:
        if fallback:
            return fallback
        instrument = key.split(":", 1)[0]
        try:
            return f"{cite(instrument)} {key.split(':', 1)[-1]}（条文未入目录，未核实）"
        except LegalBasisNotFound:
            return f"{key}（未入法律目录，未核实）"
