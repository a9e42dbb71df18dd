"""信用风险分类: the indicator model (versioned YAML), the set-based recompute and the
explanation of one entity's tier.

The recompute is a handful of SQL statements whatever the number of entities: one
``CREATE TEMPORARY TABLE … AS SELECT`` computes every indicator for every entity in scope from
grouped aggregates of the credit events and list entries, then ``INSERT … SELECT`` writes the
assessments, the per-indicator contributions and the evidence rows (which record stands behind
which indicator), and one ``UPDATE`` retires the previous assessments. Those writes are in
``credit.actions.tier_recompute``; this module builds the statements and reads. Only standard
SQL is used (CASE, COALESCE, LEFT JOIN on derived tables, temporary tables), so SQLite and
PostgreSQL run the same statements.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wangjian.credit.error_codes import CreditErrorCode, CreditRefused
from wangjian.credit.rules import add_months

MODELS_DIR = Path(__file__).parent / "data" / "tier_models"
TIERS = ("A", "B", "C", "D")
INDICATOR_KINDS = ("entity_young", "events", "list_active", "representative_listed")
SCRATCH = "credit_tier_scratch"


class TierModelError(CreditRefused):
    """A tier model file the recompute could not apply, or a published version changed."""

    default_code = CreditErrorCode.TIER_MODEL_INVALID


# --------------------------------------------------------------------------------------------
# The model as data


def validate_model(content: dict, where: str) -> None:
    """Refuse a model file that the recompute could not apply, naming the field."""

    def fail(field_name: str, rule: str):
        raise TierModelError(
            f"分类模型 {where}：字段 {field_name} {rule} / tier model {where}: field "
            f"{field_name}: {rule}"
        )

    for name in ("key", "version", "title", "effective_on", "categories", "thresholds"):
        if name not in content:
            fail(name, "缺失 / missing")
    thresholds = content["thresholds"]
    if [thresholds.get(t) for t in TIERS[:3]] != sorted(thresholds.get(t, -1) for t in TIERS[:3]):
        fail("thresholds", "须按 A ≤ B ≤ C 递增 / must increase A ≤ B ≤ C")
    seen = set()
    for position, indicator in enumerate(content.get("indicators") or [], start=1):
        label = f"indicators[{position}]"
        key = indicator.get("key", "")
        if not key.isidentifier() or key in seen:
            fail(f"{label}.key", "须为唯一的标识符 / must be a unique identifier")
        seen.add(key)
        if indicator.get("kind") not in INDICATOR_KINDS:
            fail(f"{label}.kind", f"须为 {', '.join(INDICATOR_KINDS)} 之一")
        if indicator.get("category") not in content["categories"]:
            fail(f"{label}.category", "不在 categories 中 / not one of the categories")
        if not isinstance(indicator.get("points"), int) or indicator["points"] < 0:
            fail(f"{label}.points", "须为非负整数 / must be a non-negative integer")
        if not indicator.get("basis"):
            fail(f"{label}.basis", "须注明依据 / needs its basis")
        if indicator.get("direct_tier") not in (None, *TIERS):
            fail(f"{label}.direct_tier", "须为 A–D / must be A to D")
        if indicator["kind"] == "list_active" and indicator.get("list_kind") not in (
            "abnormal",
            "serious",
        ):
            fail(f"{label}.list_kind", "须为 abnormal 或 serious / must be abnormal or serious")
        if indicator["kind"] == "events" and not all(
            str(kind).isidentifier() for kind in indicator.get("event_kinds") or []
        ):
            fail(f"{label}.event_kinds", "须为记录种类标识 / must be event kind identifiers")
        if indicator["kind"] == "events" and not indicator.get("event_kinds"):
            fail(f"{label}.event_kinds", "缺失 / missing")
        if indicator["kind"] == "events" and not isinstance(indicator.get("window_months"), int):
            fail(f"{label}.window_months", "须为整数 / must be an integer")
    # A credit event counts for at most one indicator, so one pass over the events finds the
    # evidence of all of them.
    claimed = {}
    for indicator in content.get("indicators") or []:
        if indicator["kind"] != "events":
            continue
        for kind in indicator["event_kinds"]:
            for severity in indicator.get("severities") or ["*"]:
                for other in (claimed.get((kind, severity)), claimed.get((kind, "*"))):
                    if other:
                        fail(
                            f"{indicator['key']}.event_kinds",
                            f"与指标 {other} 重叠（{kind}）/ overlaps indicator {other}",
                        )
                claimed[(kind, severity)] = indicator["key"]
        if not indicator.get("severities"):
            for (kind, _severity), other in list(claimed.items()):
                if kind in indicator["event_kinds"] and other != indicator["key"]:
                    fail(
                        f"{indicator['key']}.event_kinds",
                        f"与指标 {other} 重叠（{kind}）/ overlaps indicator {other}",
                    )


def read_model_file(path: Path) -> tuple[dict, str]:
    raw = path.read_bytes()
    content = yaml.safe_load(raw)
    validate_model(content, path.name)
    content = json.loads(json.dumps(content, default=str))
    return content, hashlib.sha256(raw).hexdigest()


def read_model_files(directory: Path = MODELS_DIR) -> list[tuple[dict, str]]:
    """``(content, sha256)`` for every packaged model file, each checked (``validate_model``)."""
    return [read_model_file(path) for path in sorted(directory.glob("*.yaml"))]


def model_in_force(as_of: dt.date, key: str = "general"):
    from wangjian.credit.models import TierModel

    model = (
        TierModel.objects.filter(key=key, effective_on__lte=as_of)
        .order_by("-effective_on", "-id")
        .first()
    )
    if model is None:
        raise TierModelError(
            f"{as_of} 无有效的分类模型 {key}（先运行 wangjian credit load-models）/ no tier model "
            f"{key} in force on {as_of} (run `wangjian credit load-models`)"
        )
    return model


# --------------------------------------------------------------------------------------------
# SQL


def table_names() -> dict:
    from wangjian.core.models import Division
    from wangjian.credit.models import (
        CreditEvent,
        CreditListEntry,
        TierAssessment,
        TierContribution,
        TierEvidence,
        TierRun,
    )
    from wangjian.registry.models import MarketEntity

    return {
        "entity": MarketEntity._meta.db_table,
        "division": Division._meta.db_table,
        "event": CreditEvent._meta.db_table,
        "list": CreditListEntry._meta.db_table,
        "assessment": TierAssessment._meta.db_table,
        "contribution": TierContribution._meta.db_table,
        "evidence": TierEvidence._meta.db_table,
        "run": TierRun._meta.db_table,
    }


def sql_in(values) -> tuple[str, list]:
    return "(" + ", ".join(["%s"] * len(values)) + ")", list(values)


def event_condition(indicator: dict, as_of: dt.date, alias: str = "ev") -> tuple[str, list]:
    """The SQL condition under which one credit event counts for an ``events`` indicator."""
    kinds_sql, params = sql_in(indicator["event_kinds"])
    parts = [f"{alias}.kind IN {kinds_sql}"]
    if indicator.get("severities"):
        severity_sql, severity_params = sql_in(indicator["severities"])
        parts.append(f"{alias}.severity IN {severity_sql}")
        params += severity_params
    parts.append(f"{alias}.occurred_on > %s AND {alias}.occurred_on <= %s")
    params += [add_months(as_of, -indicator["window_months"]), as_of]
    parts.append(f"{alias}.withdrawn_on IS NULL")
    if indicator.get("in_publicity"):
        parts.append(
            f"({alias}.publicity_until IS NULL OR {alias}.publicity_until >= %s) AND "
            f"({alias}.publicity_ended_on IS NULL OR {alias}.publicity_ended_on > %s)"
        )
        params += [as_of, as_of]
    return " AND ".join(parts), params


def list_condition(alias: str = "le") -> str:
    """An entry in force on the as-of date (two %s: as_of twice)."""
    return (
        f"{alias}.listed_on IS NOT NULL AND {alias}.listed_on <= %s AND "
        f"({alias}.removed_on IS NULL OR {alias}.removed_on > %s)"
    )


def capped(count_sql: str, points: int, cap) -> str:
    raw = f"({count_sql}) * {int(points)}"
    if cap is None:
        return raw
    return f"CASE WHEN {raw} > {int(cap)} THEN {int(cap)} ELSE {raw} END"


def scoring_select(content: dict, as_of: dt.date, scope_sql: str, scope_params: list):
    """SELECT entity_id, one count column per indicator, score, direct_rule for every entity
    in scope. ``scope_sql`` is a condition on ``e`` (the entity) and ``d`` (its division)."""
    t = table_names()
    indicators = content["indicators"]
    event_columns, event_params = [], []
    list_columns = []
    for indicator in indicators:
        if indicator["kind"] == "events":
            condition, params = event_condition(indicator, as_of)
            event_columns.append(
                f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS c_{indicator['key']}"
            )
            event_params += params
        elif indicator["kind"] == "list_active":
            list_columns.append(
                f"MAX(CASE WHEN le.list_kind = '{indicator['list_kind']}' THEN 1 ELSE 0 END) "
                f"AS c_{indicator['key']}"
            )
    joins, params = [], []
    if event_columns:
        windows = [i["window_months"] for i in indicators if i["kind"] == "events"]
        joins.append(
            f"LEFT JOIN (SELECT ev.entity_id AS entity_id, {', '.join(event_columns)} "
            f"FROM {t['event']} ev WHERE ev.occurred_on > %s AND ev.occurred_on <= %s "
            f"AND ev.withdrawn_on IS NULL GROUP BY ev.entity_id) evs ON evs.entity_id = e.id"
        )
        params += [*event_params, add_months(as_of, -max(windows)), as_of]
    if list_columns:
        joins.append(
            f"LEFT JOIN (SELECT le.entity_id AS entity_id, {', '.join(list_columns)} "
            f"FROM {t['list']} le WHERE {list_condition()} GROUP BY le.entity_id) lis "
            f"ON lis.entity_id = e.id"
        )
        params += [as_of, as_of]
    if any(i["kind"] == "representative_listed" for i in indicators):
        joins.append(
            f"LEFT JOIN (SELECT e2.legal_representative_id_hash AS representative, "
            f"COUNT(DISTINCT e2.id) AS listed_count, MIN(e2.id) AS listed_id "
            f"FROM {t['entity']} e2 JOIN {t['list']} le ON le.entity_id = e2.id "
            f"WHERE le.list_kind = 'serious' AND {list_condition()} "
            f"AND e2.legal_representative_id_hash <> '' "
            f"GROUP BY e2.legal_representative_id_hash) reps "
            f"ON reps.representative = e.legal_representative_id_hash"
        )
        params += [as_of, as_of]
    count_columns, point_terms, direct_cases = [], [], []
    for indicator in indicators:
        key, kind = indicator["key"], indicator["kind"]
        if kind in ("events", "list_active"):
            source = "evs" if kind == "events" else "lis"
            count_sql = f"COALESCE({source}.c_{key}, 0)"
        elif kind == "entity_young":
            count_sql = (
                "CASE WHEN e.established_on IS NOT NULL AND e.established_on > %s "
                "AND e.established_on <= %s THEN 1 ELSE 0 END"
            )
        else:
            count_sql = (
                "CASE WHEN reps.representative IS NOT NULL AND "
                "(reps.listed_count > 1 OR reps.listed_id <> e.id) THEN 1 ELSE 0 END"
            )
        count_columns.append((key, count_sql, kind))
        cap = indicator.get("cap", indicator["points"] if kind != "events" else None)
        point_terms.append((key, capped(f"c_{key}", indicator["points"], cap)))
        if indicator.get("direct_tier"):
            direct_cases.append((key, indicator["direct_tier"]))
    select_columns, select_params = [], []
    for key, count_sql, kind in count_columns:
        select_columns.append(f"{count_sql} AS c_{key}")
        if kind == "entity_young":
            young = next(i for i in indicators if i["key"] == key)
            select_params += [add_months(as_of, -young["months"]), as_of]
    inner = (
        f"SELECT e.id AS entity_id, {', '.join(select_columns)} FROM {t['entity']} e "
        f"LEFT JOIN {t['division']} d ON d.id = e.division_id {' '.join(joins)} "
        f"WHERE e.status = 'active'{scope_sql}"
    )
    score_sql = " + ".join(sql for _key, sql in point_terms) or "0"
    direct_sql = (
        "CASE "
        + " ".join(f"WHEN c_{key} > 0 THEN '{key}'" for key, _tier in direct_cases)
        + " ELSE '' END"
        if direct_cases
        else "''"
    )
    outer = (
        f"SELECT inner_scores.*, {score_sql} AS score, {direct_sql} AS direct_rule "
        f"FROM ({inner}) inner_scores"
    )
    return outer, select_params + params + scope_params


def tier_case(content: dict, indicators_direct: list) -> str:
    thresholds = content["thresholds"]
    direct = " ".join(
        f"WHEN direct_rule = '{key}' THEN '{tier}'" for key, tier in indicators_direct
    )
    return (
        f"CASE {direct} WHEN score <= {int(thresholds['A'])} THEN 'A' "
        f"WHEN score <= {int(thresholds['B'])} THEN 'B' "
        f"WHEN score <= {int(thresholds['C'])} THEN 'C' ELSE 'D' END"
    )


def scope_condition(*, division=None, entity_ids=None) -> tuple[str, list]:
    if entity_ids is not None:
        ids_sql, params = sql_in(list(entity_ids) or [0])
        return f" AND e.id IN {ids_sql}", params
    if division is not None:
        return " AND d.path LIKE %s", [division.path + "%"]
    return "", []


# --------------------------------------------------------------------------------------------
# Explanation


@dataclass
class EvidenceRecord:
    record_type: str
    record_id: int
    on: dt.date | None
    title: str
    basis: str
    ends_on: dt.date | None = None
    how_it_ends: str = ""


@dataclass
class Contribution:
    key: str
    title: str
    category: str
    points: int
    points_each: int
    cap: int | None
    basis: str
    records: list[EvidenceRecord] = field(default_factory=list)


@dataclass
class Explanation:
    assessment: object
    model: object
    contributions: list[Contribution]
    better_tier: str | None
    smallest_change: list[str]


def explain(assessment) -> Explanation:
    """Every contributing indicator with its points, the records behind it and its basis, and
    the smallest change that would move the entity to the better tier."""
    from wangjian.credit.models import (
        CreditEvent,
        CreditListEntry,
        TierContribution,
        TierEvidence,
    )
    from wangjian.credit.rules import citation

    run = assessment.run
    content = run.model.content
    indicators = {i["key"]: i for i in content["indicators"]}
    evidence = list(TierEvidence.objects.filter(run=run, entity_id=assessment.entity_id))
    events = CreditEvent.objects.in_bulk(
        [e.record_id for e in evidence if e.record_type == "credit_event"]
    )
    entries = CreditListEntry.objects.in_bulk(
        [e.record_id for e in evidence if e.record_type == "list_entry"]
    )
    contributions = []
    for row in TierContribution.objects.filter(run=run, entity_id=assessment.entity_id):
        indicator = indicators[row.indicator]
        cap = indicator.get("cap", indicator["points"] if indicator["kind"] != "events" else None)
        item = Contribution(
            key=row.indicator,
            title=indicator["title"],
            category=content["categories"][indicator["category"]],
            points=row.points,
            points_each=indicator["points"],
            cap=cap,
            basis=citation(indicator["basis"]),
        )
        for ev in (e for e in evidence if e.indicator == row.indicator):
            item.records.append(_evidence_record(ev, events, entries, indicator, run.as_of))
        contributions.append(item)
    contributions.sort(key=lambda c: (-c.points, c.key))
    better, change = smallest_change(assessment, contributions, content)
    return Explanation(assessment, run.model, contributions, better, change)


def _evidence_record(ev, events, entries, indicator, as_of) -> EvidenceRecord:
    from wangjian.credit.rules import add_months, citation

    if ev.record_type == "credit_event":
        event = events[ev.record_id]
        ends = [add_months(event.occurred_on, indicator["window_months"])]
        if indicator.get("in_publicity") and event.publicity_until:
            ends.append(event.publicity_until + dt.timedelta(days=1))
        how = "期满不再计分（公示期届满或计分期届满）；行政处罚可申请信用修复提前停止公示"
        return EvidenceRecord(
            "credit_event",
            event.pk,
            event.occurred_on,
            f"{event.get_kind_display()}：{event.summary}",
            citation(event.legal_basis),
            min(ends),
            how,
        )
    if ev.record_type == "list_entry":
        entry = entries[ev.record_id]
        how = (
            f"移出名单；可申请提前移出日期 {entry.early_removal_from}"
            if entry.early_removal_from
            else "履行义务后申请移出名单"
        )
        return EvidenceRecord(
            "list_entry",
            entry.pk,
            entry.listed_on,
            f"{entry.get_list_kind_display()}：{entry.ground}",
            citation(entry.ground_basis),
            entry.expires_on,
            how,
        )
    return EvidenceRecord(
        "entity",
        ev.record_id,
        ev.record_on,
        f"成立日期 {ev.record_on}",
        citation(indicator["basis"]),
        add_months(ev.record_on, indicator["months"]) if ev.record_on else None,
        "成立满期限后不再计分",
    )


def _points_without(contribution: Contribution, removed: int) -> int:
    remaining = max(len(contribution.records) - removed, 0)
    raw = remaining * contribution.points_each
    return raw if contribution.cap is None else min(raw, contribution.cap)


def smallest_change(assessment, contributions, content) -> tuple[str | None, list[str]]:
    """The fewest records whose removal (expiry, repair, list removal) moves the entity to the
    next better tier, as readable steps. Greedy on the marginal points, which is exact here
    because each indicator's points only fall as its records go."""
    tier = assessment.tier
    if tier == "A":
        return None, []
    better = TIERS[TIERS.index(tier) - 1]
    limit = int(content["thresholds"][better])
    steps = []
    direct = [c for c in contributions if c.key == assessment.direct_rule]
    for contribution in direct:
        for record in contribution.records:
            steps.append(f"{contribution.title}：{record.title} — {record.how_it_ends}")
    score = assessment.score
    removed = {c.key: 0 for c in contributions}
    while score > limit:
        gains = []
        for contribution in contributions:
            if removed[contribution.key] >= len(contribution.records):
                continue
            now = _points_without(contribution, removed[contribution.key])
            gain = now - _points_without(contribution, removed[contribution.key] + 1)
            if gain > 0:
                gains.append((gain, contribution))
        if not gains:
            break
        # One record that is enough: the smallest such; otherwise the largest, to keep the
        # number of records as small as possible.
        enough = [item for item in gains if score - item[0] <= limit]
        gain, contribution = (
            min(enough, key=lambda item: item[0]) if enough else max(gains, key=lambda i: i[0])
        )
        record = contribution.records[removed[contribution.key]]
        removed[contribution.key] += 1
        score -= gain
        if contribution.key not in (c.key for c in direct):
            steps.append(
                f"{contribution.title}：{record.title}（−{gain} 分）— {record.how_it_ends}"
                + (f"，{record.ends_on} 起" if record.ends_on else "")
            )
    steps.append(f"风险分降至 {score}（{better} 类上限 {limit}）")
    return better, steps
