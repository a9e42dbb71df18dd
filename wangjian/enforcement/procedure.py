"""Procedure periods as versioned data (``data/procedure.yaml``) and the deadlines they give.

A case is handled under the version in force on the day it was registered; the version is stored
on the case. Each computed deadline carries the article that sets the period and the counting
rules (core.working_days.COUNTING_BASIS). The clue's verification period is monitoring's clue
clock, called here, not copied.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from wangjian.core.working_days import (
    CALENDAR_DAYS,
    WORKING_DAYS,
    Deadline,
    WorkingDayCalendar,
    deadline,
)

DATA_FILE = Path(__file__).parent / "data" / "procedure.yaml"
STATUSES = ("confirmed", "secondary", "unconfirmed")
PERIOD_FIELDS = (
    "key",
    "title",
    "amount",
    "unit",
    "starts",
    "basis",
    "instrument",
    "article",
    "instrument_version",
    "effective_on",
    "status",
    "quote",
)


class ProcedureDataError(ValueError):
    """The procedure data is malformed or does not cover a date."""


@dataclass(frozen=True)
class Period:
    key: str
    title: str
    amount: int
    unit: str
    starts: str
    basis: str
    instrument: str
    article: str
    instrument_version: str
    effective_on: dt.date
    status: str
    quote: str
    extension: dict = field(default_factory=dict)
    paused_by: dict = field(default_factory=dict)
    late_fee: dict = field(default_factory=dict)

    @property
    def citation(self) -> str:
        mark = "" if self.status == "confirmed" else "〔依据未核实〕"
        return f"《{self.instrument}》{self.article}（{self.instrument_version}）{mark}"

    @property
    def counting(self) -> str:
        if self.unit == WORKING_DAYS:
            return f"{self.amount}个工作日，起算日不计入"
        return f"{self.amount}日（日历日），起算日不计入，期满日为休息日的顺延至其后第一个工作日"


@dataclass(frozen=True)
class ProcedureVersion:
    version: str
    effective_from: dt.date
    note: str
    periods: dict[str, Period]
    summary_procedure: dict
    hearing: dict

    def period(self, key: str) -> Period:
        try:
            return self.periods[key]
        except KeyError:
            raise ProcedureDataError(
                f"程序期限版本 {self.version} 无期限 {key!r} / version {self.version} has no "
                f"period {key!r}"
            ) from None


def _period(raw: dict, where: str) -> Period:
    missing = [name for name in PERIOD_FIELDS if name not in raw]
    if missing:
        raise ProcedureDataError(f"{where}：缺少字段 {missing} / missing fields {missing}")
    period = Period(
        **{name: raw[name] for name in PERIOD_FIELDS},
        extension=dict(raw.get("extension") or {}),
        paused_by=dict(raw.get("paused_by") or {}),
        late_fee=dict(raw.get("late_fee") or {}),
    )
    if period.unit not in (WORKING_DAYS, CALENDAR_DAYS):
        raise ProcedureDataError(f"{where}：单位 {period.unit!r} 无效 / invalid unit")
    if not isinstance(period.amount, int) or period.amount < 1:
        raise ProcedureDataError(f"{where}：期限须为正整数 / amount must be a positive int")
    if period.status not in STATUSES:
        raise ProcedureDataError(f"{where}：核实状态 {period.status!r} 无效 / invalid status")
    if ":" not in period.basis or not isinstance(period.effective_on, dt.date):
        raise ProcedureDataError(
            f"{where}：basis 须为条文键、effective_on 须为日期 / basis must be an article key "
            "and effective_on a date"
        )
    return period


@cache
def versions(path: Path = DATA_FILE) -> tuple[ProcedureVersion, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded = []
    for number, raw in enumerate(data.get("versions") or [], start=1):
        where = f"{path.name} 第 {number} 个版本"
        if not isinstance(raw.get("effective_from"), dt.date):
            raise ProcedureDataError(f"{where}：effective_from 须为日期 / must be a date")
        periods = {}
        for index, entry in enumerate(raw.get("periods") or [], start=1):
            period = _period(entry, f"{where} 第 {index} 个期限")
            if period.key in periods:
                raise ProcedureDataError(f"{where}：期限 {period.key} 重复 / duplicate period")
            periods[period.key] = period
        loaded.append(
            ProcedureVersion(
                version=str(raw["version"]),
                effective_from=raw["effective_from"],
                note=str(raw.get("note", "")),
                periods=periods,
                summary_procedure=dict(raw.get("summary_procedure") or {}),
                hearing=dict(raw.get("hearing") or {}),
            )
        )
    return tuple(sorted(loaded, key=lambda version: version.effective_from))


def version_on(day: dt.date) -> ProcedureVersion:
    applicable = [version for version in versions() if version.effective_from <= day]
    if not applicable:
        raise ProcedureDataError(f"{day} 无适用的程序期限 / no procedure periods in force on {day}")
    return applicable[-1]


def version_named(name: str) -> ProcedureVersion:
    for version in versions():
        if version.version == name:
            return version
    raise ProcedureDataError(f"未知的程序期限版本 {name!r} / unknown procedure version {name!r}")


def period_deadline(
    period: Period,
    start: dt.date,
    *,
    extra_days: int = 0,
    calendar: WorkingDayCalendar | None = None,
) -> Deadline:
    """The period's deadline from ``start``; ``extra_days`` (extension, paused days) are added
    to its length in the period's own unit."""
    basis = [period.basis]
    for addition in (period.extension, period.paused_by):
        if extra_days and addition.get("basis") and addition["basis"] not in basis:
            basis.append(addition["basis"])
    return deadline(
        start, period.amount + extra_days, period.unit, basis=tuple(basis), calendar=calendar
    )


