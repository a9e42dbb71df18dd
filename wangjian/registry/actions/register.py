"""The register (登记): entities, platforms, accounts and licences."""

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.identifiers import check_uscc, normalise_identifier
from wangjian.registry.actions.common import (
    BATCH,
    _refresh_entity_search,
    _require,
    entity_search_text,
)
from wangjian.registry.choices import EntityStatus, LinkMethod, LinkState, OperatorKind
from wangjian.registry.error_codes import RegistryErrorCode, RegistryRefused
from wangjian.registry.models import (
    EntityLink,
    FormerName,
    Licence,
    MarketEntity,
    MerchantAccount,
    OnlineShop,
    Platform,
    PlatformAccount,
)
from wangjian.registry.normalise import normalise_name


def register_entity(*, actor, uscc: str, name: str, former_names=(), **fields) -> MarketEntity:
    """Add a market entity from the register (市场主体登记).

    ``uscc`` must pass GB 32100 (the register is the authority; pilot-era codes are accepted
    with only the check character failing). Raise ``ValidationError`` otherwise or when the code
    is already registered.
    """
    _require(actor, "registry.manage_register")
    code = normalise_identifier(uscc)
    check = check_uscc(code)
    if not check.valid and check.failed_checks != ("uscc_check_character",):
        raise RegistryRefused(f"市场主体 {name}：统一社会信用代码 {check.reason}")
    with transaction.atomic():
        if MarketEntity.objects.filter(uscc=code).exists():
            raise RegistryRefused(
                f"市场主体 {name}：统一社会信用代码 {code} 已登记 / entity {name}: USCC {code}"
                " is already registered"
            )
        entity = MarketEntity(uscc=code, name=name, normalised_name=normalise_name(name), **fields)
        entity.search_text = entity_search_text(entity, list(former_names), [])
        entity.save()
        for former in former_names:
            FormerName.objects.create(entity=entity, name=former)
        record_event(
            actor=actor,
            event_type="registry.entity_registered",
            target=entity,
            division=entity.division,
            after={"uscc": code, "name": name, "former_names": list(former_names)},
        )
    return entity


def register_platform(*, actor, entity: MarketEntity, name: str, division, **fields) -> Platform:
    _require(actor, "registry.manage_register")
    with transaction.atomic():
        platform = Platform.objects.create(entity=entity, name=name, division=division, **fields)
        record_event(
            actor=actor,
            event_type="registry.platform_registered",
            target=platform,
            division=division,
            after={"entity": entity.uscc, "name": name},
        )
    return platform


def link_platform_account(*, actor, user, platform: Platform) -> PlatformAccount:
    """Let a platform_operator user submit for ``platform``."""
    _require(actor, "registry.manage_register")
    with transaction.atomic():
        account, _created = PlatformAccount.objects.get_or_create(user=user, platform=platform)
        record_event(
            actor=actor,
            event_type="registry.platform_account_linked",
            target=platform,
            division=platform.division,
            after={"user": user.get_username()},
        )
    return account


def link_merchant_account(*, actor, user, entity: MarketEntity) -> MerchantAccount:
    _require(actor, "registry.manage_register")
    with transaction.atomic():
        account, _created = MerchantAccount.objects.get_or_create(user=user, entity=entity)
        record_event(
            actor=actor,
            event_type="registry.merchant_account_linked",
            target=entity,
            division=entity.division,
            after={"user": user.get_username()},
        )
    return account


def add_licence(*, actor, holder: MarketEntity, kind: str, number: str, **fields) -> Licence:
    _require(actor, "registry.manage_register")
    with transaction.atomic():
        licence = Licence.objects.create(holder=holder, kind=kind, number=number, **fields)
        record_event(
            actor=actor,
            event_type="registry.licence_added",
            target=licence,
            division=holder.division,
            after={"kind": kind, "number": number, "holder": holder.uscc},
        )
    return licence


