"""The 免罚 engine: 《行政处罚法》第三十三条 with the Shanghai lists as versioned data.

Given a case and what the officer knows (corrected in time? harm?), the engine answers which list
items may apply, which of their conditions are met, not met or unknown, and whether this is a
first offence — computed from the party's history in wangjian over the look-back period of the
data, naming the record that makes it not a first offence. It proposes; the regulator decides,
and the decision keeps the answer.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "exemptions.yaml"
ENGINE_VERSION = "exemption-engine-1"
GROUNDS = ("minor", "first_offence")
CONDITIONS = {
    "first_offence": "初次违法（首次被发现）",
    "corrected": "及时改正",
    "no_harm": "没有造成危害后果",
    "minor_harm": "危害后果轻微",
}
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


class ExemptionDataError(ValueError):
    """The 免罚 list data is malformed."""


@dataclass(frozen=True)
class Item:
    id: str
    conduct: str
    legal_basis: tuple[str, ...]
    keywords: tuple[str, ...]
    penalty_basis: str
    ground: str
    conditions: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class ListVersion:
    key: str
    title: str
    document: str
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    source: str
    items: tuple[Item, ...]

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class FirstOffenceRule:
    valid_from: dt.date
    valid_to: dt.date | None
    lookback_years: int
    basis: str
    status: str
    note: str

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def _data():
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    first = []
    for index, rule in enumerate(data.get("first_offence") or []):
        where = f"exemptions.yaml first_offence[{index}]"
        if not isinstance(rule.get("lookback_years"), int) or rule["lookback_years"] < 1:
            raise ExemptionDataError(
                f"{where}：lookback_years 须为正整数 / lookback_years must be a positive int"
            )
        if not isinstance(rule.get("valid_from"), dt.date):
            raise ExemptionDataError(f"{where}：valid_from 须为日期 / valid_from must be a date")
        first.append(
            FirstOffenceRule(
                valid_from=rule["valid_from"],
                valid_to=rule.get("valid_to"),
                lookback_years=rule["lookback_years"],
                basis=" ".join(str(rule["basis"]).split()),
                status=str(rule["status"]),
                note=" ".join(str(rule.get("note", "")).split()),
            )
        )
    if not first:
        raise ExemptionDataError("exemptions.yaml：缺少 first_offence 版本 / no first_offence rule")
    versions = []
    for raw in data.get("lists") or []:
        items = []
        for entry in raw.get("items") or []:
            where = f"exemptions.yaml {raw['key']} {entry.get('id')}"
            if entry.get("ground") not in GROUNDS:
                raise ExemptionDataError(f"{where}：ground 无效 / invalid ground")
            unknown = [name for name in entry.get("conditions") or [] if name not in CONDITIONS]
            if unknown or not entry.get("conditions"):
                raise ExemptionDataError(f"{where}：条件 {unknown} 无效 / invalid conditions")
            if not entry.get("legal_basis") and not entry.get("keywords"):
                raise ExemptionDataError(f"{where}：须有 legal_basis 或 keywords / no matcher")
            items.append(
                Item(
                    id=str(entry["id"]),
                    conduct=str(entry["conduct"]),
                    legal_basis=tuple(entry.get("legal_basis") or ()),
                    keywords=tuple(entry.get("keywords") or ()),
                    penalty_basis=str(entry["penalty_basis"]),
                    ground=entry["ground"],
                    conditions=tuple(entry["conditions"]),
                    status=str(entry["status"]),
                )
            )
        if not isinstance(raw.get("valid_from"), dt.date):
            raise ExemptionDataError(f"exemptions.yaml {raw['key']}：valid_from 须为日期")
        versions.append(
            ListVersion(
                key=str(raw["key"]),
                title=str(raw["title"]),
                document=str(raw["document"]),
                valid_from=raw["valid_from"],
                valid_to=raw.get("valid_to"),
                status=str(raw["status"]),
                source=" ".join(str(raw.get("source", "")).split()),
                items=tuple(items),
            )
        )
    return tuple(first), tuple(versions)


def list_versions() -> tuple[ListVersion, ...]:
    return _data()[1]


def first_offence_rule(day: dt.date) -> FirstOffenceRule:
    """The first-offence rule in force on ``day`` (the day the conduct was found)."""
    for rule in _data()[0]:
        if rule.in_force(day):
            return rule
    raise ExemptionDataError(
        f"exemptions.yaml：{day.isoformat()} 无有效的初次违法规则 / no first-offence rule in "
        f"force on {day.isoformat()}"
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _matches(item: Item, articles: set[str], conduct: str) -> bool:
    if articles & set(item.legal_basis):
        return True
    return bool(item.keywords) and all(word in conduct for word in item.keywords)


def prior_records(case, since: dt.date, until: dt.date, articles: set[str]) -> list[dict]:
    """The party's records in wangjian that make this not a first offence: cases decided on the
    same articles, 责令改正 notices on them, and penalties in the credit record."""
    from wangjian.credit.models import CreditEvent
    from wangjian.enforcement.choices import GuidanceKind
    from wangjian.enforcement.models import Case, Guidance

    records = []
    same_party = Case.objects.exclude(pk=case.pk)
    if case.entity_id:
        same_party = same_party.filter(entity_id=case.entity_id)
    elif case.person_id_hash:
        same_party = same_party.filter(person_id_hash=case.person_id_hash)
    elif case.shop_id:
        same_party = same_party.filter(shop_id=case.shop_id)
    else:
        same_party = same_party.none()
    for prior in same_party.filter(decided_on__gte=since, decided_on__lte=until).order_by(
        "decided_on", "pk"
    ):
        keys = set(prior.violated_articles) | ({prior.penalty_article} - {""})
        if keys & articles:
            records.append(
                {
                    "type": "case",
                    "id": prior.pk,
                    "number": prior.decision_number or prior.display_number,
                    "on": prior.decided_on.isoformat(),
                    "what": prior.get_outcome_display(),
                }
            )
    if case.entity_id:
        notices = Guidance.objects.filter(
            entity_id=case.entity_id,
            kind=GuidanceKind.RECTIFICATION,
            issued_on__gte=since,
            issued_on__lte=until,
        )
        for notice in notices.order_by("issued_on", "pk"):
            if set(notice.legal_basis) & articles:
                records.append(
                    {
                        "type": "guidance",
                        "id": notice.pk,
                        "number": notice.number,
                        "on": notice.issued_on.isoformat(),
                        "what": notice.get_kind_display(),
                    }
                )
        events = (
            CreditEvent.objects.filter(
                entity_id=case.entity_id,
                kind="penalty",
                occurred_on__gte=since,
                occurred_on__lte=until,
                withdrawn_on__isnull=True,
                legal_basis__in=sorted(articles),
            )
            .exclude(source_app="enforcement")
            .order_by("occurred_on", "pk")
        )
        for event in events:
            records.append(
                {
                    "type": "credit_event",
                    "id": event.pk,
                    "number": event.source_id or f"信用记录 {event.pk}",
                    "on": event.occurred_on.isoformat(),
                    "what": event.summary,
                }
            )
    return records


def _condition(name: str, facts: dict, first: bool | None) -> dict:
    if name == "first_offence":
        value = first
    elif name == "corrected":
        value = facts.get("corrected")
    elif name == "no_harm":
        harm = facts.get("harm")
        value = None if harm is None else harm == "none"
    else:  # minor_harm
        harm = facts.get("harm")
        value = None if harm is None else harm in ("none", "minor")
    status = UNKNOWN if value is None else (MET if value else NOT_MET)
    return {"key": name, "label": CONDITIONS[name], "status": status}


def assess(case, *, corrected: bool | None = None, harm: str | None = None, on=None) -> dict:
    """The engine's answer for ``case`` (a JSON-ready dict, stored with the decision).

    ``corrected``: whether the party corrected in time (None: not known yet); ``harm``: "none",
    "minor", "harmful" or None (not known)."""
    if harm not in (None, "none", "minor", "harmful"):
        raise ValueError(f"harm 须为 none/minor/harmful，实为 {harm!r} / invalid harm")
    day = on or case.found_on
    rule = first_offence_rule(case.found_on)
    since = _years_before(case.found_on, rule.lookback_years)
    articles = set(case.violated_articles) | ({case.penalty_article} - {""})
    history = prior_records(case, since, day, articles)
    first = not history
    facts = {"corrected": corrected, "harm": harm}
    items = []
    for version in list_versions():
        if not version.in_force(case.found_on):
            continue
        for item in version.items:
            if not _matches(item, articles, case.conduct):
                continue
            conditions = [_condition(name, facts, first) for name in item.conditions]
            statuses = {condition["status"] for condition in conditions}
            applies = "no" if NOT_MET in statuses else ("unknown" if UNKNOWN in statuses else "yes")
            items.append(
                {
                    "list": version.key,
                    "document": version.document,
                    "item": item.id,
                    "conduct": item.conduct,
                    "ground": item.ground,
                    "status": item.status,
                    "conditions": conditions,
                    "applies": applies,
                }
            )
    applying = [item for item in items if item["applies"] == "yes"]
    undetermined = [item for item in items if item["applies"] == "unknown"]
    if applying:
        proposal = "no_penalty"
    elif undetermined:
        proposal = "undetermined"
    else:
        proposal = "penalty"
    unknown = sorted(
        {
            condition["label"]
            for item in undetermined
            for condition in item["conditions"]
            if condition["status"] == UNKNOWN
        }
    )
    return {
        "engine": ENGINE_VERSION,
        "assessed_on": day.isoformat(),
        "facts": facts,
        "first_offence": {
            "value": first,
            "lookback_years": rule.lookback_years,
            "since": since.isoformat(),
            "basis": rule.basis,
            "status": rule.status,
            "records": history,
        },
        "items": items,
        "proposal": proposal,
        "unknown_conditions": unknown,
        "summary": summary_text(proposal, applying, history, unknown, bool(items)),
    }


def summary_text(proposal, applying, history, unknown, matched) -> str:
    if proposal == "no_penalty":
        item = applying[0]
        return (
            f"建议不予行政处罚：符合{item['document']}事项 {item['item']}（{item['conduct']}），"
            "条件均已满足（行政处罚法 第三十三条）。"
        )
    parts = []
    if history:
        record = history[0]
        parts.append(f"非初次违法：{record['on']} {record['what']}（{record['number']}）。")
    if proposal == "undetermined":
        parts.append(f"尚待查明的条件：{'、'.join(unknown)}。")
    if not matched:
        parts.append("未匹配到有效的免罚清单事项。")
    return "".join(parts) or "不符合免罚清单事项的条件。"
