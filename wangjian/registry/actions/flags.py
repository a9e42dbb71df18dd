"""Flags and proposed entity links raised while a submission is imported."""

from decimal import Decimal

from django.db.models import Sum

from wangjian.registry.actions.common import BATCH, CENT
from wangjian.registry.choices import FlagKind, FlagState, LinkMethod, LinkState, OperatorKind
from wangjian.registry.models import (
    EntityLink,
    Flag,
    FormerName,
    Licence,
    MarketEntity,
    OnlineShop,
    Referral,
    Submission,
)
from wangjian.registry.normalise import normalise_name
from wangjian.registry.resolution import candidates_for
from wangjian.registry.rules import (
    licensed_categories_on,
    resolution_settings_on,
    turnover_threshold_on,
)


def _open_flag_keys(shop_ids) -> set[tuple[str, int]]:
    keys = set()
    ids = list(shop_ids)
    for start in range(0, len(ids), BATCH):
        keys.update(
            Flag.objects.filter(
                shop_id__in=ids[start : start + BATCH], state=FlagState.OPEN
            ).values_list("kind", "shop_id")
        )
    return keys


def _raise_flags(submission: Submission, clean, shops, today) -> int:
    """Flags (and referrals) from one submission; a shop's open flag of a kind is not repeated."""
    jurisdiction = submission.division
    threshold = turnover_threshold_on(today)
    licensed = licensed_categories_on(today)
    open_keys = _open_flag_keys(shop.pk for shop in shops.values())
    entity_ids = {shop.entity_id for shop in shops.values() if shop.entity_id}
    entities = MarketEntity.objects.in_bulk(list(entity_ids)) if entity_ids else {}
    former = {}
    for entity_id, name in FormerName.objects.filter(entity_id__in=entity_ids).values_list(
        "entity_id", "name"
    ):
        former.setdefault(entity_id, set()).add(normalise_name(name))
    licences = {}
    for licence in Licence.objects.filter(holder_id__in=entity_ids):
        licences.setdefault((licence.holder_id, licence.kind), []).append(licence)
    turnover_of_person = _aggregate_turnover(
        {shop.person_id_hash for shop in shops.values() if shop.person_id_hash}
    )
    flags, referrals = [], []
    settings = resolution_settings_on(today)

    def flag(kind, shop, detail, basis="", data=None, entity=None):
        if (kind, shop.pk) in open_keys:
            return False
        open_keys.add((kind, shop.pk))
        flags.append(
            Flag(
                kind=kind,
                division=jurisdiction,
                entity=entity,
                shop=shop,
                submission=submission,
                detail=detail,
                legal_basis=basis,
                basis_data=data or {},
                raised_on=today,
            )
        )
        return True

    for row in clean:
        shop = shops[row.shop_id]
        entity = entities.get(shop.entity_id)
        where = f"店铺 {row.shop_name}（{row.shop_id}，第{row.row}行）"
        where_en = f"shop {row.shop_id} (row {row.row})"
        for warning_zh, warning_en in row.warnings:
            flag(
                FlagKind.CHECK_CHARACTER,
                shop,
                f"{where}：{warning_zh} / {where_en}: {warning_en}",
                "GB 32100-2015",
                entity=entity,
            )
        if row.operator_kind == OperatorKind.REGISTERED:
            if entity is None:
                flag(
                    FlagKind.NOT_IN_REGISTER,
                    shop,
                    f"{where}：统一社会信用代码 {row.uscc} 不在登记库中 / {where_en}: USCC"
                    f" {row.uscc} is not on the register",
                    "电子商务法 第二十八条",
                )
                _propose_links(shop, row, today, settings)
            elif normalise_name(row.operator_name) not in {
                entity.normalised_name,
                *former.get(entity.pk, ()),
            }:
                flag(
                    FlagKind.NAME_MISMATCH,
                    shop,
                    f"{where}：报送名称“{row.operator_name}”与登记名称“{entity.name}”不符 /"
                    f" {where_en}: reported name does not match the registered name",
                    "电子商务法 第二十八条",
                    entity=entity,
                )
        else:
            total = turnover_of_person.get(shop.person_id_hash)
            if total is not None and total > threshold.amount_yuan:
                flag(
                    FlagKind.OVER_EXEMPTION_THRESHOLD,
                    shop,
                    f"{where}：免登记经营者各店铺年交易额合计 {total} 元，超过 "
                    f"{threshold.amount_yuan} 元（{threshold.version} 版，"
                    f"{'未核实' if threshold.status == 'unconfirmed' else '已核实'}）/ {where_en}:"
                    f" exempt seller's aggregated annual turnover {total} exceeds"
                    f" {threshold.amount_yuan}",
                    threshold.legal_basis,
                    threshold.as_basis() | {"aggregated_turnover": str(total)},
                )
        category = licensed.get(row.category)
        if category is not None:
            held = licences.get((shop.entity_id, category.licence_kind), [])
            basis = {
                "rule": "licensed_category",
                "version": category.version,
                "category": row.category,
                "status": category.status,
            }
            if not held:
                flag(
                    FlagKind.LICENCE_MISSING,
                    shop,
                    f"{where}：经营类目“{row.category}”需{category.licence_kind}，未查到 /"
                    f" {where_en}: category requires a {category.licence_kind}, none on record",
                    category.legal_basis,
                    basis,
                    entity,
                )
            elif not any(licence.is_valid_on(today) for licence in held):
                flag(
                    FlagKind.LICENCE_EXPIRED,
                    shop,
                    f"{where}：{category.licence_kind}已过有效期 / {where_en}: the"
                    f" {category.licence_kind} has expired",
                    category.legal_basis,
                    basis,
                    entity,
                )
        if not row.division.path.startswith(jurisdiction.path) and flag(
            FlagKind.OUTSIDE_JURISDICTION,
            shop,
            f"{where}：经营地址“{row.address}”不在本辖区，列入移送清单 / {where_en}: business"
            " address outside the jurisdiction; listed for referral",
            "《市场监督管理行政处罚程序规定》 第十八条",
        ):
            referrals.append(
                Referral(
                    shop=shop,
                    submission=submission,
                    division=jurisdiction,
                    target_division=row.division,
                    address=row.address,
                    created_on=today,
                )
            )
    Flag.objects.bulk_create(flags, batch_size=BATCH)
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    return len(flags)


