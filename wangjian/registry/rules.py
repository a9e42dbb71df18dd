"""The registry's versioned rules (``data/rules.yaml``): which version applies on a given day.

Numbers the domain documents mark UNCONFIRMED (the ¥10万 零星小额 threshold) are data with that
status and an effective date, never constants, so a flag can always say which version raised it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class TurnoverThreshold:
    version: str
    effective_from: dt.date
    amount_yuan: Decimal
    legal_basis: str
    status: str

    def as_basis(self) -> dict:
        return {
            "rule": "exemption_turnover_threshold",
            "version": self.version,
            "amount_yuan": str(self.amount_yuan),
            "legal_basis": self.legal_basis,
            "status": self.status,
        }


@dataclass(frozen=True)
class LicensedCategory:
    category: str
    licence_kind: str
    number_pattern: str
    legal_basis: str
    status: str
    version: str


class NoRuleInForce(LookupError):
    pass


@cache
def _load() -> dict:
    with RULES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _in_force(entries: list[dict], day: dt.date) -> dict:
    applicable = [entry for entry in entries if entry["effective_from"] <= day]
    if not applicable:
        raise NoRuleInForce(f"没有在 {day} 生效的规则 / no rule version in force on {day}")
    return max(applicable, key=lambda entry: entry["effective_from"])


def turnover_threshold_on(day: dt.date) -> TurnoverThreshold:
    entry = _in_force(_load()["exemption_turnover_thresholds"], day)
    return TurnoverThreshold(
        version=entry["version"],
        effective_from=entry["effective_from"],
        amount_yuan=Decimal(str(entry["amount_yuan"])),
        legal_basis=entry["legal_basis"],
        status=entry["status"],
    )


def licensed_categories_on(day: dt.date) -> dict[str, LicensedCategory]:
    entry = _in_force(_load()["licensed_categories"], day)
    return {
        name: LicensedCategory(
            category=name,
            licence_kind=spec["licence_kind"],
            number_pattern=spec["number_pattern"],
            legal_basis=spec["legal_basis"],
            status=spec["status"],
            version=entry["version"],
        )
        for name, spec in entry["categories"].items()
    }


@dataclass(frozen=True)
class ResolutionSettings:
    version: str
    name_weight: float
    address_weight: float
    auto_link: float
    candidate: float


def resolution_settings_on(day: dt.date) -> ResolutionSettings:
    entry = _in_force(_load()["entity_resolution"], day)
    return ResolutionSettings(
        version=entry["version"],
        name_weight=entry["name_weight"],
        address_weight=entry["address_weight"],
        auto_link=entry["auto_link"],
        candidate=entry["candidate"],
    )
