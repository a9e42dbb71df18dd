"""Document numbering per bureau and fine ranges per penalty article, as data files."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
SERIES = ("source", "filing", "decision", "guidance")


class RulesDataError(ValueError):
    """An enforcement data file is malformed."""


@cache
def _numbering() -> dict:
    data = yaml.safe_load((DATA_DIR / "numbering.yaml").read_text(encoding="utf-8"))
    default = data.get("default") or {}
    bureaus = {}
    for entry in data.get("bureaus") or []:
        series = entry.get("series") or {}
        missing = [name for name in SERIES if name not in series]
        if missing:
            raise RulesDataError(
                f"numbering.yaml {entry.get('division')}：缺少编号序列 {missing} / missing series"
            )
        for pattern in series.values():
            if "{year}" not in pattern or "{n}" not in pattern:
                raise RulesDataError(
                    f"numbering.yaml {entry['division']}：编号格式须含 {{year}} 与 {{n}} / a "
                    "pattern needs {year} and {n}"
                )
        bureaus[str(entry["division"])] = series
    return {"default": default, "bureaus": bureaus}


def number_pattern(division, series: str) -> str:
    """The pattern of ``series`` for the bureau serving ``division`` (its code or an ancestor's)."""
    if series not in SERIES:
        raise RulesDataError(f"未知编号序列 {series!r} / unknown series {series!r}")
    data = _numbering()
    for candidate in [division, *reversed(list(division.ancestors()))]:
        patterns = data["bureaus"].get(candidate.code[:6])
        if patterns:
            return patterns[series]
    return data["default"][series].replace("{abbr}", division.name)


@dataclass(frozen=True)
class FineRange:
    when: str
    min: Decimal | None = None
    max: Decimal | None = None
    min_multiple: Decimal | None = None
    max_multiple: Decimal | None = None


@dataclass(frozen=True)
class FineRule:
    basis: str
    citation: str
    status: str
    quote: str
    base: str
    ranges: tuple[FineRange, ...]

    def bounds(self, base_amount: Decimal | None) -> tuple[Decimal, Decimal]:
        """The range that applies: the multiple of a known base, or the fixed amounts."""
        for candidate in self.ranges:
            if candidate.when == "always":
                return candidate.min, candidate.max
            if candidate.when == "base_known" and base_amount:
                return base_amount * candidate.min_multiple, base_amount * candidate.max_multiple
            if candidate.when == "base_unknown" and not base_amount:
                return candidate.min, candidate.max
        raise RulesDataError(f"{self.basis}：无适用的罚款幅度 / no range applies")


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@cache
def fine_rules() -> dict[str, FineRule]:
    data = yaml.safe_load((DATA_DIR / "fines.yaml").read_text(encoding="utf-8"))
    rules = {}
    for entry in data.get("articles") or []:
        ranges = []
        for raw in entry.get("ranges") or []:
            if raw.get("when") not in ("always", "base_known", "base_unknown"):
                raise RulesDataError(f"fines.yaml {entry['basis']}：when 无效 / invalid when")
            ranges.append(
                FineRange(
                    when=raw["when"],
                    min=_decimal(raw.get("min")),
                    max=_decimal(raw.get("max")),
                    min_multiple=_decimal(raw.get("min_multiple")),
                    max_multiple=_decimal(raw.get("max_multiple")),
                )
            )
        if not ranges:
            raise RulesDataError(f"fines.yaml {entry['basis']}：无幅度 / no ranges")
        rules[entry["basis"]] = FineRule(
            basis=entry["basis"],
            citation=entry["citation"],
            status=entry["status"],
            quote=" ".join(str(entry["quote"]).split()),
            base=str(entry.get("base", "")),
            ranges=tuple(ranges),
        )
    return rules


def fine_rule(basis: str) -> FineRule | None:
    return fine_rules().get(basis)
