"""The indicator board: entered figures and figures computed from wangjian's own data.

A computed indicator in ``data/indicators.yaml`` names a function by key, registered here with
``@computed_indicator("<app>.<name>")``. The functions live in this module because zones is the
top layer: it may read every app below it, while those apps must never import zones. A function
receives the application and returns a ``ComputedFigure`` (or None when it has nothing to say
for that zone).
"""

import datetime as dt
import io
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.spreadsheets import csv_writer

COMPUTED_INDICATORS: dict[str, Callable] = {}
GROUP_COMPLAINTS_FILE = Path(__file__).resolve().parent / "data" / "group_complaints.yaml"


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
    return ComputedFigure(count, "当前", "网监机构名录")


@computed_indicator("core.regulators_in_zone")
def regulators_in_zone(application):
    from wangjian.core.models import User

    count = User.objects.filter(
        is_active=True,
        role__in=[Role.REGULATOR, Role.SECTION_CHIEF],
        org_unit__division__path__startswith=application.division.path,
    ).count()
    return ComputedFigure(count, "当前", "网监用户名录")


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


@computed_indicator("services.registered_gig_workers_in_zone")
def registered_gig_workers_in_zone(application, *, today=None):
    """灵活就业人员登记为个体工商户数 (杨浦区方案 任务16): gig workers whose 个体工商户 was
    registered on their platform's application, approved on or before ``today``, inside the
    zone's division and still registered (存续) now."""
    from django.utils import timezone

    from wangjian.registry.choices import EntityStatus
    from wangjian.services.choices import GigApplicationState
    from wangjian.services.models import GigApplication

    today = today or timezone.localdate()
    count = GigApplication.objects.filter(
        state=GigApplicationState.APPROVED,
        decided_on__lte=today,
        entity__status=EntityStatus.ACTIVE,
        entity__division__path__startswith=application.division.path,
    ).count()
    return ComputedFigure(
        count, f"截至{today.isoformat()}", "灵活就业人员登记申请(平台报送、登记机关核准)"
    )


# ---------------------------------------------------------------------------------------------
# Complaints and reports (浙江示范区创建办法 第九条第一项: 投诉举报得到妥善处置, 近三年没有发生涉及
# 网络经营的群体性投诉举报)


def _period_start(today: dt.date, *, years: int) -> dt.date:
    """The first day of the ``years``-year period that ends on ``today``, both ends counted:
    one year up to 2026-12-01 starts on 2025-12-02."""
    from wangjian.zones.lifecycle import add_years

    return add_years(today, -years) + dt.timedelta(days=1)


def _online_records_in_zone(division):
    """The complaints and reports of online purchases that bureaus inside ``division`` handle.

    Offline purchases are left out because the indicators are about 网络消费 and 网络经营. A record
    merged into another is left out because it is a duplicate of that one, which stands for both.
    A record transferred out needs no filter: the transfer moves ``division`` to the receiving
    bureau, which then handles it.
    """
    from wangjian.complaints.choices import PurchaseChannel
    from wangjian.complaints.models import Complaint

    return Complaint.objects.filter(
        division__path__startswith=division.path, merged_into__isnull=True
    ).exclude(purchase_channel=PurchaseChannel.OFFLINE)


def _handled_states() -> frozenset:
    """Closed states reached by a handling decision. Of the closed states, 已合并 closes a
    duplicate (the record it was merged into is the one handled) and 已移送 hands the record to
    another bureau (which handles it): neither is a handling."""
    from wangjian.complaints.choices import CLOSED_STATES, State

    return CLOSED_STATES - {State.MERGED, State.TRANSFERRED}


