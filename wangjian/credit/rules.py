"""Dated credit rules (``data/rules.yaml``) and citations of their legal basis.

``rule(name, on=date)`` returns the version in force on that date; ``apply_period`` turns a
rule into a date on the working-day calendar (working days) or the civil calendar (months,
years, calendar days). Citations come from the core legal catalogue, or from this app's
``data/legal.yaml`` for instruments the catalogue does not carry.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


class RuleNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    value: int
    unit: str
    basis: str
    effective_on: dt.date
    verification: str
    notes: str = ""

    @property
    def unconfirmed(self) -> bool:
        return self.verification == "unconfirmed"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "value": self.value,
            "unit": self.unit,
            "basis": self.basis,
            "effective_on": self.effective_on.isoformat(),
            "verification": self.verification,
        }


@cache
def all_rules() -> tuple[Rule, ...]:
    data = yaml.safe_load((DATA_DIR / "rules.yaml").read_text(encoding="utf-8"))
    rules = []
    for entry in data["rules"]:
        rules.append(
            Rule(
                name=entry["name"],
                title=entry["title"],
                value=int(entry["value"]),
                unit=entry["unit"],
                basis=entry["basis"],
                effective_on=entry["effective_on"],
                verification=entry["verification"],
                notes=entry.get("notes", ""),
            )
        )
    return tuple(rules)


def rule(name: str, *, on: dt.date) -> Rule:
    """The version of rule ``name`` in force on ``on`` (the latest effective_on ≤ on)."""
    versions = [r for r in all_rules() if r.name == name and r.effective_on <= on]
    if not versions:
        raise RuleNotFound(
            f"规则 {name} 在 {on} 无有效版本 / no version of rule {name} in force on {on}"
        )
    return max(versions, key=lambda r: r.effective_on)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def apply_period(start: dt.date, applied: Rule) -> dt.date:
    """The date ``applied`` lands on from ``start`` (the start day not counted)."""
    from wangjian.core.working_days import add_working_days, calendar_day_deadline

    if applied.unit == "working_days":
        return add_working_days(start, applied.value)
    if applied.unit == "calendar_days":
        return calendar_day_deadline(start, applied.value)
    if applied.unit == "months":
        return add_months(start, applied.value)
    if applied.unit == "years":
        return add_months(start, 12 * applied.value)
    raise ValueError(f"规则 {applied.name} 的单位 {applied.unit} 未知 / unknown unit")


@cache
def local_instruments() -> dict:
    data = yaml.safe_load((DATA_DIR / "legal.yaml").read_text(encoding="utf-8"))
    return {entry["key"]: entry for entry in data["instruments"]}


def basis_known(key: str) -> bool:
    """Whether an article or instrument key is in the core catalogue or this app's data."""
    from wangjian.core.legal_catalogue import LegalBasisNotFound, cite

    try:
        cite(key)
        return True
    except LegalBasisNotFound:
        pass
    instrument_key, _sep, article = key.partition(":")
    entry = local_instruments().get(instrument_key)
    if entry is None:
        return False
    if not article:
        return True
    return any(str(a["article"]) == article.partition(".")[0] for a in entry.get("articles", []))


def citation(key: str) -> str:
    """A readable citation of ``key``; a key in neither catalogue is named in words, never shown
    as the key itself."""
    from wangjian.core.legal_catalogue import LegalBasisNotFound, article_label, cite, in_words

    try:
        return cite(key)
    except LegalBasisNotFound:
        pass
    instrument_key, _sep, article = key.partition(":")
    entry = local_instruments().get(instrument_key)
    if entry is None:
        return in_words(key)
    mark = "【未核实】" if entry["verification"] == "unconfirmed" else ""
    label = article_label(int(article.partition(".")[0])) if article else ""
    return f"《{entry['title']}》{label}（{entry['version']}）{mark}"
