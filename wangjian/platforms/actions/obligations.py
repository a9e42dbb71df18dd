"""Platform responsibilities (主体责任): rule changes and obligation declarations."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.platforms.actions.common import PlatformEvent, _locked_platform, _require
from wangjian.platforms.choices import DeclarationState
from wangjian.platforms.error_codes import PlatformErrorCode, PlatformRefused
from wangjian.platforms.models import ObligationDeclaration, RuleChangeNotice
from wangjian.platforms.obligations import obligation, parse_period
from wangjian.registry.models import Platform

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
        raise PlatformRefused(
            f"{record}：变更事项 必填 / {record}: title is required",
            code=PlatformErrorCode.FIELD_REQUIRED,
        )
    if effective_on < published_on:
        raise PlatformRefused(
            f"{record}：施行日期 {effective_on} 早于公示日期 {published_on} / effective_on is "
            "before published_on",
            code=PlatformErrorCode.BAD_DATE,
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
        raise PlatformRefused(
            f"{record}：该义务由系统依据记录计算，无需声明 / {record}: this obligation is "
            "computed from records, not declared"
            if item
            else f"{record}：未知义务 / unknown obligation"
        )
    parse_period(period)
    if (item["period"] == "year") != (len(period) == 4):
        raise PlatformRefused(
            f"{record}：期间 {period} 与义务的周期不符 / period {period} does not fit the "
            "obligation's cycle"
        )
    if not statement.strip() or not evidence.strip():
        raise PlatformRefused(
            f"{record}：履行情况说明和证明材料 均必填 / statement and evidence are required",
            code=PlatformErrorCode.FIELD_REQUIRED,
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
            raise PlatformRefused(
                f"声明 #{declaration.pk} 已审核（{declaration.get_state_display()}）/ declaration "
                f"#{declaration.pk} was already reviewed"
            )
        if not accept and not comment.strip():
            raise PlatformRefused(
                f"声明 #{declaration.pk}：不通过须写明理由 / a rejection needs a comment",
                code=PlatformErrorCode.REASON_MISSING,
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
