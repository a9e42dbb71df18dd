"""The 联合惩戒 catalogue as data (``data/discipline.yaml``): partner departments, the measures
each applies to which list, and the kinds of record partners push to the bureau."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "discipline.yaml"


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    category: str
    departments: tuple[str, ...]
    list_kinds: tuple[str, ...]
    basis: str
    item: str
    verification: str

    def as_dict(self, catalogue: str) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "category": self.category,
            "basis": self.basis,
            "catalogue": catalogue,
            "item": self.item,
            "verification": self.verification,
        }


@dataclass(frozen=True)
class PartnerRecordKind:
    key: str
    label: str
    department: str
    basis: str
    verification: str


@cache
def _data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def catalogue() -> dict:
    return _data()["catalogue"]


def departments() -> dict[str, str]:
    return dict(_data()["departments"])


@cache
def measures() -> tuple[Measure, ...]:
    known = departments()
    rows = []
    for record in _data()["measures"]:
        unknown = set(record["departments"]) - set(known)
        if unknown:
            raise ValueError(f"{DATA_FILE.name}: {record['key']} 部门 {sorted(unknown)} 未定义")
        rows.append(
            Measure(
                key=record["key"],
                title=record["title"],
                category=record["category"],
                departments=tuple(record["departments"]),
                list_kinds=tuple(record["list_kinds"]),
                basis=record["basis"],
                item=record.get("item") or "",
                verification=record["verification"],
            )
        )
    return tuple(rows)


def measures_for(list_kind: str, department: str) -> list[Measure]:
    return [m for m in measures() if list_kind in m.list_kinds and department in m.departments]


def partner_record_kinds() -> dict[str, PartnerRecordKind]:
    return {
        key: PartnerRecordKind(key=key, **record)
        for key, record in _data()["partner_records"].items()
    }
