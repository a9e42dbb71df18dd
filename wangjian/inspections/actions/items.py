"""Loading the 抽查事项清单 (``data/items.yaml``, read by ``inspections.catalogue``)."""

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.inspections.catalogue import items_file
from wangjian.inspections.models import InspectionItem


def load_items(*, actor=None) -> int:
    """Load the item list; an item already loaded is updated to the file's version, an item
    already up to date is left alone (loading twice changes nothing). ``actor`` None is the
    system (``wangjian inspections items``, the demo)."""
    data = items_file()
    changed = 0
    with transaction.atomic(durable=True):
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
