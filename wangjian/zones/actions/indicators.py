"""The indicator board: values entered against the programme's indicators."""

from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.zones.lifecycle import ZoneStepRefused

# ---------------------------------------------------------------------------------------------
# Indicator board


def enter_indicator_value(
    *,
    actor,
    application,
    indicator_key: str,
    period: str,
    value,
    source: str,
    comparison_value=None,
):
    """Enter (or correct) one figure with its period and source."""
    from wangjian.zones.models import IndicatorDefinition, IndicatorValue

    if not actor.has_capability("zones.enter_indicator"):
        raise ZoneStepRefused(
            "wrong_role",
            f"{application}:角色「{actor.get_role_display()}」不能录入指标",
            f"{application}: role {actor.role} may not enter indicators",
        )
    if actor.jurisdiction is None or not actor.jurisdiction.contains(application.division):
        raise ZoneStepRefused(
            "not_applicant",
            f"{application}:只有创建地及其上级市场监督管理部门可以录入指标",
            f"{application}: only bureaus of or above the zone may enter indicators",
        )
    indicator = IndicatorDefinition.objects.filter(key=indicator_key, kind="entered").first()
    if indicator is None:
        raise ZoneStepRefused(
            "unknown_indicator",
            f"{application}:没有可录入的指标 {indicator_key}",
            f"{application}: no entered indicator {indicator_key}",
        )
    if not source.strip() or not period.strip():
        raise ZoneStepRefused(
            "indicator_incomplete",
            f"{application}:指标「{indicator.name}」须注明统计期和数据来源",
            f"{application}: indicator {indicator_key} needs its period and source",
        )
    try:
        number = Decimal(str(value))
        comparison = None if comparison_value in (None, "") else Decimal(str(comparison_value))
    except ArithmeticError as error:
        raise ZoneStepRefused(
            "bad_number",
            f"{application}:指标「{indicator.name}」的数值 {value!r} 不是数字",
            f"{application}: the value {value!r} of {indicator_key} is not a number",
        ) from error
    with transaction.atomic():
        row, created = IndicatorValue.objects.update_or_create(
            application=application,
            indicator=indicator,
            period=period,
            defaults={
                "value": number,
                "unit": indicator.unit,
                "source": source,
                "comparison_value": comparison,
                "entered_by": actor,
            },
        )
        record_event(
            actor=actor,
            event_type="zones.indicator_entered",
            target=application,
            division=application.division,
            after={
                "indicator": indicator_key,
                "period": period,
                "value": str(number),
                "source": source,
                "created": created,
            },
        )
    return row
