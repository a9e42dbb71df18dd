"""物联感知: receiving device alerts from vendors' systems (idempotent per sending unit and
key, bounded by batch size and by the number waiting to be mapped) and mapping them to the
registered entity at their address."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.collaboration import iot
from wangjian.collaboration.actions.requests import CollaborationError
from wangjian.collaboration.choices import DeviceAlertState, IotAuditEventType
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import DeviceAlert
from wangjian.core.audit import record_event

# Device clocks drift; an alert a few minutes "in the future" is accepted.
CLOCK_SKEW = dt.timedelta(minutes=5)


class Backpressure(Exception):
    """Too many alerts wait to be mapped: the sender should retry later."""

    def __init__(self, pending: int):
        self.pending = pending
        super().__init__(
            f"待处理告警 {pending} 条已达上限 {iot.max_pending()}，请稍后重试 / {pending} alerts "
            f"are waiting (limit {iot.max_pending()}): retry later"
        )


def _parse_time(value, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError as error:
            raise CollaborationError(
                f"{where}：发生时间 {value!r} 不是 ISO 8601 时间 / occurred_at is not ISO 8601",
                field="occurred_at",
            ) from error
    if timezone.is_naive(moment):
        raise CollaborationError(
            f"{where}：发生时间须带时区 / occurred_at needs a time zone", field="occurred_at"
        )
    if moment > timezone.now() + CLOCK_SKEW:
        raise CollaborationError(
            f"{where}：发生时间晚于当前时间 / occurred_at is in the future", field="occurred_at"
        )
    return moment


def _checked(index: int, record: dict) -> dict:
    where = f"第{index + 1}条告警"
    kinds = iot.kinds()
    key = str(record.get("idempotency_key") or "").strip()
    device = str(record.get("device_id") or "").strip()
    kind = str(record.get("kind") or "")
    location = str(record.get("location") or "").strip()
    for field, value, label in (
        ("idempotency_key", key, "幂等键"),
        ("device_id", device, "设备编号"),
        ("location", location, "地址"),
    ):
        if not value:
            raise CollaborationError(f"{where}：{label}不能为空 / {field} is required", field=field)
    if kind not in kinds:
        raise CollaborationError(
            f"{where}：告警类型 {kind!r} 不在物联感知类型目录中 / unknown kind {kind!r}",
            field="kind",
        )
    severity = str(record.get("severity") or kinds[kind]["severity"])
    if severity not in iot.severities():
        raise CollaborationError(
            f"{where}：严重程度 {severity!r} 未知 / unknown severity", field="severity"
        )
    return {
        "idempotency_key": key[:100],
        "device_id": device[:100],
        "kind": kind,
        "severity": severity,
        "occurred_at": _parse_time(record.get("occurred_at"), where),
        "location": location[:300],
        "picture_ref": str(record.get("picture_ref") or "")[:300],
    }


def receive_device_alerts(*, actor, alerts: list[dict], map_now: bool = True) -> dict:
    """Store a batch of device alerts; an idempotency key seen before from the same unit is
    counted as a duplicate and not stored again. Raise ``CollaborationError`` naming the first
    bad record (nothing is stored), ``Backpressure`` when too many wait to be mapped."""
    if actor is None or not actor.has_capability("collaboration.push_device_alert"):
        raise CollaborationNotPermitted("无此权限 / not permitted")
    if actor.org_unit_id is None:
        raise CollaborationNotPermitted("账号未关联机构 / the account has no org unit")
    if not isinstance(alerts, list) or not alerts:
        raise CollaborationError("告警列表为空 / no alerts", field="alerts")
    if len(alerts) > iot.MAX_BATCH:
        raise CollaborationError(
            f"一次最多推送 {iot.MAX_BATCH} 条告警 / at most {iot.MAX_BATCH} alerts per request",
            field="alerts",
        )
    rows = [_checked(i, record) for i, record in enumerate(alerts)]
    pending = DeviceAlert.objects.filter(state=DeviceAlertState.RECEIVED).count()
    if pending >= iot.max_pending():
        raise Backpressure(pending)
    unit = actor.org_unit
    with transaction.atomic():
        keys = [row["idempotency_key"] for row in rows]
        seen = set(
            DeviceAlert.objects.filter(source_unit=unit, idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        fresh_rows, batch_keys = [], set()
        for row in rows:
            if row["idempotency_key"] in seen or row["idempotency_key"] in batch_keys:
                continue
            batch_keys.add(row["idempotency_key"])
            fresh_rows.append(row)
        # Mapping happens before the insert: one lookup of the batch's addresses.
        places = entities_at(unit, {row["location"] for row in fresh_rows}) if map_now else {}
        fresh = []
        for row in fresh_rows:
            entity_id, division_id = places.get(row["location"], (None, unit.division_id))
            state = DeviceAlertState.RECEIVED
            if map_now:
                state = DeviceAlertState.MAPPED if entity_id else DeviceAlertState.UNMAPPED
            fresh.append(
                DeviceAlert(
                    source_unit=unit,
                    entity_id=entity_id,
                    division_id=division_id,
                    state=state,
                    **row,
                )
            )
        DeviceAlert.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
        mapped = sum(1 for alert in fresh if alert.state == DeviceAlertState.MAPPED)
        unmapped = sum(1 for alert in fresh if alert.state == DeviceAlertState.UNMAPPED)
        record_event(
            actor=actor,
            event_type=IotAuditEventType.ALERTS_RECEIVED.value,
            target=("collaboration.devicealert", "batch", f"{len(fresh)} alerts"),
            division=unit.division,
            after={
                "accepted": len(fresh),
                "duplicates": len(rows) - len(fresh),
                "mapped": mapped,
                "unmapped": unmapped,
            },
        )
    return {
        "accepted": len(fresh),
        "duplicates": len(rows) - len(fresh),
        "mapped": mapped,
        "unmapped": unmapped,
    }


def entities_at(unit, locations) -> dict[str, tuple[int, int]]:
    """Address → (entity id, division id) of the entity registered there, inside the unit's
    division (the lowest id when several share an address)."""
    from wangjian.registry.models import MarketEntity

    places: dict[str, tuple[int, int]] = {}
    for entity_id, address, division_id in (
        MarketEntity.objects.inside(unit.division)
        .filter(registered_address__in=locations)
        .order_by("pk")
        .values_list("pk", "registered_address", "division_id")
    ):
        places.setdefault(address, (entity_id, division_id))
    return places


def map_waiting_alerts(*, actor=None, limit: int = 10_000) -> tuple[int, int]:
    """Map alerts stored without mapping (the queue behind the 429): one lookup per sending
    unit, one update per entity. Return (mapped, unmapped)."""

    if actor is not None and not actor.has_capability("collaboration.evaluate_warnings"):
        raise CollaborationNotPermitted("无此权限 / not permitted")
    mapped = unmapped = 0
    with transaction.atomic():
        waiting = list(
            DeviceAlert.objects.select_for_update()
            .filter(state=DeviceAlertState.RECEIVED)
            .select_related("source_unit__division")
            .order_by("pk")[:limit]
        )
        by_unit: dict = {}
        for alert in waiting:
            by_unit.setdefault(alert.source_unit, []).append(alert)
        for unit, alerts in by_unit.items():
            places = entities_at(unit, {alert.location for alert in alerts})
            groups: dict = {}
            for alert in alerts:
                groups.setdefault(places.get(alert.location), []).append(alert.pk)
            for place, pks in groups.items():
                if place is None:
                    unmapped += DeviceAlert.objects.filter(pk__in=pks).update(
                        state=DeviceAlertState.UNMAPPED
                    )
                else:
                    mapped += DeviceAlert.objects.filter(pk__in=pks).update(
                        entity_id=place[0], division_id=place[1], state=DeviceAlertState.MAPPED
                    )
        record_event(
            actor=actor,
            event_type=IotAuditEventType.ALERTS_MAPPED.value,
            target=("collaboration.devicealert", "batch", f"{mapped} mapped"),
            division=None,
            after={"mapped": mapped, "unmapped": unmapped},
        )
    return mapped, unmapped


def open_device_clues(*, actor) -> list:
    """Alerts over their kind's threshold enter the clue flow: for each entity and kind with at
    least ``clue_threshold.min_count`` mapped alerts in the last ``window_days`` that are not in
    a clue yet (data/iot_kinds.yaml, local practice), one clue is registered through
    monitoring's ``register_source_clue`` and the alerts are marked with its number.

    Monitoring registers clues from its findings; a device alert is not a finding (no text, no
    rule pack), so monitoring's small source-clue action records it as an external source,
    named in the clue and its audit event. Return the clues opened."""
    from django.db.models import Count, Q

    from wangjian.monitoring.actions import register_source_clue
    from wangjian.registry.models import MarketEntity

    if actor is None or not (
        actor.has_capability("collaboration.view_device_alert")
        and actor.has_capability("monitoring.triage")
    ):
        raise CollaborationNotPermitted("无此权限 / not permitted")
    now = timezone.now()
    specs = {key: spec for key, spec in iot.kinds().items() if spec.get("clue_threshold")}
    within = Q(pk__in=[])
    for key, spec in specs.items():
        days = int(spec["clue_threshold"]["window_days"])
        within |= Q(kind=key, occurred_at__gte=now - dt.timedelta(days=days))
    opened = []
    with transaction.atomic():
        candidates = DeviceAlert.objects.visible_to(actor).filter(
            within, state=DeviceAlertState.MAPPED, clue_number="", entity__isnull=False
        )
        locked = list(
            DeviceAlert.objects.select_for_update()
            .filter(pk__in=list(candidates.values_list("pk", flat=True)), clue_number="")
            .values_list("pk", flat=True)
        )
        rows = DeviceAlert.objects.filter(pk__in=locked)
        groups = (
            rows.values("entity_id", "kind").annotate(n=Count("id")).order_by("entity_id", "kind")
        )
        over = [g for g in groups if g["n"] >= int(specs[g["kind"]]["clue_threshold"]["min_count"])]
        entities = MarketEntity.objects.select_related("division").in_bulk(
            [g["entity_id"] for g in over]
        )
        for group in over:
            spec = specs[group["kind"]]
            threshold = spec["clue_threshold"]
            pks = sorted(
                rows.filter(entity_id=group["entity_id"], kind=group["kind"]).values_list(
                    "pk", flat=True
                )
            )
            clue = register_source_clue(
                actor=actor,
                entity=entities[group["entity_id"]],
                source="物联感知",
                source_ref=f"device-alerts:{group['kind']}:{','.join(map(str, pks))}",
                summary=(
                    f"{spec['label']}：{threshold['window_days']}日内告警{group['n']}次"
                    f"（转线索阈值{threshold['min_count']}次，地方做法）。"
                    f"依据：{spec['basis']}（{spec['verification']}）。"
                ),
            )
            DeviceAlert.objects.filter(pk__in=pks).update(clue_number=clue.number)
            opened.append(clue)
        record_event(
            actor=actor,
            event_type=IotAuditEventType.CLUES_OPENED.value,
            target=("collaboration.devicealert", "batch", f"{len(opened)} clues"),
            division=actor.jurisdiction,
            after={"clues": [clue.number for clue in opened]},
        )
    return opened
