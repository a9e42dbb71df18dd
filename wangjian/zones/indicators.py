"""The indicator board: entered figures and figures computed from wangjian's own data.

A computed indicator in ``data/indicators.yaml`` names a function by key; apps register such
functions with ``@computed_indicator("<app>.<name>")`` in their ``zones_indicators.py`` module
(autodiscovered), so the registry and complaints apps can add theirs later as data plus one
function without touching this app. A function receives the application and returns a
``ComputedFigure`` (or None when it has nothing to say for that zone).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

from wangjian.core.choices import OrgUnitKind, Role

COMPUTED_INDICATORS: dict[str, Callable] = {}
_discovered = False


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


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("zones_indicators")
        _discovered = True


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


@dataclass
class BoardRow:
    indicator: object
    values: list
    computed: ComputedFigure | None
    available: bool


def board(application) -> list[BoardRow]:
    """One row per indicator: entered values by period, or the computed figure."""
    from wangjian.zones.models import IndicatorDefinition

    _discover()
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