def verification_deadline(clue_found: dt.date, *, calendar=None) -> tuple[Deadline, str, str]:
    """核查 of a clue: monitoring's clue clock (its rules version in force on the day found).

    Return the deadline, the rules version and its citation."""
    from wangjian.monitoring.clue_rules import clue_rules_on

    rules = clue_rules_on(clue_found)
    due = deadline(
        clue_found,
        rules.verification_working_days,
        WORKING_DAYS,
        basis=rules.basis,
        calendar=calendar,
    )
    return due, rules.version, rules.citation


def same_province(bureau_division_code: str, party_division_code: str) -> bool:
    """Whether the party is registered in the deciding bureau's province (公示规定 第九、十条)."""
    return bureau_division_code[:2] == party_division_code[:2]


@dataclass(frozen=True)
class DeadlineLine:
    key: str
    due: dt.date
    title: str
    citation: str
    counting: str
    start: dt.date


def deadlines(
    *,
    clue_found: dt.date | None = None,
    filed: dt.date | None = None,
    decided: dt.date | None = None,
    served: dt.date | None = None,
    bureau_province: str = "31",
    party_province: str = "31",
    paused_days: int = 0,
    extended: bool = False,
) -> list[DeadlineLine]:
    """The case deadlines that follow from the given dates, with their basis.

    ``served`` defaults to the decision day (service on the spot). When the party is registered
    in another province, the deciding bureau's publicity duty is the push to the party's home
    bureau (publicity_push_due), which then publishes within its own 10 working days.
    """
    calendar = WorkingDayCalendar()
    lines = []
    if clue_found is not None:
        due, _version, citation = verification_deadline(clue_found, calendar=calendar)
        lines.append(
            DeadlineLine(
                "verification_due", due.due, "线索核查", citation, "15个工作日", clue_found
            )
        )
    version = version_on(filed or decided or clue_found)
    if filed is not None:
        period = version.period("decision_due")
        extra = paused_days + (period.extension.get("amount", 0) if extended else 0)
        due = period_deadline(period, filed, extra_days=extra, calendar=calendar)
        lines.append(_line(period, due, filed))
    if decided is not None:
        served = served or decided
        payment = version.period("payment_due")
        lines.append(_line(payment, period_deadline(payment, served, calendar=calendar), served))
        key = (
            "publicity_due"
            if same_province(bureau_province, party_province)
            else "publicity_push_due"
        )
        publicity = version.period(key)
        due = period_deadline(publicity, decided, calendar=calendar)
        # The CLI prints the bureau's publicity duty under one key whichever article applies.
        line = _line(publicity, due, decided)
        lines.append(
            DeadlineLine(
                "publicity_due", line.due, line.title, line.citation, line.counting, decided
            )
        )
    return lines


def _line(period: Period, due: Deadline, start: dt.date) -> DeadlineLine:
    return DeadlineLine(period.key, due.due, period.title, period.citation, period.counting, start)
