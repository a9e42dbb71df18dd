"""风险预警 signals as versioned rules (``data/warning_rules.yaml``) and their set-based
computation: each signal is one aggregate query over the entities in a division, returning
per-entity facts; ``signals_for`` combines them into weighted reasons."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Count, OuterRef, Q, Subquery

DATA_FILE = Path(__file__).parent / "data" / "warning_rules.yaml"
TIER_ORDER = "ABCD"


@dataclass(frozen=True)
class RuleVersion:
    key: str
    title: str
    effective_on: dt.date
    status: str
    threshold: int
    signals: dict
    precision: dict


@cache
def rule_versions() -> tuple[RuleVersion, ...]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    versions = [
        RuleVersion(
            key=v["key"],
            title=v["title"],
            effective_on=v["effective_on"],
            status=v["status"],
            threshold=int(v["threshold"]),
            signals=v["signals"],
            precision=v.get("precision", {}),
        )
        for v in data["versions"]
    ]
    return tuple(sorted(versions, key=lambda v: v.effective_on))


def rules_on(day: dt.date) -> RuleVersion:
    versions = [v for v in rule_versions() if v.effective_on <= day]
    if not versions:
        raise LookupError(f"{day} 无适用的风险预警规则 / no warning rules cover {day}")
    return versions[-1]


@dataclass(frozen=True)
class Precision:
    """预警准确率: alerts followed by a case (立案) about the same entity within the window, among
    the alerts already judged (a case followed, or the window has ended without one)."""

    window_days: int
    led: int
    judged: int
    pending: int

    @property
    def share(self) -> str:
        return f"{self.led / self.judged:.0%}" if self.judged else "—"


def led_to_case(alerts, window_days: int):
    """Annotate ``led_to_case``: a case about the alert's entity was filed (立案) on or after the
    alert's date and within ``window_days`` of it. One correlated subquery, no loop.

    collaboration and enforcement share a layer, so neither imports the other: the case is
    reached through the registry entity's reverse relation ``enforcement_cases`` (a lookup by
    name, not an import). A case anywhere counts, including one transferred to another bureau:
    only the yes/no leaves the enforcement app."""
    from django.db.models import DateField, Exists, ExpressionWrapper, OuterRef

    from wangjian.registry.models import MarketEntity

    end = ExpressionWrapper(
        OuterRef("raised_on") + dt.timedelta(days=window_days), output_field=DateField()
    )
    cases = MarketEntity.objects.filter(
        pk=OuterRef("entity_id"),
        enforcement_cases__filed_on__gte=OuterRef("raised_on"),
        enforcement_cases__filed_on__lte=end,
    )
    return alerts.annotate(led_to_case=Exists(cases))


def precision_window(today: dt.date) -> int:
    return int(rules_on(today).precision.get("window_days", 90))


def precision_subset(alerts, today: dt.date, which: str):
    """The alerts behind a precision figure: ``led`` (followed by a case) or ``judged`` (led,
    or their window has ended)."""
    window = precision_window(today)
    ended = today - dt.timedelta(days=window)
    query = {"led": Q(led_to_case=True), "judged": Q(led_to_case=True) | Q(raised_on__lt=ended)}
    return led_to_case(alerts, window).filter(query[which])


def precision(alerts, today: dt.date) -> Precision:
    """The precision of ``alerts`` (a scoped queryset) with the window of the rules in force
    today (``precision.window_days`` in data/warning_rules.yaml). One aggregate query."""
    window = precision_window(today)
    ended = today - dt.timedelta(days=window)
    totals = led_to_case(alerts, window).aggregate(
        led=Count("id", filter=Q(led_to_case=True)),
        judged=Count("id", filter=Q(led_to_case=True) | Q(raised_on__lt=ended)),
        total=Count("id"),
    )
    return Precision(window, totals["led"], totals["judged"], totals["total"] - totals["judged"])


def _midnight(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def complaint_spike(entities, rule: dict, today: dt.date) -> dict[int, tuple[int, str, dict]]:
    from wangjian.complaints.models import Complaint

    window_start = today - dt.timedelta(days=rule["window_days"])
    baseline_start = window_start - dt.timedelta(days=rule["baseline_days"])
    rows = (
        Complaint.objects.filter(respondent_entity__in=entities, received_on__gt=baseline_start)
        .filter(received_on__lte=today)
        .values("respondent_entity")
        .annotate(
            recent=Count("id", filter=Q(received_on__gt=window_start)),
            before=Count("id", filter=Q(received_on__lte=window_start)),
        )
    )
    months = rule["baseline_days"] / 30
    found = {}
    for row in rows:
        average = max(row["before"] / months, rule["baseline_floor"])
        ratio = row["recent"] / average
        if row["recent"] >= rule["min_count"] and ratio >= rule["factor"]:
            reason = (
                f"近{rule['window_days']}日投诉{row['recent']}件，此前{rule['baseline_days']}日"
                f"共{row['before']}件（月均{row['before'] / months:.1f}件），为基线的{ratio:.1f}倍"
            )
            facts = {"recent": row["recent"], "before": row["before"], "ratio": round(ratio, 1)}
            found[row["respondent_entity"]] = (rule["weight"], reason, facts)
    return found


def high_severity_finding(entities, rule: dict, today: dt.date):
    from wangjian.monitoring.models import Finding

    since = _midnight(today - dt.timedelta(days=rule["window_days"]))
    rows = (
        Finding.objects.filter(
            entity__in=entities,
            severity__in=rule["severities"],
            created_at__gte=since,
            verdict="violation",
        )
        .exclude(state="dismissed")
        .values("entity")
        .annotate(n=Count("id"))
    )
    return {
        row["entity"]: (
            rule["weight"],
            f"近{rule['window_days']}日有{row['n']}条高严重程度的监测发现",
            {"findings": row["n"]},
        )
        for row in rows
    }


def tier_drop(entities, rule: dict, today: dt.date):
    from wangjian.credit.models import TierAssessment

    previous = TierAssessment.objects.filter(entity=OuterRef("entity"), is_current=False).order_by(
        "-run__as_of", "-pk"
    )
    rows = (
        TierAssessment.objects.filter(entity__in=entities, is_current=True)
        .annotate(previous=Subquery(previous.values("tier")[:1]))
        .exclude(previous=None)
        .values("entity", "tier", "previous")
    )
    return {
        row["entity"]: (
            rule["weight"],
            f"信用风险分类由{row['previous']}类降为{row['tier']}类",
            {"from": row["previous"], "to": row["tier"]},
        )
        for row in rows
        if TIER_ORDER.index(row["tier"]) > TIER_ORDER.index(row["previous"])
    }


def licence_expired(entities, rule: dict, today: dt.date):
    from wangjian.registry.models import Licence

    renewed = Licence.objects.filter(
        holder=OuterRef("holder"), kind=OuterRef("kind"), valid_until__gte=today
    )
    rows = (
        Licence.objects.filter(
            holder__in=entities,
            valid_until__lt=today,
            valid_until__gte=today - dt.timedelta(days=rule["lookback_days"]),
        )
        .annotate(renewed=Subquery(renewed.values("pk")[:1]))
        .filter(renewed=None)
        .values("holder", "kind", "number", "valid_until")
        .order_by("holder", "valid_until")
    )
    found = {}
    for row in rows:
        found[row["holder"]] = (
            rule["weight"],
            f"{row['kind']}（{row['number']}）已于{row['valid_until']}过期，未见续期",
            {"kind": row["kind"], "number": row["number"], "valid_until": str(row["valid_until"])},
        )
    return found


def licence_expiring(entities, rule: dict, today: dt.date):
    from wangjian.registry.models import Licence

    rows = (
        Licence.objects.filter(
            holder__in=entities,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=rule["within_days"]),
        )
        .values("holder", "kind", "number", "valid_until")
        .order_by("holder", "valid_until")
    )
    found = {}
    for row in rows:
        found.setdefault(
            row["holder"],
            (
                rule["weight"],
                f"{row['kind']}（{row['number']}）将于{row['valid_until']}到期",
                {"kind": row["kind"], "valid_until": str(row["valid_until"])},
            ),
        )
    return found


def list_entry(entities, rule: dict, today: dt.date):
    from wangjian.credit.models import CreditListEntry

    rows = (
        CreditListEntry.objects.filter(entity__in=entities, state="listed")
        .values("entity", "list_kind")
        .order_by("entity", "list_kind")
    )
    labels = {"abnormal": "经营异常名录", "serious": "严重违法失信名单"}
    found = {}
    for row in rows:
        found.setdefault(
            row["entity"],
            (
                rule["weight"],
                f"在{labels.get(row['list_kind'], row['list_kind'])}中",
                {"list_kind": row["list_kind"]},
            ),
        )
    return found


def repeated_problems(entities, rule: dict, today: dt.date):
    """Random inspections found problems at least ``min_count`` times in the window: a
    problem ordered corrected (责令改正) came back."""
    from wangjian.inspections.catalogue import outcomes
    from wangjian.inspections.models import InspectionResult

    problems = [key for key, spec in outcomes().items() if spec["severity"] != "clear"]
    rows = (
        InspectionResult.objects.filter(
            task__entity__in=entities,
            outcome__in=problems,
            result_on__gt=today - dt.timedelta(days=rule["window_days"]),
        )
        .values("task__entity")
        .annotate(n=Count("id"))
        .filter(n__gte=rule["min_count"])
    )
    return {
        row["task__entity"]: (
            rule["weight"],
            f"近{rule['window_days'] // 365}年双随机抽查{row['n']}次发现问题",
            {"problems": row["n"]},
        )
        for row in rows
    }


def review_manipulation(entities, rule: dict, today: dt.date):
    from wangjian.monitoring.models import Finding

    since = _midnight(today - dt.timedelta(days=rule["window_days"]))
    rows = (
        Finding.objects.filter(
            entity__in=entities, family__in=rule["families"], created_at__gte=since
        )
        .exclude(state="dismissed")
        .exclude(verdict="exempt")
        .values("entity")
        .annotate(n=Count("id"))
    )
    return {
        row["entity"]: (
            rule["weight"],
            f"近{rule['window_days']}日有{row['n']}条刷单炒信、虚假评价类监测发现",
            {"findings": row["n"]},
        )
        for row in rows
    }


def iot_alert(entities, rule: dict, today: dt.date):
    from wangjian.collaboration.iot import kinds
    from wangjian.collaboration.models import DeviceAlert

    since = _midnight(today - dt.timedelta(days=rule["window_days"]))
    rows = (
        DeviceAlert.objects.filter(
            entity__in=entities, severity__in=rule["severities"], occurred_at__gte=since
        )
        .values("entity", "kind")
        .annotate(n=Count("id"))
        .order_by("entity", "kind")
    )
    labels = kinds()
    per_entity: dict[int, list[str]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        per_entity[row["entity"]].append(f"{labels[row['kind']]['label']}{row['n']}次")
        totals[row["entity"]] += row["n"]
    return {
        entity: (
            rule["weight"],
            f"近{rule['window_days']}日物联感知告警{totals[entity]}次（{'、'.join(parts)}）",
            {"alerts": totals[entity]},
        )
        for entity, parts in per_entity.items()
    }


SIGNALS = {
    "complaint_spike": complaint_spike,
    "high_severity_finding": high_severity_finding,
    "tier_drop": tier_drop,
    "licence_expired": licence_expired,
    "licence_expiring": licence_expiring,
    "list_entry": list_entry,
    "repeated_problems": repeated_problems,
    "review_manipulation": review_manipulation,
    "iot_alert": iot_alert,
}


def signals_for(entities, today: dt.date) -> tuple[RuleVersion, dict[int, list[dict]]]:
    """Each entity with at least one signal → its reasons, in the rules' order."""
    version = rules_on(today)
    reasons: dict[int, list[dict]] = defaultdict(list)
    for name, rule in version.signals.items():
        for entity_id, (weight, reason, facts) in SIGNALS[name](entities, rule, today).items():
            reasons[entity_id].append(
                {
                    "signal": name,
                    "label": rule["label"],
                    "weight": weight,
                    "reason": reason,
                    "facts": facts,
                }
            )
    return version, dict(reasons)
