"""Constants and permission checks shared by every registry action."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wangjian.registry.error_codes import RegistryNotPermitted
from wangjian.registry.models import FormerName, MarketEntity, OnlineShop
from wangjian.registry.normalise import normalise_name, search_text, unbracketed

BATCH = 500


CENT = Decimal("0.01")


SHOP_FIELDS = (
    "name",
    "url",
    "operator_kind",
    "operator_name",
    "declared_uscc",
    "person_id_hash",
    "person_id_masked",
    "exemption_ground",
    "declared_turnover",
    "address",
    "division_id",
    "contact",
    "category",
    "opened_on",
    "entity_id",
    "search_text",
)


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise RegistryNotPermitted("无此权限 / not permitted")


# --------------------------------------------------------------------------------------------
# Register


def entity_search_text(entity: MarketEntity, former: list[str], shops: list) -> str:
    # The bracket-free name lets "星辰科技" find "上海杨浦（星辰）科技有限公司".
    return search_text(
        entity.name,
        unbracketed(normalise_name(entity.name)),
        *former,
        entity.uscc,
        *(shop.name for shop in shops),
        *(shop.url for shop in shops),
    )


def _refresh_entity_search(entity_ids) -> None:
    ids = sorted(entity_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        entities = MarketEntity.objects.in_bulk(chunk)
        former, shops = {}, {}
        for entity_id, name in FormerName.objects.filter(entity_id__in=chunk).values_list(
            "entity_id", "name"
        ):
            former.setdefault(entity_id, []).append(name)
        for shop in OnlineShop.objects.filter(entity_id__in=chunk).only("entity_id", "name", "url"):
            shops.setdefault(shop.entity_id, []).append(shop)
        changed = []
        for entity in entities.values():
            text = entity_search_text(entity, former.get(entity.pk, []), shops.get(entity.pk, []))
            if text != entity.search_text:
                entity.search_text = text
                changed.append(entity)
        MarketEntity.objects.bulk_update(changed, ["search_text"], batch_size=BATCH)
