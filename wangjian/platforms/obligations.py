"""主体责任: the obligations of a platform operator as data (``data/obligations/*.yaml``) and
their status for a platform and period.

Where wangjian holds the records it computes the status (报送 on time and complete, rule
changes announced early enough, ODR answered in time); otherwise the platform declares with
evidence and only a declaration a regulator accepted counts as met. Statuses: met, not met,
declared (awaiting review) and not yet due.
"""

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wangjian.platforms.choices import DeclarationState, ObligationStatus

DATA_DIR = Path(__file__).parent / "data" / "obligations"
CHECKS = ("declared", "submission_on_time", "rule_change_notice", "odr_answered")
PERIOD = re.compile(r"^(?P<year>\d{4})(?:H(?P<half>[12]))?$")


class ObligationDataError(ValueError):
    pass


@functools.cache
def obligation_set() -> dict:
    """The newest obligations file, validated."""
    files = sorted(DATA_DIR.glob("*.yaml"))
    content = yaml.safe_load(files[-1].read_text(encoding="utf-8"))
    seen = set()
    for position, item in enumerate(content["obligations"], start=1):
        where = f"{files[-1].name} obligations[{position}]"
        for name in ("key", "title", "basis", "verification", "check", "period"):
            if name not in item:
                raise ObligationDataError(f"{where}：缺少字段 {name} / missing field {name}")
        if item["check"] not in CHECKS or item["key"] in seen:
            raise ObligationDataError(f"{where}：check 或 key 无效 / invalid check or key")
        if item["period"] not in ("half_year", "year"):
            raise ObligationDataError(f"{where}：period 无效 / invalid period")
        seen.add(item["key"])
    return content


def obligations() -> list[dict]:
    return obligation_set()["obligations"]


def obligation(key: str) -> dict | None:
    return next((item for item in obligations() if item["key"] == key), None)


def applies(item: dict, *, tier: str | None, business_types=()) -> bool:
    tiers = item.get("tiers") or []
    kinds = item.get("business_types") or []
    if tiers and tier not in tiers:
        return False
    return not (kinds and not set(kinds) & set(business_types))


# --------------------------------------------------------------------------------------------
# Periods