@computed_indicator("complaints.handled_in_zone")
def handled_in_zone(application, *, today=None):
    """网络消费投诉举报处理量: online-purchase complaints and reports handled inside the zone in
    the twelve months up to ``today``.

    Handled means closed by a decision: 不予受理, ODR和解 (the consumer accepted the operator's
    answer), 调解成功, 终止调解, 立案 or 不予立案. Each is counted once, on the day the handling
    concluded: ``decided_on``, which ``complaints.actions._conclude`` sets with the closing state.
    Open records, offline purchases, duplicates merged into another record and records
    transferred out (handled by the receiving bureau) are not counted.
    """
    from django.db.models import Count, Q
    from django.utils import timezone

    from wangjian.complaints.choices import RecordKind, State

    today = today or timezone.localdate()
    start = _period_start(today, years=1)
    counts = (
        _online_records_in_zone(application.division)
        .filter(state__in=_handled_states(), decided_on__range=(start, today))
        .aggregate(
            total=Count("id"),
            complaints=Count("id", filter=Q(kind=RecordKind.COMPLAINT)),
            settled_by_odr=Count("id", filter=Q(state=State.SETTLED_ODR)),
        )
    )
    reports = counts["total"] - counts["complaints"]
    return ComputedFigure(
        counts["total"],
        f"{start.isoformat()}至{today.isoformat()}",
        "投诉举报数据库：辖区内处理部门办结的网络购买投诉举报，按办结日计"
        "（不予受理、ODR和解、调解成功、终止调解、立案、不予立案；不含合并的重复件、移送他处的件和"
        f"线下购买）；投诉{counts['complaints']}件（其中ODR和解{counts['settled_by_odr']}件）、"
        f"举报{reports}件",
    )


@computed_indicator("complaints.timely_rate_in_zone")
def timely_rate_in_zone(application, *, today=None):
    """网络消费投诉举报按时办理率: of the statutory clock steps (``complaints.ClockStep``) of the
    zone's online-purchase records completed in the twelve months up to ``today``, the share
    completed by their due date (``timely``), in per cent.

    Only the regulator's own clock counts (``counted_in_regulator_clock``): the ODR negotiation
    runs between consumer and operator, and the rules keep its time out of the bureau's periods.
    A step completed while it had no due date (the working-day table of a year it reached was not
    entered, so ``timely`` stayed unset) cannot be judged; it is left out and the source says how
    many there were. None when no step can be judged.
    """
    from django.db.models import Count, Q
    from django.utils import timezone

    from wangjian.complaints.models import ClockStep

    today = today or timezone.localdate()
    start = _period_start(today, years=1)
    counts = ClockStep.objects.filter(
        complaint__in=_online_records_in_zone(application.division),
        counted_in_regulator_clock=True,
        completed_on__range=(start, today),
    ).aggregate(
        judged=Count("id", filter=Q(timely__isnull=False)),
        on_time=Count("id", filter=Q(timely=True)),
        undated=Count("id", filter=Q(timely__isnull=True)),
    )
    if counts["judged"] == 0:
        return None
    undated = (
        f"；另有{counts['undated']}个环节完成时无届满日（工作日历未录入），未计入"
        if counts["undated"]
        else ""
    )
    return ComputedFigure(
        round(100 * counts["on_time"] / counts["judged"], 1),
        f"{start.isoformat()}至{today.isoformat()}",
        "投诉举报办理时限：期内完成的法定办理环节"
        f"{counts['judged']}个，按期完成{counts['on_time']}个（不含不计入监管部门时限的ODR和解期）"
        f"{undated}",
    )


VERIFICATION_LABELS = {"confirmed": "已确认", "secondary": "二手来源", "unconfirmed": "未确认"}


@dataclass(frozen=True)
class GroupComplaintThreshold:
    """群体性投诉举报的认定标准: one version of ``data/group_complaints.yaml``."""

    effective_on: dt.date
    min_complainants: int
    window_days: int
    basis: str
    citation: str
    status: str


