"""The indicator board: entered figures and figures computed from wangjian's own data.

A computed indicator in ``data/indicators.yaml`` names a function by key, registered here with
``@computed_indicator("<app>.<name>")``. The functions live in this module because zones is the
top layer: it may read every app below it, while those apps must never import zones. A function
receives the application and returns a ``ComputedFigure`` (or None when it has nothing to say
for that zone).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from wangjian.core.choices import OrgUnitKind, Role

COMPUTED_INDICATORS: dict[str, Callable] = {}


@dataclass(frozen=True)
class ComputedFigure:
    value: object
    period: str
    source: str


def computed_indicator(key: str):
    def register(function):
        COMPUTED_INDICATORS[key] = function
        return function

    return register


@computed_indicator("core.stations_in_zone")
def stations_in_zone(application):
    from wangjian.core.models import OrgUnit

    count = (
        OrgUnit.objects.inside(application.division)
        .filter(kind=OrgUnitKind.STATION, is_active=True)
        .count()
    )
    return ComputedFigure(count, "当前", "网监机构名录(core.OrgUnit)")


@computed_indicator("core.regulators_in_zone")
def regulators_in_zone(application):
    from wangjian.core.models import User

    count = User.objects.filter(
        is_active=True,
        role__in=[Role.REGULATOR, Role.SECTION_CHIEF],
        org_unit__division__path__startswith=application.division.path,
    ).count()
    return ComputedFigure(count, "当前", "网监用户名录(core.User)")


def _active_shops_on(day, division):
    """In-platform operators' shops inside ``division`` that were operating on ``day``."""
    from django.db.models import Q

    from wangjian.registry.models import OnlineShop

    return OnlineShop.objects.filter(
        division__path__startswith=division.path, first_seen_on__lte=day
    ).filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day))


@computed_indicator("registry.online_operators_in_zone")
def online_operators_in_zone(application, *, today=None):
    from django.utils import timezone

    today = today or timezone.localdate()
    count = _active_shops_on(today, application.division).count()
    return ComputedFigure(count, f"截至{today.isoformat()}", "网络经营主体数据库(平台报送)")


@computed_indicator("registry.online_operator_growth")
def online_operator_growth(application, *, today=None):
    """Year-on-year growth of operating shops; None without a base a year ago."""
    import datetime as dt

    from django.utils import timezone

    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    now = _active_shops_on(today, application.division).count()
    before = _active_shops_on(year_ago, application.division).count()
    if before == 0:
        return None
    growth = round(100 * (now - before) / before, 1)
    return ComputedFigure(
        growth, f"{year_ago.isoformat()}至{today.isoformat()}", "网络经营主体数据库(平台报送)"
    )


@dataclass
class BoardRow:
    indicator: object
    values: list
    computed: ComputedFigure | None
    available: bool


def board(application) -> list[BoardRow]:
    """One row per indicator: entered values by period, or the computed figure."""
    from wangjian.zones.models import IndicatorDefinition

    entered = {}
    for value in application.indicator_values.select_related("indicator"):
        entered.setdefault(value.indicator_id, []).append(value)
    rows = []
    for indicator in IndicatorDefinition.objects.all():
        if indicator.kind == "computed":
            function = COMPUTED_INDICATORS.get(indicator.function)
            figure = function(application) if function else None
            rows.append(BoardRow(indicator, [], figure, function is not None))
        else:
            values = sorted(entered.get(indicator.pk, []), key=lambda item: item.period)
            rows.append(BoardRow(indicator, values, None, True))
    return rows


def chart_series(rows: list[BoardRow]) -> list[dict]:
    """ECharts input: one series per entered indicator with its periods and values."""
    series = []
    for row in rows:
        if row.values:
            series.append(
                {
                    "name": f"{row.indicator.name}({row.indicator.unit})",
                    "periods": [value.period for value in row.values],
                    "values": [float(value.value) for value in row.values],
                    "comparison": [
                        None if value.comparison_value is None else float(value.comparison_value)
                        for value in row.values
                    ],
                }
            )
    return series


def board_csv(application) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["指标", "统计期", "数值", "单位", "对比值", "数据来源", "依据"])
    for row in board(application):
        indicator = row.indicator
        if row.computed is not None:
            writer.writerow(
                [
                    indicator.name,
                    row.computed.period,
                    row.computed.value,
                    indicator.unit,
                    "",
                    row.computed.source,
                    indicator.basis,
                ]
            )
        for value in row.values:
            writer.writerow(
                [
                    indicator.name,
                    value.period,
                    value.value.normalize(),
                    value.unit,
                    "" if value.comparison_value is None else value.comparison_value.normalize(),
                    value.source,
                    indicator.basis,
                ]
            )
    return output.getvalue()