def load_register(*, actor, entities: list[dict], former_names: dict | None = None) -> int:
    """Bulk-load market entities from a register extract; codes already present are skipped.

    Each dict carries the ``MarketEntity`` fields (``uscc`` and ``name`` at least). One audit
    event records the load. Return the number of entities created.
    """
    _require(actor, "registry.manage_register")
    former_names = former_names or {}
    with transaction.atomic():
        existing = set()
        codes = [record["uscc"] for record in entities]
        for start in range(0, len(codes), BATCH):
            existing.update(
                MarketEntity.objects.filter(uscc__in=codes[start : start + BATCH]).values_list(
                    "uscc", flat=True
                )
            )
        new = []
        for record in entities:
            if record["uscc"] in existing:
                continue
            entity = MarketEntity(**record, normalised_name=normalise_name(record["name"]))
            entity.search_text = entity_search_text(entity, former_names.get(entity.uscc, []), [])
            new.append(entity)
        if not new:
            return 0
        MarketEntity.objects.bulk_create(new, batch_size=BATCH)
        created = {e.uscc: e.pk for e in new if e.pk is not None}
        if len(created) < len(new):
            created = dict(
                MarketEntity.objects.filter(uscc__in=[e.uscc for e in new]).values_list(
                    "uscc", "pk"
                )
            )
        FormerName.objects.bulk_create(
            [
                FormerName(entity_id=created[code], name=name)
                for code, names in former_names.items()
                if code in created
                for name in names
            ],
            batch_size=BATCH,
        )
        record_event(
            actor=actor,
            event_type="registry.register_loaded",
            target=("registry.marketentity", "", "市场主体登记库"),
            after={"created": len(new), "skipped": len(existing)},
        )
    return len(new)


def attach_shop_to_registered_entity(
    *, actor, shop: OnlineShop, entity: MarketEntity
) -> OnlineShop:
    """A natural person's shop whose operator has just registered (e.g. a gig worker's
    个体工商户): the shop now belongs to the entity, linked automatically by the new USCC.
    Its ID hash and exemption ground are dropped: the operator is no longer an exempt person."""
    _require(actor, "registry.manage_register")
    with transaction.atomic():
        shop = OnlineShop.objects.select_for_update().get(pk=shop.pk)
        before = {"entity": shop.entity_id, "operator_kind": shop.operator_kind}
        if shop.entity_id not in (None, entity.pk):
            raise RegistryRefused(
                f"网店 {shop.name}：已关联其他市场主体 / shop {shop.name} already belongs to "
                "another entity"
            )
        shop.entity = entity
        shop.operator_kind = OperatorKind.REGISTERED
        shop.operator_name = entity.name
        shop.declared_uscc = entity.uscc
        shop.person_id_hash = ""
        shop.person_id_masked = ""
        shop.exemption_ground = ""
        shop.save()
        EntityLink.objects.get_or_create(
            shop=shop,
            entity=entity,
            defaults={
                "method": LinkMethod.USCC,
                "confidence": 1.0,
                "state": LinkState.AUTOMATIC,
            },
        )
        _refresh_entity_search({entity.pk})
        record_event(
            actor=actor,
            event_type="registry.shop_attached_to_entity",
            target=shop,
            division=shop.division,
            before=before,
            after={"entity": entity.pk, "uscc": entity.uscc},
        )
    return shop


def deregister_entity(*, actor, entity: MarketEntity, reason: str) -> MarketEntity:
    """注销登记: the entity leaves the register (status 注销); its records stay."""
    _require(actor, "registry.manage_register")
    if not reason.strip():
        raise RegistryRefused(
            f"市场主体 {entity.name}：注销须说明依据 / entity {entity.name}: give the ground"
        )
    with transaction.atomic():
        entity = MarketEntity.objects.select_for_update().get(pk=entity.pk)
        if entity.status != EntityStatus.ACTIVE:
            raise RegistryRefused(
                f"市场主体 {entity.name}：登记状态为“{entity.get_status_display()}”，不能注销 / "
                f"entity {entity.name} is not active",
                code=RegistryErrorCode.WRONG_STATE,
            )
        entity.status = EntityStatus.DEREGISTERED
        entity.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            event_type="registry.entity_deregistered",
            target=entity,
            division=entity.division,
            before={"status": EntityStatus.ACTIVE},
            after={"status": EntityStatus.DEREGISTERED},
            reason=reason,
        )
    return entity