def parse_period(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``2026H1``, ``2026H2`` or ``2026``."""
    match = PERIOD.match(period or "")
    if not match:
        raise ValueError(
            f"期间 {period!r} 格式错误，应为 2026H1、2026H2 或 2026 / period {period!r} must look "
            "like 2026H1, 2026H2 or 2026"
        )
    year = int(match["year"])
    half = match["half"]
    if half == "1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if half == "2":
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_for(item: dict, half_year: str) -> str:
    return half_year[:4] if item["period"] == "year" else half_year


def half_year_of(day: dt.date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def previous_half_year(day: dt.date) -> str:
    return f"{day.year - 1}H2" if day.month <= 6 else f"{day.year}H1"


def end_of_month_after(day: dt.date, months: int) -> dt.date:
    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_on(item: dict, period: str) -> dt.date:
    """The day by which the obligation must be met for ``period``."""
    _start, end = parse_period(period)
    months = item.get("due_months_after_period")
    return end_of_month_after(end, months) if months else end


# --------------------------------------------------------------------------------------------
# Evaluation


@dataclass
class ObligationResult:
    item: dict
    period: str
    due_on: dt.date
    status: str
    explanation: str
    computed: bool
    evidence: list = field(default_factory=list)
    declaration: object = None

    @property
    def status_label(self) -> str:
        return str(ObligationStatus(self.status).label)


def _submission_on_time(platform, item, period, today) -> tuple[str, str, list]:
    from wangjian.registry.choices import SubmissionState

    due = due_on(item, period)
    submissions = list(platform.submissions.filter(period=period).order_by("submitted_at", "id"))
    evidence = [
        f"#{s.pk} {s.file_name} {s.submitted_at.date()} {s.get_state_display()} "
        f"（入库 {s.rows_committed} 行，驳回 {s.rows_rejected} 行）"
        for s in submissions
    ]
    on_time = [s for s in submissions if s.submitted_at.date() <= due]
    complete = [s for s in on_time if s.state == SubmissionState.COMMITTED]
    if complete:
        first = complete[0]
        return (
            ObligationStatus.MET,
            f"{period} 报送已于 {first.submitted_at.date()} 完整报送（期限 {due}）",
            evidence,
        )
    if on_time:
        return (
            ObligationStatus.NOT_MET,
            f"{period} 报送在期限 {due} 前收到，但有被驳回的行，未完整报送",
            evidence,
        )
    if submissions:
        return (
            ObligationStatus.NOT_MET,
            f"{period} 报送迟于期限 {due}（{submissions[0].submitted_at.date()} 收到）",
            evidence,
        )
    if today > due:
        return ObligationStatus.NOT_MET, f"{period} 报送逾期未收到（期限 {due}）", evidence
    return ObligationStatus.NOT_YET_DUE, f"{period} 报送期限为 {due}，尚未收到", evidence


def _rule_change_notice(platform, item, period, today) -> tuple[str, str, list]:
    start, end = parse_period(period)
    minimum = item["min_days_ahead"]
    notices = list(
        platform.rule_change_notices.filter(effective_on__range=(start, end)).order_by(
            "effective_on", "id"
        )
    )
    evidence = [
        f"{n.title}：{n.published_on} 公示，{n.effective_on} 施行（提前 {n.days_ahead} 日）"
        for n in notices
    ]
    short = [n for n in notices if n.days_ahead < minimum]
    if short:
        return (
            ObligationStatus.NOT_MET,
            f"{len(short)} 项规则变更公示不足 {minimum} 日",
            evidence,
        )
    if notices:
        return (
            ObligationStatus.MET,
            f"{len(notices)} 项规则变更均至少提前 {minimum} 日公示",
            evidence,
        )
    return ObligationStatus.NOT_YET_DUE, f"{period} 未记录规则变更", evidence


def _odr_answered(platform, item, period, today) -> tuple[str, str, list]:
    from wangjian.complaints.models import ClockStep

    start, end = parse_period(period)
    clocks = list(
        ClockStep.objects.filter(
            complaint__platform=platform,
            step="odr_negotiation",
            started_on__range=(start, end),
        )
        .select_related("complaint")
        .order_by("started_on", "id")
    )
    late = [
        c
        for c in clocks
        if c.timely is False or (c.completed_on is None and c.due_on and c.due_on < today)
    ]
    evidence = [
        f"{c.complaint.receipt_number}：{c.started_on} 起，届满 {c.due_on}，"
        + (f"{c.completed_on} 完成" if c.completed_on else "未完成")
        for c in clocks
    ]
    if late:
        return ObligationStatus.NOT_MET, f"{len(late)} 件ODR纠纷未在协商期内答复", evidence
    done = [c for c in clocks if c.timely]
    if done:
        return ObligationStatus.MET, f"{len(done)} 件ODR纠纷均在协商期内答复", evidence
    return ObligationStatus.NOT_YET_DUE, f"{period} 无已届满的ODR纠纷", evidence


COMPUTED = {
    "submission_on_time": _submission_on_time,
    "rule_change_notice": _rule_change_notice,
    "odr_answered": _odr_answered,
}


def _declared(platform, item, period, today):
    declaration = (
        platform.obligation_declarations.filter(obligation_key=item["key"], period=period)
        .order_by("-declared_at", "-id")
        .first()
    )
    due = due_on(item, period)
    if declaration is None:
        if today > due:
            return ObligationStatus.NOT_MET, f"期限 {due} 已过，未声明履行情况", None
        return ObligationStatus.NOT_YET_DUE, f"请在 {due} 前声明履行情况并附证明材料", None
    if declaration.state == DeclarationState.ACCEPTED:
        return ObligationStatus.MET, "已声明，监管人员审核通过", declaration
    if declaration.state == DeclarationState.REJECTED:
        return (
            ObligationStatus.NOT_MET,
            f"声明未通过审核：{declaration.review_comment}",
            declaration,
        )
    return (
        ObligationStatus.DECLARED,
        "已声明，待监管人员审核（审核通过前不计为已履行）",
        declaration,
    )


def evaluate(platform, half_year: str, *, tier: str | None, business_types=(), today=None):
    """The status of each obligation that applies to ``platform`` for ``half_year``."""
    from django.utils import timezone

    today = today or timezone.localdate()
    results = []
    for item in obligations():
        if not applies(item, tier=tier, business_types=business_types):
            continue
        period = period_for(item, half_year)
        if item["check"] == "declared":
            status, text, declaration = _declared(platform, item, period, today)
            evidence = (
                [f"{declaration.statement}（证明材料：{declaration.evidence}）"]
                if declaration
                else []
            )
            results.append(
                ObligationResult(
                    item, period, due_on(item, period), status, text, False, evidence, declaration
                )
            )
        else:
            status, text, evidence = COMPUTED[item["check"]](platform, item, period, today)
            results.append(
                ObligationResult(item, period, due_on(item, period), status, text, True, evidence)
            )
    return results
