"""Every change to the registry: registering entities and platforms, importing submissions,
deciding entity links, closing flags. Each action takes a keyword-only ``actor``, runs in one
transaction and writes its audit event inside it."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from wangjian.core.audit import record_event
from wangjian.core.identifiers import check_uscc, normalise_identifier
from wangjian.core.uploads import FileRefused, check_file_size, check_xlsx_archive, import_limits
from wangjian.registry.choices import (
    EntityStatus,
    FlagKind,
    FlagState,
    LinkMethod,
    LinkState,
    OperatorKind,
    SubmissionState,
)
from wangjian.registry.models import (
    EntityLink,
    Flag,
    FormerName,
    Licence,
    MarketEntity,
    MerchantAccount,
    OnlineShop,
    Platform,
    PlatformAccount,
    Referral,
    Submission,
    SubmissionError,
    SubmissionRecord,
)
from wangjian.registry.normalise import normalise_name, search_text, unbracketed
from wangjian.registry.personal import protect_resident_id
from wangjian.registry.resolution import candidates_for
from wangjian.registry.rules import (
    licensed_categories_on,
    resolution_settings_on,
    turnover_threshold_on,
)
from wangjian.registry.submissions import (
    DivisionResolver,
    UnreadableSubmission,
    content_hash,
    read_submission,
    row_hash,
    validate_rows,
)

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
        raise PermissionDenied("无此权限 / not permitted")


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
        raise ValidationError(f"市场主体 {name}：统一社会信用代码 {check.reason}")
    with transaction.atomic():
        if MarketEntity.objects.filter(uscc=code).exists():
            raise ValidationError(
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


# --------------------------------------------------------------------------------------------
# Submissions


@dataclass
class ImportOutcome:
    submission: Submission | None
    already_imported: bool = False
    problems: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        s = self.submission
        again = "（相同文件已导入，未作更改）/ (same file already imported, nothing changed) " * (
            self.already_imported
        )
        kept = import_limits().max_error_rows
        capped = (
            f"；问题共 {len(self.problems)} 条，错误报告列出前 {kept} 条 / {len(self.problems)}"
            f" problems, the error report lists the first {kept}"
            if len(self.problems) > kept
            else ""
        )
        return (
            f"{again}读取 {s.rows_read} 行，入库 {s.rows_committed} 行，驳回 {s.rows_rejected} 行，"
            f"提示 {s.flags_raised} 条 / rows read {s.rows_read}, committed {s.rows_committed},"
            f" rejected {s.rows_rejected}, flags {s.flags_raised}{capped}"
        )


def import_submission(
    *,
    actor,
    platform: Platform,
    file_name: str,
    content: bytes,
    period: str,
    channel: str,
    today: dt.date | None = None,
) -> ImportOutcome:
    """Validate a submission file row by row and commit its valid rows in one transaction.

    The same file for the same platform again returns the earlier submission and changes
    nothing. Raise ``UnreadableSubmission`` (nothing stored) when the file cannot be read, and
    ``PermissionDenied`` when ``actor`` may not submit for ``platform``.
    """
    _require_submitter(actor, platform)
    today = today or _today()
    # The hash is checked before parsing: the same file again costs one lookup.
    earlier = Submission.objects.filter(
        platform=platform, content_hash=content_hash(content)
    ).first()
    if earlier is not None:
        return ImportOutcome(earlier, already_imported=True)
    limits = import_limits()
    read = read_submission(file_name, content, limits)
    clean, problems = validate_rows(
        read.rows, today=today, resolve_division=DivisionResolver(), limits=limits
    )
    reported_ids = {raw["shop_id"] for _number, raw in read.rows if raw["shop_id"]}
    with transaction.atomic():
        previous = Submission.objects.filter(platform=platform).order_by("-id").first()
        submission = Submission.objects.create(
            platform=platform,
            period=period,
            channel=channel,
            file_name=file_name[-255:],
            file_format=read.file_format,
            content_hash=read.content_hash,
            division=platform.division,
            submitted_by=actor if actor is not None and actor.is_authenticated else None,
            state=SubmissionState.COMMITTED,
            rows_read=len(read.rows),
            rows_committed=len(clean),
            rows_rejected=len({problem.row for problem in problems}),
            previous=previous,
        )
        SubmissionError.objects.bulk_create(
            [
                SubmissionError(
                    submission=submission,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                    rule=p.rule,
                    message=p.message,
                )
                # The first problems are kept; the counts cover them all.
                for p in problems[: limits.max_error_rows]
            ],
            batch_size=BATCH,
        )
        shops = _commit_shops(platform, clean, today)
        _write_records(submission, clean, shops)
        submission.diff = _diff(previous, submission, reported_ids, today)
        flags = _raise_flags(submission, clean, shops, today)
        submission.flags_raised = flags
        if not clean:
            submission.state = SubmissionState.REJECTED
        elif problems:
            submission.state = SubmissionState.PARTIAL
        submission.save(update_fields=["diff", "flags_raised", "state"])
        _refresh_entity_search({shop.entity_id for shop in shops.values() if shop.entity_id})
        record_event(
            actor=actor,
            event_type="registry.submission_imported",
            target=submission,
            division=submission.division,
            after={
                "platform": platform.entity.uscc,
                "period": period,
                "content_hash": read.content_hash,
                "rows_read": submission.rows_read,
                "rows_committed": submission.rows_committed,
                "rows_rejected": submission.rows_rejected,
                "flags": flags,
                "diff": {key: len(value) for key, value in submission.diff.items()},
            },
        )
    return ImportOutcome(submission, problems=problems)


def _require_submitter(actor, platform: Platform) -> None:
    if actor is None:
        return  # the command line and the demo run as the system
    if not actor.has_capability("registry.submit"):
        raise PermissionDenied("无权报送 / not permitted to submit")
    if Platform.objects.visible_to(actor).filter(pk=platform.pk).exists():
        return
    raise PermissionDenied("无权为该平台报送 / not permitted to submit for this platform")


def _entities_by_uscc(codes) -> dict[str, MarketEntity]:
    codes = sorted(codes)
    found = {}
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        found.update(
            {e.uscc: e for e in MarketEntity.objects.filter(uscc__in=chunk).only("id", "uscc")}
        )
    return found


def _shop_values(row, entity_id) -> dict:
    person_hash, person_masked = protect_resident_id(row.id_number) if row.id_number else ("", "")
    return {
        "name": row.shop_name,
        "url": row.shop_url,
        "operator_kind": row.operator_kind,
        "operator_name": row.operator_name,
        "declared_uscc": row.uscc,
        "person_id_hash": person_hash,
        "person_id_masked": person_masked,
        "exemption_ground": row.exemption,
        "declared_turnover": row.annual_turnover,
        "address": row.address,
        "division_id": row.division.pk,
        "contact": row.contact,
        "category": row.category,
        "opened_on": row.opened_on,
        "entity_id": entity_id,
        "search_text": search_text(row.shop_name, row.shop_url, row.operator_name),
    }


def _commit_shops(platform: Platform, clean, today) -> dict[str, OnlineShop]:
    existing = {}
    ids = [row.shop_id for row in clean]
    for start in range(0, len(ids), BATCH):
        existing.update(
            {
                shop.shop_id: shop
                for shop in OnlineShop.objects.filter(
                    platform=platform, shop_id__in=ids[start : start + BATCH]
                )
            }
        )
    entities = _entities_by_uscc({row.uscc for row in clean if row.uscc})
    new, changed, seen = [], [], []
    for row in clean:
        entity = entities.get(row.uscc)
        shop = existing.get(row.shop_id)
        # A shop linked by a regulator's decision keeps that link when its USCC is unknown.
        entity_id = entity.pk if entity else (shop.entity_id if shop else None)
        values = _shop_values(row, entity_id)
        if shop is None:
            shop = OnlineShop(
                platform=platform,
                shop_id=row.shop_id,
                first_seen_on=today,
                last_seen_on=today,
                **values,
            )
            new.append(shop)
            existing[row.shop_id] = shop
            continue
        if any(getattr(shop, name) != value for name, value in values.items()) or shop.exited_on:
            for name, value in values.items():
                setattr(shop, name, value)
            shop.exited_on = None
            changed.append(shop)
        elif shop.last_seen_on != today:
            seen.append(shop.pk)
        shop.last_seen_on = today
    OnlineShop.objects.bulk_create(new, batch_size=BATCH)
    if any(shop.pk is None for shop in new):
        refetched = OnlineShop.objects.filter(
            platform=platform, shop_id__in=[s.shop_id for s in new]
        ).only("id", "shop_id")
        by_id = {shop.shop_id: shop.pk for shop in refetched}
        for shop in new:
            shop.pk = shop.id = by_id[shop.shop_id]
    OnlineShop.objects.bulk_update(
        changed, [*SHOP_FIELDS, "exited_on", "last_seen_on"], batch_size=BATCH
    )
    for start in range(0, len(seen), BATCH):
        OnlineShop.objects.filter(pk__in=seen[start : start + BATCH]).update(last_seen_on=today)
    # Links already made (in any state) stay as they are; ignore_conflicts keeps the unique
    # (shop, entity) pair from being inserted twice.
    EntityLink.objects.bulk_create(
        [
            EntityLink(
                shop=existing[row.shop_id],
                entity=entities[row.uscc],
                method=LinkMethod.USCC,
                confidence=1.0,
                state=LinkState.AUTOMATIC,
            )
            for row in clean
            if row.uscc in entities
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return {row.shop_id: existing[row.shop_id] for row in clean}


def _write_records(submission, clean, shops) -> None:
    SubmissionRecord.objects.bulk_create(
        [
            SubmissionRecord(
                submission=submission,
                shop=shops[row.shop_id],
                row=row.row,
                data=(data := row.record_data()),
                row_hash=row_hash(data),
            )
            for row in clean
        ],
        batch_size=BATCH,
    )


def _diff(previous, submission, reported_ids: set[str], today) -> dict:
    """New, changed and exited shops against the platform's previous submission.

    A shop is "exited" only when the new file no longer lists it at all: a row rejected for a
    bad value still shows the shop is there.
    """
    current = {
        shop_id: (data, digest)
        for shop_id, data, digest in submission.records.values_list(
            "shop__shop_id", "data", "row_hash"
        )
    }
    if previous is None:
        return {"new": sorted(current), "changed": [], "exited": []}
    before = {
        shop_id: (data, digest)
        for shop_id, data, digest in previous.records.values_list(
            "shop__shop_id", "data", "row_hash"
        )
    }
    new = sorted(set(current) - set(before))
    exited = sorted(set(before) - reported_ids)
    changed = []
    for shop_id in sorted(set(current) & set(before)):
        (now, now_hash), (then, then_hash) = current[shop_id], before[shop_id]
        if now_hash != then_hash:
            fields = sorted(key for key in now if now.get(key) != then.get(key))
            changed.append(
                {
                    "shop_id": shop_id,
                    "fields": {key: [then.get(key), now.get(key)] for key in fields},
                }
            )
    for start in range(0, len(exited), BATCH):
        OnlineShop.objects.filter(
            platform=submission.platform, shop_id__in=exited[start : start + BATCH]
        ).update(exited_on=today)
    return {"new": new, "changed": changed, "exited": exited}


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


# --------------------------------------------------------------------------------------------
# Entity links and flags


def decide_link(*, actor, link: EntityLink, confirm: bool, reason: str = "") -> EntityLink:
    """Confirm or reject a proposed shop → entity link; confirming sets the shop's entity.

    Raise ``PermissionDenied`` when the actor may not resolve entities.
    """
    _require(actor, "registry.resolve_entities")
    with transaction.atomic():
        link = EntityLink.objects.select_for_update().select_related("shop").get(pk=link.pk)
        before = {"state": link.state, "shop_entity": link.shop.entity_id}
        link.previous_state = link.state
        link.state = LinkState.CONFIRMED if confirm else LinkState.REJECTED
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["state", "previous_state", "decided_by", "decided_at"])
        shop = link.shop
        if confirm:
            shop.entity_id = link.entity_id
        elif shop.entity_id == link.entity_id:
            shop.entity_id = None
        shop.save(update_fields=["entity_id"])
        _refresh_entity_search({link.entity_id})
        record_event(
            actor=actor,
            event_type="registry.entity_link_decided",
            target=link,
            division=shop.division,
            before=before,
            after={"state": link.state, "shop_entity": shop.entity_id},
            reason=reason,
        )
    return link


def reverse_link_decision(*, actor, link: EntityLink, reason: str) -> EntityLink:
    """Undo a regulator's decision: the link returns to its state before it, the shop's entity
    to what that state implies. Raise ``ValidationError`` when the link was never decided."""
    _require(actor, "registry.resolve_entities")
    if not reason.strip():
        raise ValidationError("撤销决定须说明理由 / give a reason for reversing the decision")
    with transaction.atomic():
        link = EntityLink.objects.select_for_update().select_related("shop").get(pk=link.pk)
        if link.state not in (LinkState.CONFIRMED, LinkState.REJECTED):
            raise ValidationError(
                f"关联 #{link.pk} 尚未决定，无可撤销 / link #{link.pk} has no decision to reverse"
            )
        before = {"state": link.state, "shop_entity": link.shop.entity_id}
        link.state, link.previous_state = link.previous_state or LinkState.PENDING, link.state
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["state", "previous_state", "decided_by", "decided_at"])
        shop = link.shop
        if link.state == LinkState.AUTOMATIC:
            shop.entity_id = link.entity_id
        elif shop.entity_id == link.entity_id:
            shop.entity_id = None
        shop.save(update_fields=["entity_id"])
        _refresh_entity_search({link.entity_id})
        record_event(
            actor=actor,
            event_type="registry.entity_link_reversed",
            target=link,
            division=shop.division,
            before=before,
            after={"state": link.state, "shop_entity": shop.entity_id},
            reason=reason,
        )
    return link


def close_flag(*, actor, flag: Flag, reason: str) -> Flag:
    _require(actor, "registry.manage_flags")
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        flag.state = FlagState.CLOSED
        flag.closed_at = timezone.now()
        flag.save(update_fields=["state", "closed_at"])
        record_event(
            actor=actor,
            event_type="registry.flag_closed",
            target=flag,
            division=flag.division,
            before={"state": FlagState.OPEN},
            after={"state": FlagState.CLOSED},
            reason=reason,
        )
    return flag


# Flag handling (提示处理): 处理 / 移送 / 忽略 by the bureau, 已更正 by the platform.
FLAG_OUTCOMES = (FlagState.CLOSED, FlagState.REFERRED, FlagState.DISMISSED)


def _locked_flag(actor, flag_id: int) -> Flag:
    # Re-read under a row lock through the actor's own scope, so a flag outside it is refused
    # exactly like a missing one.
    flag = Flag.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=flag_id).first()
    if flag is None:
        raise PermissionDenied(gettext("未找到该提示。"))
    return flag


def flag_received_by(actor, flag: Flag) -> bool:
    # The bureau a flag was referred to takes it over: it closes or dismisses it in turn.
    jurisdiction = getattr(actor, "jurisdiction", None)
    return (
        flag.state == FlagState.REFERRED
        and flag.referred_division is not None
        and jurisdiction is not None
        and flag.referred_division.path.startswith(jurisdiction.path)
        and not flag.division.path.startswith(jurisdiction.path)
    )


def _flag_refusal(flag: Flag) -> ValidationError:
    return ValidationError(
        gettext("提示 #{id} 已是“{state}”，不能再次处理。").format(
            id=flag.pk, state=flag.get_state_display()
        )
    )


def handle_flag(*, actor, flag: Flag, outcome: str, reason: str, referred_division=None) -> Flag:
    """Close an open flag as handled (处理), referred to another bureau (移送) or dismissed
    (忽略), saying what was done. Confirming a platform's reported correction is 处理 of a
    flag in state ``corrected``.

    Raise PermissionDenied when the actor may not manage flags or cannot see this one;
    ValidationError when the outcome is unknown, the reason is empty, the flag is already
    handled, or a referral names no other bureau."""
    _require(actor, "registry.manage_flags")
    if outcome not in FLAG_OUTCOMES:
        raise ValidationError(gettext("未知的处理方式。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            gettext("提示 #{id}：请填写处理说明（做了什么、为什么）。").format(id=flag.pk)
        )
    with transaction.atomic():
        flag = _locked_flag(actor, flag.pk)
        if flag.state not in (FlagState.OPEN, FlagState.CORRECTION_REPORTED) and not (
            flag_received_by(actor, flag) and outcome != FlagState.REFERRED
        ):
            raise _flag_refusal(flag)
        if outcome == FlagState.REFERRED:
            if referred_division is None or referred_division.pk == flag.division_id:
                raise ValidationError(
                    gettext("提示 #{id}：移送须选择另一个辖区的市场监管部门。").format(id=flag.pk)
                )
            flag.referred_division = referred_division
        before = {"state": flag.state, "handling_note": flag.handling_note}
        flag.state = outcome
        flag.handling_note = reason
        flag.handled_by = actor
        flag.closed_at = timezone.now()
        flag.save(
            update_fields=["state", "handling_note", "handled_by", "closed_at", "referred_division"]
        )
        record_event(
            actor=actor,
            event_type="registry.flag_handled",
            target=flag,
            division=flag.division,
            before=before,
            after={"state": outcome, "referred_division": flag.referred_division_id},
            reason=reason,
        )
    return flag


def handle_flags(*, actor, flag_ids, outcome: str, reason: str, referred_division=None):
    """Bulk 处理/移送/忽略 of a selection: one transaction per flag, so a flag that is already
    handled (or out of scope) is refused by itself and the others go through. Return the
    handled flags and the refusals in words."""
    handled, refused = [], []
    for flag_id in dict.fromkeys(flag_ids):
        try:
            handled.append(
                handle_flag(
                    actor=actor,
                    flag=Flag(pk=flag_id),
                    outcome=outcome,
                    reason=reason,
                    referred_division=referred_division,
                )
            )
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except PermissionDenied:
            refused.append(gettext("提示 #{id}：未找到或无权处理。").format(id=flag_id))
    return handled, refused


def report_flag_correction(*, actor, flag: Flag, note: str) -> Flag:
    """A platform reports that it corrected what a flag on its shop points at (已更正); the
    flag stays on the bureau's list until a regulator confirms it.

    Raise PermissionDenied when the actor is not the shop's platform; ValidationError when
    the note is empty or the flag is no longer open."""
    _require(actor, "registry.respond_flag")
    note = (note or "").strip()
    if not note:
        raise ValidationError(gettext("提示 #{id}：请说明已更正的内容。").format(id=flag.pk))
    with transaction.atomic():
        flag = _locked_flag(actor, flag.pk)
        if flag.state != FlagState.OPEN:
            raise _flag_refusal(flag)
        flag.state = FlagState.CORRECTION_REPORTED
        flag.correction_note = note
        flag.corrected_by = actor
        flag.corrected_at = timezone.now()
        flag.save(update_fields=["state", "correction_note", "corrected_by", "corrected_at"])
        record_event(
            actor=actor,
            event_type="registry.flag_correction_reported",
            target=flag,
            division=flag.division,
            before={"state": FlagState.OPEN},
            after={"state": FlagState.CORRECTION_REPORTED},
            reason=note,
        )
    return flag


@dataclass
class Receipt:
    """What a submission upload led to: an import done now, or a job for a large file."""

    outcome: ImportOutcome | None = None
    job: object = None


def receive_submission(
    *, actor, platform: Platform, file_name: str, content: bytes, period: str, channel: str
) -> Receipt:
    """Import a small file at once; store a large one and import it as a job.

    Raise ``UnreadableSubmission`` for an unreadable small file (a large one fails in its job)
    and ``PermissionDenied`` when ``actor`` may not submit for ``platform``.
    """
    from wangjian.core.actions.jobs import start_job
    from wangjian.registry.jobs import store_upload
    from wangjian.registry.submissions import check_period, content_hash, file_format_of

    _require_submitter(actor, platform)
    check_period(period)
    if _small_enough_to_import_now(file_name, content):
        outcome = import_submission(
            actor=actor,
            platform=platform,
            file_name=file_name,
            content=content,
            period=period,
            channel=channel,
        )
        return Receipt(outcome=outcome)
    file_format_of(file_name)
    path = store_upload(content, content_hash(content), file_name)
    job = start_job(
        actor=actor,
        kind="registry.import_submission",
        title=f"导入报送 {platform.name} {period}",
        parameters={
            "platform": platform.pk,
            "path": str(path),
            "file_name": file_name,
            "period": period,
            "channel": channel,
        },
        division=platform.division,
    )
    return Receipt(job=job)


def _small_enough_to_import_now(file_name: str, content: bytes) -> bool:
    """Small files are imported inside the request; anything larger (by its size, or for XLSX
    by its uncompressed size) runs as a job. A file over the hard limits is refused here, at
    once, without being decompressed: ``UnreadableSubmission``."""
    from wangjian.registry.submissions import file_format_of

    limits = import_limits()
    try:
        if file_format_of(file_name) == "xlsx":
            expanded = check_xlsx_archive(file_name, content, limits)
            if expanded > limits.inline_max_uncompressed_bytes:
                return False
        else:
            check_file_size(file_name, content, limits)
    except FileRefused as error:
        raise UnreadableSubmission(str(error)) from error
    return len(content) <= limits.inline_max_bytes


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
            raise ValidationError(
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
        raise ValidationError(
            f"市场主体 {entity.name}：注销须说明依据 / entity {entity.name}: give the ground"
        )
    with transaction.atomic():
        entity = MarketEntity.objects.select_for_update().get(pk=entity.pk)
        if entity.status != EntityStatus.ACTIVE:
            raise ValidationError(
                f"市场主体 {entity.name}：登记状态为“{entity.get_status_display()}”，不能注销 / "
                f"entity {entity.name} is not active"
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
