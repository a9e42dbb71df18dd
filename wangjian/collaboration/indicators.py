"""数字经济监测指标 as data (``data/indicators.yaml``) and the computed ones: each is one
count over the bureau's jurisdiction for the round's period."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from django.utils import timezone

DATA_FILE = Path(__file__).parent / "data" / "indicators.yaml"


@cache
def catalogue() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def indicators() -> dict[str, dict]:
    return {row["key"]: row for row in catalogue()["indicators"]}


def quarter_bounds(period: str) -> tuple[dt.date, dt.date]:
    """'2026Q4' → (2026-10-01, 2026-12-31); ValueError for anything else."""
    year, _sep, quarter = period.upper().partition("Q")
    year, quarter = int(year), int(quarter)
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise ValueError(period)
    start = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, following - dt.timedelta(days=1)


def _moments(start: dt.date, end: dt.date):
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end, dt.time.max)),
    )


def compute(key: str, division, start: dt.date, end: dt.date) -> int:
    from wangjian.complaints.models import Complaint
    from wangjian.monitoring.models import Finding
    from wangjian.registry.models import OnlineShop

    if key == "online_shops":
        return (
            OnlineShop.objects.inside(division)
            .filter(first_seen_on__lte=end)
            .exclude(exited_on__lt=start)
            .count()
        )
    if key == "monitoring_findings":
        return (
            Finding.objects.inside(division)
            .exclude(verdict="exempt")
            .filter(created_at__range=_moments(start, end))
            .count()
        )
    if key == "complaints_received":
        return Complaint.objects.inside(division).filter(received_on__range=(start, end)).count()
    raise KeyError(key)
