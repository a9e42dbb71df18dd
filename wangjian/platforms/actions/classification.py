"""Platform classification (分类分级): yearly inputs and the resulting class."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.errors import Bilingual
from wangjian.platforms import classification
from wangjian.platforms.actions.common import PlatformEvent, _locked_platform, _require
from wangjian.platforms.choices import RestrictionAbility
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformRefused
from wangjian.platforms.models import PlatformClassification, PlatformYearInput
from wangjian.registry.models import Platform

# --------------------------------------------------------------------------------------------
# 分类分级


def _clean_lines(rules, lines, record: str) -> list[dict]:
    if not lines:
        raise PlatformRefused(
            f"{record}：业务线 至少填写一条 / {record}: business_lines needs at least one line"
        )
    clean = []
    for position, line in enumerate(lines, start=1):
        name = str(line.get("name", "")).strip()
        category = line.get("category", "")
        subtype = line.get("subtype", "") or ""
        # The line's name comes first in each language, so the two texts are built apart.
        where_zh = f"{record} 业务线第{position}条"
        where_en = f"{record} business line {position}"
        if not name:
            raise PlatformRefused(
                Bilingual(f"{where_zh}：名称 必填", f"{where_en}: name is required"),
                code=PlatformErrorCode.FIELD_REQUIRED,
                field="business_lines",
            )
        if category not in rules.categories:
            raise PlatformRefused(
                Bilingual(
                    f"{where_zh}：平台类别 {category!r} 不在《{rules.title}》的六类之中",
                    f"{where_en}: category {category!r} is not one of the six categories of "
                    "the rules",
                ),
                field="business_lines",
            )
        if subtype and not rules.subtype_label(category, subtype):
            raise PlatformRefused(
                Bilingual(
                    f"{where_zh}：子类 {subtype!r} 不属于 {rules.category_label(category)}",
                    f"{where_en}: subtype {subtype!r} does not belong to category {category}",
                ),
                field="business_lines",
            )
        clean.append(
            {
                "name": name,
                "category": category,
                "subtype": subtype,
                "is_main": bool(line.get("is_main")),
                "is_core": bool(line.get("is_core")),
            }
        )
    if sum(line["is_main"] for line in clean) > 1:
        raise PlatformRefused(
            f"{record}：主营业务 只能标一条 / {record}: only one line may be the main business"
        )
    return clean


def record_year_inputs(
    *,
    actor,
    platform: Platform,
    year: int,
    annual_active_users: int,
    business_lines: list,
    market_value_100m,
    restriction_ability: str,
    source: str,
) -> PlatformClassification:
    """Store (or replace) the classification inputs of ``platform`` for ``year`` and classify it.

    The previous inputs, if any, are kept in the audit event's ``before``. Raise
    ``ValidationError`` naming the field for bad input and ``PermissionDenied`` when ``actor``
    may not record inputs for the platform.
    """
    _require(actor, "platforms.record_inputs", platform)
    rules = classification.current_rules()
    record = f"平台 {platform.name} {year} 年度"
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlatformRefused(f"{record}：年度 无效 / {record}: year is invalid")
    if not isinstance(annual_active_users, int) or annual_active_users < 0:
        raise PlatformRefused(
            f"{record}：年活跃用户数 须为非负整数 / {record}: annual_active_users must be a "
            "non-negative integer"
        )
    try:
        value = Decimal(str(market_value_100m))
    except InvalidOperation as error:
        raise PlatformRefused(
            f"{record}：市值或估值 须为数字（亿元）/ {record}: market_value_100m must be a number"
        ) from error
    if value < 0:
        raise PlatformRefused(f"{record}：市值或估值 不得为负 / market value may not be negative")
    if restriction_ability not in RestrictionAbility.values:
        raise PlatformRefused(
            f"{record}：限制能力 {restriction_ability!r} 无效 / restriction_ability is invalid"
        )
    if not (source or "").strip():
        raise PlatformRefused(
            f"{record}：数据来源 必填 / {record}: source is required",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    lines = _clean_lines(rules, business_lines, record)
    with transaction.atomic():
        _locked_platform(platform)
        existing = PlatformYearInput.objects.filter(platform=platform, year=year).first()
        before = existing.as_inputs() | {"source": existing.source} if existing else None
        inputs, _created = PlatformYearInput.objects.update_or_create(
            platform=platform,
            year=year,
            defaults={
                "annual_active_users": annual_active_users,
                "business_lines": lines,
                "market_value_100m": value,
                "restriction_ability": restriction_ability,
                "source": source.strip(),
                "recorded_by": actor if actor is not None else None,
            },
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.INPUTS_RECORDED,
            target=platform,
            division=platform.division,
            before=before,
            after=inputs.as_inputs() | {"year": year, "source": inputs.source},
        )
        return _classify(actor, platform, inputs, rules)


def _classify(actor, platform, inputs: PlatformYearInput, rules) -> PlatformClassification:
    result = classification.classify(rules, inputs.as_inputs())
    previous = PlatformClassification.objects.filter(
        platform=platform, year=inputs.year, is_current=True
    ).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    outcome = PlatformClassification.objects.create(
        platform=platform,
        year=inputs.year,
        category=result.category,
        subtype=result.subtype,
        tier=result.tier,
        rule_key=rules.key,
        rule_version=rules.version,
        rule_sha256=rules.sha256,
        inputs=inputs.as_inputs() | {"source": inputs.source},
        reasons=result.reasons,
    )
    record_event(
        actor=actor,
        event_type=PlatformEvent.CLASSIFIED,
        target=platform,
        division=platform.division,
        before=None
        if previous is None
        else {"tier": previous.tier, "category": previous.category, "rules": previous.rule_version},
        after={
            "year": inputs.year,
            "tier": outcome.tier,
            "category": outcome.category,
            "subtype": outcome.subtype,
            "rules": rules.version,
        },
    )
    return outcome


def reclassify(*, actor, platform: Platform, year: int) -> PlatformClassification:
    """Classify the stored inputs of ``platform`` for ``year`` again with the current rules.

    Raise ``ValidationError`` when no inputs are stored for that year.
    """
    _require(actor, "platforms.record_inputs", platform)
    with transaction.atomic():
        _locked_platform(platform)
        inputs = PlatformYearInput.objects.filter(platform=platform, year=year).first()
        if inputs is None:
            raise PlatformRefused(
                f"平台 {platform.name}：{year} 年度尚无分类分级输入 / no inputs for {year}"
            )
        return _classify(actor, platform, inputs, classification.current_rules())
