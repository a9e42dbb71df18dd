"""Versioned data of the IP and quality services: request types with their response periods,
the directory of 知识产权工作站 and service bodies, and the monitoring rules that show
counterfeits. Every entry carries its effective date; the version in force on a day is the
latest one that had taken effect."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from wangjian.services.error_codes import ServiceErrorCode, ServiceRefused

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class RequestType:
    key: str
    name: str
    description: str
    answered_by: str
    response_working_days: int
    needs_infringement: bool
    basis: str
    verification: str
    notes: str
    effective_on: dt.date

    def as_dict(self) -> dict:
        return {
            "type": self.key,
            "name": self.name,
            "working_days": self.response_working_days,
            "basis": self.basis,
            "verification": self.verification,
            "notes": self.notes,
            "effective_on": self.effective_on.isoformat(),
        }


@cache
def _load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def request_types(on: dt.date) -> list[RequestType]:
    """The version of each request type in force on ``on``, in the file's order."""
    latest: dict[str, RequestType] = {}
    for entry in _load("service_requests.yaml")["types"]:
        if entry["effective_on"] > on:
            continue
        current = latest.get(entry["key"])
        if current is None or entry["effective_on"] >= current.effective_on:
            latest[entry["key"]] = RequestType(
                key=entry["key"],
                name=entry["name"],
                description=entry["description"],
                answered_by=entry["answered_by"],
                response_working_days=int(entry["response_working_days"]),
                needs_infringement=bool(entry["needs_infringement"]),
                basis=entry["basis"],
                verification=entry["verification"],
                notes=entry.get("notes", ""),
                effective_on=entry["effective_on"],
            )
    return list(latest.values())


def request_type(key: str, on: dt.date) -> RequestType:
    """Raise ``ValidationError`` naming the field when ``key`` has no version in force."""
    for item in request_types(on):
        if item.key == key:
            return item
    raise ServiceRefused(
        f"服务请求 字段 kind：类型 {key!r} 在 {on} 无有效版本 / service request field kind: "
        f"type {key!r} has no version in force on {on}",
        code=ServiceErrorCode.BAD_DATE,
        field="kind",
    )


def type_name(key: str) -> str:
    for entry in _load("service_requests.yaml")["types"]:
        if entry["key"] == key:
            return entry["name"]
    return key


def counterfeit_rules(on: dt.date) -> list[str]:
    entry = _load("service_requests.yaml")["counterfeit_rules"]
    return list(entry["rules"]) if entry["effective_on"] <= on else []


def service_bodies() -> list[dict]:
    return list(_load("service_bodies.yaml")["bodies"])


def service_directory() -> dict:
    return _load("service_bodies.yaml")


def service_body(key: str) -> dict | None:
    return next((body for body in service_bodies() if body["key"] == key), None)
