"""Every state change of the platforms app. Each action takes a keyword-only ``actor`` (None for
the system), runs in one transaction and writes its audit event inside it."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms import classification
from wangjian.platforms.choices import DeclarationState, RestrictionAbility
from wangjian.platforms.models import (
    ObligationDeclaration,
    PlatformClassification,
    PlatformYearInput,
    RuleChangeNotice,
)
from wangjian.platforms.obligations import obligation, parse_period
from wangjian.registry.models import Platform


class PlatformEvent:
    """Audit event types of the platforms app."""

    INPUTS_RECORDED = "platforms.inputs_recorded"
    CLASSIFIED = "platforms.classified"
    RULE_CHANGE_RECORDED = "platforms.rule_change_recorded"
    OBLIGATION_DECLARED = "platforms.obligation_declared"
    DECLARATION_REVIEWED = "platforms.declaration_reviewed"
    ASSESSMENT_STARTED = "platforms.assessment_started"
    ASSESSMENT_SAVED = "platforms.assessment_saved"
    ASSESSMENT_SUBMITTED = "platforms.assessment_submitted"
    ASSESSMENT_COMMENTED = "platforms.assessment_commented"
    ASSESSMENT_REVIEWED = "platforms.assessment_reviewed"
    RECTIFICATION_COMPLETED = "platforms.rectification_completed"
    GUIDE_DRAFTED = "platforms.guide_drafted"
    GUIDE_PUBLISHED = "platforms.guide_published"


def _require(actor, capability: str, platform: Platform | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` has ``capability`` and reaches ``platform``."""
    if actor is None:
        return
    if not actor.has_capability(capability):
        raise PermissionDenied("无此权限 / not permitted")
    if platform is not None and not Platform.objects.visible_to(actor).filter(pk=platform.pk):
        raise PermissionDenied("无权操作该平台 / not permitted for this platform")


def _locked_platform(platform: Platform) -> Platform:
    return Platform.objects.select_for_update().get(pk=platform.pk)


# --------------------------------------------------------------------------------------------
# 分类分级


