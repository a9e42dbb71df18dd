"""数字经济监测指标: opening a collection round (the computed indicators are counted at once)
and entering a value by the indicator's owner department, flagged late after the due date."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from wangjian.collaboration import indicators
from wangjian.collaboration.actions.requests import CollaborationError
from wangjian.collaboration.choices import IndicatorAuditEventType
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import IndicatorRound, IndicatorValue, PartnerDepartment
from wangjian.core.audit import record_event


def _today() -> dt.date:
    return timezone.localdate()


def open_round(*, actor, period: str) -> IndicatorRound:
    """Open the round of ``period`` ('2026Q4') for the actor's bureau and count the computed
    indicators over its jurisdiction. Raise ``CollaborationError`` for a malformed period, a
    period not yet ended, or a round opened before."""
    if actor is None or not actor.has_capability("collaboration.open_round"):
        raise CollaborationNotPermitted("无此权限 / not permitted")
    record = f"指标采集（{period}）"
    try:
        starts_on, ends_on = indicators.quarter_bounds(period)
    except ValueError as error:
        raise CollaborationError(
            f"{record}：期别须为“年份+Q+季度”，如 2026Q3 / period must look like 2026Q3",
            field="period",
        ) from error
    if starts_on > _today():
        raise CollaborationError(
            f"{record}：该季度尚未开始 / the quarter has not begun", field="period"
        )
    catalogue = indicators.catalogue()
    division = actor.jurisdiction
    due_on = ends_on + dt.timedelta(days=catalogue["due_days"])
    try:
        with transaction.atomic():
            opened = IndicatorRound.objects.create(
                division=division,
                period=period.upper(),
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                catalogue_version=catalogue["version"],
                opened_by=actor,
            )
            computed = {}
            for key, spec in indicators.indicators().items():
                if spec["method"] != "computed":
                    continue
                computed[key] = indicators.compute(key, division, starts_on, ends_on)
                IndicatorValue.objects.create(
                    round=opened,
                    indicator=key,
                    value=computed[key],
                    computed=True,
                    entered_on=_today(),
                )
            record_event(
                actor=actor,
                event_type=IndicatorAuditEventType.ROUND_OPENED.value,
                target=opened,
                division=division,
                after={"period": opened.period, "due_on": due_on, "computed": computed},
            )
    except IntegrityError as error:
        raise CollaborationError(
            f"{record}：本期已开启 / this round is already open", field="period"
        ) from error
    return opened


def enter_value(*, actor, round: IndicatorRound, indicator: str, value, note: str = ""):
    """The owner department enters (or corrects) its value; entries after the due date are
    flagged late. Computed indicators are not entered."""
    if actor is None or not actor.has_capability("collaboration.enter_indicator"):
        raise CollaborationNotPermitted("无此权限 / not permitted")
    if not IndicatorRound.objects.visible_to(actor).filter(pk=round.pk).exists():
        raise CollaborationNotPermitted("未找到 / Not found.")
    record = f"指标采集（{round.period}）"
    spec = indicators.indicators().get(indicator)
    if spec is None or spec["method"] != "entered":
        raise CollaborationError(
            f"{record}：指标 {indicator!r} 不是由协作部门填报的指标 / not an entered indicator",
            field="indicator",
        )
    partner = PartnerDepartment.objects.filter(org_unit=actor.org_unit_id).first()
    if partner is None or partner.department != spec["owner"]:
        raise CollaborationNotPermitted(
            f"{record}：“{spec['name']}”由其他部门填报 / another department owns this indicator"
        )
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise CollaborationError(
            f"{record}：“{spec['name']}”的数值 {value!r} 不是数字 / not a number", field="value"
        ) from error
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e16"):
        raise CollaborationError(
            f"{record}：“{spec['name']}”的数值须为非负数 / the value must be non-negative",
            field="value",
        )
    today = _today()
    with transaction.atomic():
        row, created = IndicatorValue.objects.select_for_update().update_or_create(
            round=round,
            indicator=indicator,
            defaults={
                "value": amount.quantize(Decimal("0.01")),
                "entered_by": actor,
                "unit": actor.org_unit,
                "entered_on": today,
                "is_late": today > round.due_on,
                "note": (note or "").strip()[:300],
            },
        )
        record_event(
            actor=actor,
            event_type=IndicatorAuditEventType.VALUE_ENTERED.value,
            target=row,
            division=round.division,
            after={"indicator": indicator, "value": str(row.value), "late": row.is_late},
            reason="" if created else "更正 / correction",
        )
    return row
