"""Hot spots (投诉热点): counts per respondent, category, platform and issue in the latest
window against the mean of the windows before it. Window length, the number of baseline
windows, the minimum count and the spike ratio are data (``rules.screening_on``)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from wangjian.complaints.rules import screening_on

DIMENSIONS = {
    "respondent": "respondent_name",
    "category": "category",
    "platform": "platform__name",
    "issue": "issue",
}


@dataclass(frozen=True)
class Spike:
    dimension: str
    value: str
    window_start: dt.date
    window_end: dt.date
    count: int
    baseline: float
    sample: list
    thresholds: dict


def spikes(division, on: dt.date) -> list[Spike]:
    from wangjian.complaints.models import Complaint

    thresholds = screening_on(on)
    days = thresholds.hotspot_window_days
    windows = thresholds.hotspot_baseline_windows
    window_start = on - dt.timedelta(days=days - 1)
    history_start = window_start - dt.timedelta(days=days * windows)
    rows = list(
        Complaint.objects.inside(division)
        .filter(kind="complaint", received_on__gte=history_start, received_on__lte=on)
        .values_list("receipt_number", "received_on", *DIMENSIONS.values())
    )
    found = []
    for position, (dimension, _field) in enumerate(DIMENSIONS.items(), start=2):
        current, previous, samples = Counter(), Counter(), {}
        for row in rows:
            value = row[position]
            if not value:
                continue
            if row[1] >= window_start:
                current[value] += 1
                samples.setdefault(value, []).append(row[0])
            else:
                previous[value] += 1
        for value, count in current.items():
            baseline = previous[value] / windows
            if count >= thresholds.hotspot_min_count and count >= thresholds.hotspot_ratio * max(
                baseline, 1.0
            ):
                found.append(
                    Spike(
                        dimension=dimension,
                        value=value,
                        window_start=window_start,
                        window_end=on,
                        count=count,
                        baseline=round(baseline, 2),
                        sample=sorted(samples[value])[:10],
                        thresholds={
                            "window_days": days,
                            "baseline_windows": windows,
                            "min_count": thresholds.hotspot_min_count,
                            "ratio": thresholds.hotspot_ratio,
                            "basis": thresholds.basis,
                            "status": thresholds.status,
                        },
                    )
                )
    return sorted(found, key=lambda spike: (-spike.count, spike.dimension, spike.value))
