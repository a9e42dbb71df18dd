"""The inspection data files: 抽查事项清单 with the standard outcomes (``data/items.yaml``) and
the dated sampling policy per credit tier (``data/sampling.yaml``)."""

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


def load_items(*, actor=None) -> int:
    """Load the item list; an item already loaded is updated to the file's version."""
    from django.db import transaction

    from wangjian.core.audit import record_event
    from wangjian.inspections.models import InspectionItem

    data = items_file()
    changed = 0
    with transaction.atomic():
        for item in data["items"]:
            values = {
                "name": item["name"],
                "kind": item["kind"],
                "basis": list(item["basis"]),
                "checks": item.get("checks", ""),
                "list_version": str(data["version"]),
                "effective_on": data["effective_on"],
            }
            existing = InspectionItem.objects.filter(code=item["code"]).first()
            if existing is not None and all(
                getattr(existing, name) == value for name, value in values.items()
            ):
                continue
            obj, _created = InspectionItem.objects.update_or_create(
                code=item["code"], defaults=values
            )
            record_event(
                actor=actor,
                event_type="inspections.item_loaded",
                target=obj,
                after={"code": obj.code, "version": obj.list_version},
            )
            changed += 1
    return changed