@cache
def group_complaint_thresholds(
    path: Path = GROUP_COMPLAINTS_FILE,
) -> tuple[GroupComplaintThreshold, ...]:
    """Every version of the threshold, oldest first; a malformed file is refused by name."""
    import yaml

    from wangjian.zones.programmes import ProgrammeDataError

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = []
    for index, entry in enumerate(document["versions"]):
        where = f"{path.name} versions[{index}]"
        missing = [
            name for name in GroupComplaintThreshold.__dataclass_fields__ if name not in entry
        ]
        if missing:
            raise ProgrammeDataError(
                f"{where} 缺少字段 {', '.join(missing)} / {where} lacks {', '.join(missing)}"
            )
        if entry["status"] not in VERIFICATION_LABELS:
            raise ProgrammeDataError(
                f"{where} 字段 status：核实状态 {entry['status']!r} 无效（应为 "
                f"{'、'.join(VERIFICATION_LABELS)}）/ {where} field status: unknown verification "
                f"status {entry['status']!r}"
            )
        for name in ("min_complainants", "window_days"):
            value = entry[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ProgrammeDataError(
                    f"{where} 字段 {name}：须为正整数，现为 {value!r} / {where} field {name}: "
                    f"must be a positive integer, not {value!r}"
                )
        if not isinstance(entry["effective_on"], dt.date):
            raise ProgrammeDataError(
                f"{where} 字段 effective_on：须为日期（YYYY-MM-DD）/ {where} field "
                "effective_on: must be a date (YYYY-MM-DD)"
            )
        versions.append(
            GroupComplaintThreshold(
                **{name: entry[name] for name in GroupComplaintThreshold.__dataclass_fields__}
            )
        )
    return tuple(sorted(versions, key=lambda version: version.effective_on))


def group_complaint_threshold_on(
    day: dt.date, path: Path = GROUP_COMPLAINTS_FILE
) -> GroupComplaintThreshold | None:
    """The version in force on ``day`` (the latest one effective on or before it)."""
    in_force = [
        version for version in group_complaint_thresholds(path) if version.effective_on <= day
    ]
    return in_force[-1] if in_force else None


@dataclass(frozen=True)
class GroupCluster:
    """The records against one respondent inside one window, with their distinct complainants."""

    respondent_key: str
    respondent_name: str
    complainants: int
    records: int
    first_received_on: dt.date
    last_received_on: dt.date


def largest_group(rows: Iterable[tuple], window_days: int) -> GroupCluster | None:
    """The respondent and window with the most distinct complainants, or None without rows.

    ``rows`` are ``(respondent_key, respondent_name, received_on, complainant_key)`` ordered by
    respondent and date. The window slides record by record: for each record it holds the same
    respondent's records received in the ``window_days`` days ending on that record's day (both
    ends counted), so a cluster is found wherever it falls, not only inside calendar months.
    Among equals the latest window is kept, being the one a regulator most likely still has on
    file.
    """
    largest = None
    current_key, window, complainants = None, deque(), Counter()
    for respondent_key, respondent_name, received_on, complainant_key in rows:
        if respondent_key != current_key:
            current_key, window, complainants = respondent_key, deque(), Counter()
        window.append((received_on, complainant_key))
        complainants[complainant_key] += 1
        earliest = received_on - dt.timedelta(days=window_days - 1)
        while window[0][0] < earliest:
            _day, leaving = window.popleft()
            complainants[leaving] -= 1
            if complainants[leaving] == 0:
                del complainants[leaving]
        if largest is None or (len(complainants), received_on) > (
            largest.complainants,
            largest.last_received_on,
        ):
            largest = GroupCluster(
                respondent_key,
                respondent_name,
                len(complainants),
                len(window),
                window[0][0],
                received_on,
            )
    return largest


@computed_indicator("complaints.no_group_complaints_three_years")
def no_group_complaints_three_years(application, *, today=None):
    """近三年无涉及网络经营的群体性投诉举报 (第九条第一项): "是" or "否".

    "否" when, in the three years up to ``today``, complaints or reports of online purchases
    against one respondent (``respondent_key``) handled inside the zone came from at least
    ``min_complainants`` distinct complainants (``complainant_key``) received within any
    ``window_days`` window; the threshold is the version of ``data/group_complaints.yaml`` in
    force on ``today`` (local practice, not law). Merged duplicates count once, and one person
    filing many times is one complainant. Anonymous records (no complainant key) cannot be told
    apart and are left out. The source names the largest cluster found, above the threshold or
    not, so a regulator can check it. One query; the window slides in Python.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    threshold = group_complaint_threshold_on(today)
    if threshold is None:
        return None
    start = _period_start(today, years=3)
    rows = (
        _online_records_in_zone(application.division)
        .filter(received_on__range=(start, today))
        .exclude(complainant_key="")
        .exclude(respondent_key="")
        .order_by("respondent_key", "received_on", "id")
        .values_list("respondent_key", "respondent_name", "received_on", "complainant_key")
    )
    largest = largest_group(rows.iterator(), threshold.window_days)
    rule = (
        f"标准：同一被投诉（举报）人{threshold.window_days}日内收到{threshold.min_complainants}名"
        f"以上不同投诉举报人的投诉举报（{threshold.effective_on.isoformat()}起施行，"
        f"{VERIFICATION_LABELS[threshold.status]}；依据{basis_in_words(threshold.basis)}）"
    )
    source = "投诉举报数据库"
    period = f"{start.isoformat()}至{today.isoformat()}"
    if largest is None:
        return ComputedFigure(
            "是", period, f"{source}：期内无可识别投诉举报人的网络购买投诉举报；{rule}"
        )
    found = (
        f"{largest.respondent_name}（{largest.first_received_on.isoformat()}至"
        f"{largest.last_received_on.isoformat()}，{largest.complainants}名投诉举报人，"
        f"{largest.records}件）"
    )
    if largest.complainants >= threshold.min_complainants:
        return ComputedFigure(
            "否", period, f"{source}：发现群体性投诉举报，人数最多为{found}；{rule}"
        )
    return ComputedFigure("是", period, f"{source}：未达标准，人数最多为{found}；{rule}")


@dataclass
class BoardRow:
    indicator: object
    values: list
    computed: ComputedFigure | None
    available: bool
    basis_text: str = ""


def basis_in_words(key: str) -> str:
    """An indicator's basis (``zj-zone-measures-2017:9.2``) as 《浙江示范区创建办法》第九条第(二)项:
    the programme files name their own instruments, the legal catalogue the others."""
    from wangjian.core.legal_catalogue import in_words
    from wangjian.zones.programmes import article_label, programme_instrument_names

    instrument_key, _sep, article = str(key or "").partition(":")
    name = programme_instrument_names().get(instrument_key)
    if name is None:
        return in_words(key)
    return f"《{name}》{article_label(article) if article else ''}"


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
            basis = basis_in_words(indicator.basis)
            rows.append(BoardRow(indicator, [], figure, function is not None, basis))
        else:
            values = sorted(entered.get(indicator.pk, []), key=lambda item: item.period)
            rows.append(BoardRow(indicator, values, None, True, basis_in_words(indicator.basis)))
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
    writer = csv_writer(output)
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


def digital_economy(application, user) -> dict | None:
    """The 数字经济监测指标 collected by collaboration's rounds for the bureau whose area holds
    the zone (the deepest division among the zone's own and its ancestors that has rounds the
    viewer may see): the same values, read, not copied. None when there is no such round."""
    from wangjian.collaboration.indicators import indicators
    from wangjian.collaboration.models import IndicatorRound, IndicatorValue

    path = application.division.path
    # A division path is "/<12-digit code>/…/": each level adds 13 characters.
    prefixes = [path[: 1 + 13 * level] for level in range(1, (len(path) - 1) // 13 + 1)]
    rounds = list(
        IndicatorRound.objects.visible_to(user)
        .filter(division__path__in=prefixes)
        .select_related("division")
        .order_by("-division__path", "-starts_on")
    )
    if not rounds:
        return None
    division = rounds[0].division
    rounds = sorted((r for r in rounds if r.division_id == division.pk), key=lambda r: r.starts_on)
    rounds = rounds[-8:]
    values = {
        (v.round_id, v.indicator): v.value
        for v in IndicatorValue.objects.visible_to(user).filter(round__in=rounds)
    }
    rows = [(spec, [values.get((r.pk, key)) for r in rounds]) for key, spec in indicators().items()]
    return {"division": division, "rounds": rounds, "rows": rows}
