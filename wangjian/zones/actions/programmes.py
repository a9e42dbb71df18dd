"""Loading programmes (创建办法) and the indicator catalogue into the database.

The files are read and checked by ``zones.programmes``; these actions write them. Both are
idempotent: a programme version already loaded with the same content and an indicator already
up to date are left alone. ``actor`` None is the system (``wangjian zones load``, the demo).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.models import Division
from wangjian.zones.models import IndicatorDefinition, Programme, RubricItem
from wangjian.zones.programmes import (
    INDICATOR_FILE,
    PROGRAMME_DIRECTORY,
    ProgrammeDataError,
    canonical,
    programme_hash,
    read_indicator_catalogue,
    read_programme_files,
)


def load_programmes(*, actor, directory: Path = PROGRAMME_DIRECTORY) -> dict:
    """Load every programme file; return counts of created and unchanged versions."""
    counts = {"created": 0, "unchanged": 0}
    for source, document in read_programme_files(directory):
        if load_programme_document(actor=actor, document=document, source=source):
            counts["created"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def load_programme_document(*, actor, document: dict, source: str) -> bool:
    """Create one programme version; False when it is already loaded with the same content."""
    content_hash = programme_hash(document)
    key, version = document["key"], str(document["version"])
    with transaction.atomic(durable=True):
        existing = Programme.objects.filter(key=key, version=version).first()
        if existing is not None:
            if existing.content_hash != content_hash:
                raise ProgrammeDataError(
                    f"创建办法 {key} 版本 {version} 已载入且内容不同;修改规则须新增版本 / "
                    f"programme {key} version {version} is loaded with different content; a "
                    "changed rule needs a new version"
                )
            return False
        territory = Division.objects.by_code(document["territory"])
        rubric = document.get("rubric") or {"version": "", "verification": "", "groups": []}
        programme = Programme.objects.create(
            key=key,
            version=version,
            name=document["name"],
            effective_on=document["effective_on"],
            territory=territory,
            authority_name=document["authority_name"],
            instrument_key=document["instrument"]["key"],
            instrument=json.loads(canonical(document["instrument"])),
            articles={str(k): v for k, v in (document.get("articles") or {}).items()},
            rules=json.loads(canonical(document["rules"])),
            questionnaire=document.get("questionnaire") or {"questions": []},
            rubric_version=str(rubric["version"]),
            rubric_verification=rubric["verification"],
            social_weight=Decimal(str(rubric.get("social_weight", 0))),
            content_hash=content_hash,
        )
        position = 0
        for group in rubric["groups"]:
            for item in group["items"]:
                position += 1
                RubricItem.objects.create(
                    programme=programme,
                    group_key=group["key"],
                    group_name=group["name"],
                    key=item["key"],
                    name=item["name"],
                    article=str(item["article"]),
                    weight=Decimal(str(item["weight"])),
                    guidance=item["guidance"],
                    evidence_needed=item["evidence"],
                    position=position,
                )
        record_event(
            actor=actor,
            event_type="zones.programme_loaded",
            target=programme,
            after={"key": key, "version": version, "source": source, "hash": content_hash},
        )
    return True


def load_indicators(*, actor, path: Path = INDICATOR_FILE) -> dict:
    """Create or update the indicator catalogue by key; unchanged rows are left alone."""
    document = read_indicator_catalogue(path)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(durable=True):
        for position, entry in enumerate(document["indicators"], start=1):
            values = {
                "name": entry["name"],
                "unit": entry["unit"],
                "kind": entry["kind"],
                "function": entry.get("function", ""),
                "basis": entry["basis"],
                "comparison": entry.get("comparison", ""),
                "catalogue_version": str(document["version"]),
                "position": position,
            }
            existing = IndicatorDefinition.objects.filter(key=entry["key"]).first()
            if existing is None:
                IndicatorDefinition.objects.create(key=entry["key"], **values)
                counts["created"] += 1
            elif any(getattr(existing, name) != value for name, value in values.items()):
                IndicatorDefinition.objects.filter(pk=existing.pk).update(**values)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if counts["created"] or counts["updated"]:
            record_event(
                actor=actor,
                event_type="zones.indicators_loaded",
                target=("zones.indicatorcatalogue", document["version"], "监测指标目录"),
                after=counts,
            )
    return counts