def _clean_lines(rules, lines, record: str) -> list[dict]:
    if not lines:
        raise ValidationError(
            f"{record}：业务线 至少填写一条 / {record}: business_lines needs at least one line"
        )
    clean = []
    for position, line in enumerate(lines, start=1):
        name = str(line.get("name", "")).strip()
        category = line.get("category", "")
        subtype = line.get("subtype", "") or ""
        where = f"{record} 业务线第{position}条 / {record} business line {position}"
        if not name:
            raise ValidationError(f"{where}：名称 必填 / name is required")
        if category not in rules.categories:
            raise ValidationError(
                f"{where}：平台类别 {category!r} 不在《{rules.title}》的六类之中 / category "
                f"{category!r} is not one of the six categories of the rules"
            )
        if subtype and not rules.subtype_label(category, subtype):
            raise ValidationError(
                f"{where}：子类 {subtype!r} 不属于 {rules.category_label(category)} / subtype "
                f"{subtype!r} does not belong to category {category}"
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
        raise ValidationError(
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
        raise ValidationError(f"{record}：年度 无效 / {record}: year is invalid")
    if not isinstance(annual_active_users, int) or annual_active_users < 0:
        raise ValidationError(
            f"{record}：年活跃用户数 须为非负整数 / {record}: annual_active_users must be a "
            "non-negative integer"
        )
    try:
        value = Decimal(str(market_value_100m))
    except InvalidOperation as error:
        raise ValidationError(
            f"{record}：市值或估值 须为数字（亿元）/ {record}: market_value_100m must be a number"
        ) from error
    if value < 0:
        raise ValidationError(f"{record}：市值或估值 不得为负 / market value may not be negative")
    if restriction_ability not in RestrictionAbility.values:
        raise ValidationError(
            f"{record}：限制能力 {restriction_ability!r} 无效 / restriction_ability is invalid"
        )
    if not (source or "").strip():
        raise ValidationError(f"{record}：数据来源 必填 / {record}: source is required")
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
            raise ValidationError(
                f"平台 {platform.name}：{year} 年度尚无分类分级输入 / no inputs for {year}"
            )
        return _classify(actor, platform, inputs, classification.current_rules())


# --------------------------------------------------------------------------------------------
# 主体责任


def record_rule_change(
    *,
    actor,
    platform: Platform,
    title: str,
    published_on: dt.date,
    effective_on: dt.date,
    url: str = "",
) -> RuleChangeNotice:
    """Record a change of the platform's agreement or trading rules (电子商务法 第三十四条).

    Raise ``ValidationError`` when the title is empty or it takes effect before it was published.
    """
    _require(actor, "platforms.record_rule_change", platform)
    record = f"平台 {platform.name} 规则变更"
    if not (title or "").strip():
        raise ValidationError(f"{record}：变更事项 必填 / {record}: title is required")
    if effective_on < published_on:
        raise ValidationError(
            f"{record}：施行日期 {effective_on} 早于公示日期 {published_on} / effective_on is "
            "before published_on"
        )
    with transaction.atomic():
        _locked_platform(platform)
        notice = RuleChangeNotice.objects.create(
            platform=platform,
            title=title.strip(),
            url=url,
            published_on=published_on,
            effective_on=effective_on,
            recorded_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.RULE_CHANGE_RECORDED,
            target=notice,
            division=platform.division,
            after={
                "title": notice.title,
                "published_on": published_on,
                "effective_on": effective_on,
            },
        )
    return notice


def declare_obligation(
    *, actor, platform: Platform, obligation_key: str, period: str, statement: str, evidence: str
) -> ObligationDeclaration:
    """The platform declares it meets an obligation wangjian cannot compute.

    The declaration counts only once a regulator accepts it. Raise ``ValidationError`` for an
    unknown or computed obligation, a bad period, or an empty statement or evidence.
    """
    _require(actor, "platforms.declare_obligation", platform)
    item = obligation(obligation_key)
    record = f"平台 {platform.name} 义务 {obligation_key}"
    if item is None or item["check"] != "declared":
        raise ValidationError(
            f"{record}：该义务由系统依据记录计算，无需声明 / {record}: this obligation is "
            "computed from records, not declared"
            if item
            else f"{record}：未知义务 / unknown obligation"
        )
    parse_period(period)
    if (item["period"] == "year") != (len(period) == 4):
        raise ValidationError(
            f"{record}：期间 {period} 与义务的周期不符 / period {period} does not fit the "
            "obligation's cycle"
        )
    if not statement.strip() or not evidence.strip():
        raise ValidationError(
            f"{record}：履行情况说明和证明材料 均必填 / statement and evidence are required"
        )
    with transaction.atomic():
        _locked_platform(platform)
        declaration = ObligationDeclaration.objects.create(
            platform=platform,
            obligation_key=obligation_key,
            period=period,
            statement=statement.strip(),
            evidence=evidence.strip(),
            declared_by=actor,
        )
        record_event(
            actor=actor,
            event_type=PlatformEvent.OBLIGATION_DECLARED,
            target=declaration,
            division=platform.division,
            after={"obligation": obligation_key, "period": period},
        )
    return declaration


def review_declaration(
    *, actor, declaration: ObligationDeclaration, accept: bool, comment: str = ""
) -> ObligationDeclaration:
    """A regulator accepts or rejects a pending declaration; rejecting needs a comment.

    Raise ``ValidationError`` when it was already reviewed.
    """
    _require(actor, "platforms.review", declaration.platform)
    with transaction.atomic():
        declaration = ObligationDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.state != DeclarationState.PENDING:
            raise ValidationError(
                f"声明 #{declaration.pk} 已审核（{declaration.get_state_display()}）/ declaration "
                f"#{declaration.pk} was already reviewed"
            )
        if not accept and not comment.strip():
            raise ValidationError(
                f"声明 #{declaration.pk}：不通过须写明理由 / a rejection needs a comment"
            )
        declaration.state = DeclarationState.ACCEPTED if accept else DeclarationState.REJECTED
        declaration.reviewed_by = actor
        declaration.reviewed_at = timezone.now()
        declaration.review_comment = comment.strip()
        declaration.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
        record_event(
            actor=actor,
            event_type=PlatformEvent.DECLARATION_REVIEWED,
            target=declaration,
            division=declaration.platform.division,
            before={"state": DeclarationState.PENDING},
            after={"state": declaration.state},
            reason=declaration.review_comment,
        )
    return declaration
