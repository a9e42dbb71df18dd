"""The data of self-discipline: commitment templates (versioned) and the revocation rule."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml

from wangjian.services.error_codes import ServiceErrorCode, ServiceRefused

DATA = Path(__file__).resolve().parent / "data" / "commitments.yaml"


@cache
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def templates(on: dt.date) -> list[dict]:
    """The version of each template in force on ``on``."""
    latest: dict[str, dict] = {}
    for entry in _data()["templates"]:
        current = latest.get(entry["key"])
        if entry["effective_on"] <= on and (
            current is None or entry["effective_on"] >= current["effective_on"]
        ):
            latest[entry["key"]] = entry
    return list(latest.values())


def template(key: str, on: dt.date) -> dict:
    for entry in templates(on):
        if entry["key"] == key:
            return entry
    raise ServiceRefused(
        f"公开承诺 字段 template：承诺类型 {key!r} 在 {on} 无有效版本 / commitment field "
        f"template: {key!r} has no version in force on {on}",
        code=ServiceErrorCode.BAD_DATE,
        field="template",
    )


def revocation_rule(on: dt.date) -> dict | None:
    versions = [entry for entry in _data()["revocation"] if entry["effective_on"] <= on]
    return max(versions, key=lambda entry: entry["effective_on"]) if versions else None
