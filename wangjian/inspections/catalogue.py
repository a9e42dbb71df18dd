"""The inspection data files: 抽查事项清单 with the standard outcomes (``data/items.yaml``) and
the dated sampling policy per credit tier (``data/sampling.yaml``). Loading the item list into
the database is the action ``inspections.actions.items.load_items``."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

DATA_DIR = Path(__file__).parent / "data"


@cache
def items_file() -> dict:
    return yaml.safe_load((DATA_DIR / "items.yaml").read_text(encoding="utf-8"))


def outcomes() -> dict[str, dict]:
    return {outcome["key"]: outcome for outcome in items_file()["outcomes"]}


def outcome_choices() -> list[tuple[str, str]]:
    return [(key, outcome["label"]) for key, outcome in outcomes().items()]


@cache
def sampling_versions() -> tuple[dict, ...]:
    data = yaml.safe_load((DATA_DIR / "sampling.yaml").read_text(encoding="utf-8"))
    return tuple(data["versions"])


def sampling_policy(on: dt.date) -> dict:
    versions = [v for v in sampling_versions() if v["effective_on"] <= on]
    if not versions:
        raise ValidationError(f"{on} 无有效的抽查比例 / no sampling policy in force on {on}")
    policy = dict(max(versions, key=lambda v: v["effective_on"]))
    policy["effective_on"] = policy["effective_on"].isoformat()
    return policy


# --------------------------------------------------------------------------------------------
# 行政检查 (data/field.yaml) and 监督抽查 (data/product_sampling.yaml)


@cache
def field_file() -> dict:
    return yaml.safe_load((DATA_DIR / "field.yaml").read_text(encoding="utf-8"))


def field_sources() -> dict[str, dict]:
    return {source["key"]: source for source in field_file()["sources"]}


def field_outcomes() -> dict[str, dict]:
    return {outcome["key"]: outcome for outcome in field_file()["outcomes"]}


def dated_rule(rules: list[dict], name: str, on: dt.date):
    """The version of ``name`` in force on ``on`` as a credit ``Rule`` (so ``apply_period`` can
    count it on the working-day calendar)."""
    from wangjian.credit.rules import Rule

    versions = [r for r in rules if r["name"] == name and r["effective_on"] <= on]
    if not versions:
        raise ValidationError(
            f"规则 {name} 在 {on} 无有效版本 / no version of rule {name} in force on {on}"
        )
    entry = max(versions, key=lambda r: r["effective_on"])
    return Rule(
        name=entry["name"],
        title=entry["title"],
        value=int(entry["value"]),
        unit=entry["unit"],
        basis=entry["basis"],
        effective_on=entry["effective_on"],
        verification=entry["verification"],
        notes=entry.get("notes", ""),
    )


def field_rule(name: str, on: dt.date):
    return dated_rule(field_file()["rules"], name, on)


@cache
def sampling_file() -> dict:
    return yaml.safe_load((DATA_DIR / "product_sampling.yaml").read_text(encoding="utf-8"))


def sampling_labels(section: str) -> dict[str, str]:
    return {entry["key"]: entry["label"] for entry in sampling_file()[section]}


def sampling_rule(name: str, on: dt.date):
    return dated_rule(sampling_file()["rules"], name, on)


def period_end(start: dt.date, applied) -> dt.date:
    """``apply_period`` with a year the working-day calendar does not cover yet refused in
    words (the administrator enters the year's table), not as a crash."""
    from wangjian.core.working_days import CalendarYearNotCovered
    from wangjian.credit.rules import apply_period

    try:
        return apply_period(start, applied)
    except CalendarYearNotCovered as error:
        raise ValidationError(f"{applied.title}：{error}") from error