def _aggregate_turnover(person_hashes: set[str]) -> dict:
    """Declared turnover per natural person over all their active shops, on every platform."""
    totals = {}
    hashes = sorted(person_hashes)
    for start in range(0, len(hashes), BATCH):
        rows = (
            OnlineShop.objects.filter(
                person_id_hash__in=hashes[start : start + BATCH], exited_on__isnull=True
            )
            .values("person_id_hash")
            .annotate(total=Sum("declared_turnover"))
        )
        # Quantised so the figure reads the same on SQLite and PostgreSQL.
        totals.update(
            {
                row["person_id_hash"]: Decimal(row["total"]).quantize(CENT)
                for row in rows
                if row["total"] is not None
            }
        )
    return totals


def _propose_links(shop, row, today, settings) -> None:
    for candidate in candidates_for(row.operator_name, row.address, today=today)[:3]:
        automatic = candidate.confidence >= settings.auto_link
        _link, created = EntityLink.objects.get_or_create(
            shop=shop,
            entity=candidate.entity,
            defaults={
                "method": LinkMethod.NAME_ADDRESS,
                "confidence": candidate.confidence,
                "state": LinkState.AUTOMATIC if automatic else LinkState.PENDING,
            },
        )
        if created and automatic and shop.entity_id is None:
            shop.entity_id = candidate.entity.pk
            OnlineShop.objects.filter(pk=shop.pk).update(entity_id=candidate.entity.pk)
