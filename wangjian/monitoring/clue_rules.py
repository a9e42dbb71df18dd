"""Clue verification periods as versioned data (``data/clue_rules.yaml``).

A clue is verified under the version in force on the day it was discovered; the version key is
stored on the clue so its deadline can be recomputed and explained later.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "clue_rules.yaml"


class ClueRulesError(ValueError):
    """The clue rules data is malformed or does not cover a date."""


@dataclass(frozen=True)
class ClueRules:
    version: str
    effective_from: dt.date
    verification_working_days: int
    extension_working_days: int
    basis: str
    citation: str
    status: str


@cache
def _versions(path: Path = DATA_FILE) -> tuple[ClueRules, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = []
    for number, raw in enumerate(data.get("versions") or [], start=1):
        try:
            rules = ClueRules(
                version=str(raw["version"]),
                effective_from=raw["effective_from"],
                verification_working_days=int(raw["verification_working_days"]),
                extension_working_days=int(raw["extension_working_days"]),
                basis=str(raw["basis"]),
                citation=str(raw["citation"]),
                status=str(raw.get("status", "confirmed")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ClueRulesError(
                f"{path.name} 第 {number} 个版本缺少或有误的字段：{error} / version {number} "
                f"of {path.name} has a missing or malformed field: {error}"
            ) from error
        if not isinstance(rules.effective_from, dt.date) or rules.verification_working_days < 1:
            raise ClueRulesError(
                f"{path.name} 版本 {rules.version}：effective_from 须为日期，期限须为正数 / "
                f"version {rules.version}: effective_from must be a date and the period positive"
            )
        versions.append(rules)
    return tuple(sorted(versions, key=lambda rules: rules.effective_from))


def clue_rules_on(day: dt.date) -> ClueRules:
    """The version in force on ``day``."""
    applicable = [rules for rules in _versions() if rules.effective_from <= day]
    if not applicable:
        raise ClueRulesError(
            f"{day} 无适用的线索核查规则 / no clue verification rules in force on {day}"
        )
    return applicable[-1]


def clue_rules_version(version: str) -> ClueRules:
    for rules in _versions():
        if rules.version == version:
            return rules
    raise ClueRulesError(f"未知的线索规则版本 {version!r} / unknown clue rules version {version!r}")
