"""风险预警: evaluating the signal rules over a jurisdiction's entities, raising or updating
alerts assigned to the officer of each entity's street, and handling them: acknowledge,
dismiss with a reason, or open a clue in one step through monitoring's own action."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.collaboration import risk
from wangjian.collaboration.actions.requests import CollaborationError
from wangjian.collaboration.choices import OPEN_ALERT_STATES, AlertState, WarningAuditEventType
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import RiskAlert
from wangjian.core.audit import record_event
from wangjian.core.choices import Role


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise CollaborationNotPermitted("无此权限 / not permitted")


def street_officers() -> dict[str, object]:
    """Division code → the regulator who answers for it (the lowest id among its officers)."""
    from wangjian.core.models import User

    officers = {}
    regulators = (
        User.objects.filter(role=Role.REGULATOR, is_active=True, org_unit__isnull=False)
        .select_related("org_unit__division")
        .order_by("pk")
    )
    for user in regulators:
        officers.setdefault(user.org_unit.division.code, user)
    return officers


def officer_for(division, officers: dict):
    """The officer of the entity's street, else of the nearest division above it."""
    if division is None:
        return None
    for code in reversed([c for c in division.path.strip("/").split("/") if c]):
        if code in officers:
            return officers[code]
    return None


def evaluate_risk(*, actor, division=None) -> tuple[int, int]:
    """Run the warning rules in force over the entities the actor may see (or, for the system,
    those in ``division``). Return (alerts raised, alerts updated).

    An entity with an open alert gets it updated when its reasons changed; alerts are never
    raised twice for the same open situation.
    """
    from wangjian.registry.models import MarketEntity

    _require(actor, "collaboration.evaluate_warnings")
    entities = (
        MarketEntity.objects.all() if actor is None else MarketEntity.objects.visible_to(actor)
    )
    if division is not None:
        entities = entities.inside(division)
    today = _today()
    version, reasons = risk.signals_for(entities, today)
    scored = {
        entity_id: (sum(r["weight"] for r in rows), rows)
        for entity_id, rows in reasons.items()
        if sum(r["weight"] for r in rows) >= version.threshold
    }
    officers = street_officers()
    raised = updated = 0
    with transaction.atomic():
        open_alerts = {
            alert.entity_id: alert
            for alert in RiskAlert.objects.select_for_update()
            .filter(entity_id__in=scored, state__in=OPEN_ALERT_STATES)
            .order_by("pk")
        }
        subjects = MarketEntity.objects.select_related("division").in_bulk(list(scored))
        for entity_id, (score, rows) in sorted(scored.items()):
            entity = subjects[entity_id]
            alert = open_alerts.get(entity_id)
            if alert is None:
                alert = RiskAlert.objects.create(
                    entity=entity,
                    division=entity.division,
                    rules_version=version.key,
                    score=score,
                    reasons=rows,
                    signal_keys=_keys(rows),
                    raised_on=today,
                    updated_on=today,
                    assigned_to=officer_for(entity.division, officers),
                )
                raised += 1
                event = WarningAuditEventType.ALERT_RAISED
            elif [r["reason"] for r in alert.reasons] != [r["reason"] for r in rows]:
                alert.score, alert.reasons, alert.updated_on = score, rows, today
                alert.rules_version, alert.signal_keys = version.key, _keys(rows)
                alert.save(
                    update_fields=["score", "reasons", "updated_on", "rules_version", "signal_keys"]
                )
                updated += 1
                event = WarningAuditEventType.ALERT_UPDATED
            else:
                continue
            record_event(
                actor=actor,
                event_type=event.value,
                target=alert,
                division=entity.division,
                after={
                    "entity": entity.uscc,
                    "score": score,
                    "signals": [r["signal"] for r in rows],
                    "rules_version": version.key,
                    "assigned_to": alert.assigned_to.username if alert.assigned_to else "",
                },
            )
    return raised, updated


def _keys(rows) -> str:
    return "," + ",".join(row["signal"] for row in rows) + ","


def _locked_open(alert: RiskAlert, step: str) -> RiskAlert:
    alert = RiskAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.state not in OPEN_ALERT_STATES:
        raise CollaborationError(
            f"风险预警 {alert.pk}：已{alert.get_state_display()}，不能{step} / the alert is "
            f"{alert.state}",
            field="state",
        )
    return alert


def _require_visible(actor, alert: RiskAlert) -> None:
    _require(actor, "collaboration.handle_warning")
    if actor is None or not RiskAlert.objects.visible_to(actor).filter(pk=alert.pk).exists():
        raise CollaborationNotPermitted("未找到 / Not found.")


def acknowledge_alert(*, actor, alert: RiskAlert) -> RiskAlert:
    _require_visible(actor, alert)
    with transaction.atomic():
        alert = _locked_open(alert, "知悉 / acknowledge")
        alert.state = AlertState.ACKNOWLEDGED
        alert.save(update_fields=["state"])
        record_event(
            actor=actor,
            event_type=WarningAuditEventType.ALERT_ACKNOWLEDGED.value,
            target=alert,
            division=alert.division,
        )
    return alert


def dismiss_alert(*, actor, alert: RiskAlert, reason: str) -> RiskAlert:
    _require_visible(actor, alert)
    reason = (reason or "").strip()
    if not reason:
        raise CollaborationError(
            f"风险预警 {alert.pk}：排除须说明理由 / a reason is required", field="reason"
        )
    with transaction.atomic():
        alert = _locked_open(alert, "排除 / dismiss")
        alert.state = AlertState.DISMISSED
        alert.closing_note = reason
        alert.save(update_fields=["state", "closing_note"])
        record_event(
            actor=actor,
            event_type=WarningAuditEventType.ALERT_DISMISSED.value,
            target=alert,
            division=alert.division,
            reason=reason,
        )
    return alert


def open_clue_for_alert(*, actor, alert: RiskAlert):
    """Register the alert's open monitoring findings as a clue with monitoring's own action
    (``confirm_findings``), in one step. Monitoring registers clues only from findings, so an
    alert without open findings about the entity is refused with what to do instead."""
    from wangjian.monitoring.actions import confirm_findings
    from wangjian.monitoring.models import Finding

    _require_visible(actor, alert)
    findings = list(
        Finding.objects.visible_to(actor)
        .filter(entity=alert.entity, state="open")
        .exclude(verdict="exempt")
        .order_by("shop_id", "pk")
        .values_list("pk", "shop_id", "item_id")
    )
    if not findings:
        raise CollaborationError(
            f"风险预警 {alert.pk}：该主体没有待研判的监测发现，线索须由监测发现登记；请核查后在"
            "“网络监测”中登记，或排除本预警 / the entity has no open monitoring findings: clues "
            "are registered from findings",
            field="findings",
        )
    # One clue concerns one shop (or one text): take the subject with the most findings.
    groups: dict = {}
    for pk, shop_id, item_id in findings:
        groups.setdefault(shop_id if shop_id is not None else ("item", item_id), []).append(pk)
    chosen = max(groups.values(), key=len)
    note = "风险预警：" + "；".join(r["reason"] for r in alert.reasons)
    with transaction.atomic():
        alert = _locked_open(alert, "转为线索 / open a clue")
        clue = confirm_findings(actor=actor, finding_ids=chosen, note=note)
        alert.state = AlertState.CLUE_OPENED
        alert.clue_number = clue.number
        alert.save(update_fields=["state", "clue_number"])
        record_event(
            actor=actor,
            event_type=WarningAuditEventType.ALERT_CLUE_OPENED.value,
            target=alert,
            division=alert.division,
            after={"clue": clue.number, "findings": chosen},
        )
    return clue


def subscribe(*, actor, division, signals):
    """Follow the open alerts of ``division`` (inside the actor's jurisdiction) that carry any
    of ``signals``; subscribing again replaces the signals."""
    from wangjian.collaboration.models import AlertSubscription
    from wangjian.core.models import Division

    _require(actor, "collaboration.view_warning")
    if actor is None or not Division.objects.inside(actor.jurisdiction).filter(pk=division.pk):
        raise CollaborationNotPermitted("未找到 / Not found.")
    known = set(risk.rules_on(_today()).signals)
    signals = sorted(set(signals))
    if not signals or not set(signals) <= known:
        raise CollaborationError(
            f"风险预警订阅：信号须为 {', '.join(sorted(known))} 中的一个或多个 / choose known "
            "signals",
            field="signals",
        )
    with transaction.atomic():
        subscription, _created = AlertSubscription.objects.update_or_create(
            user=actor, division=division, defaults={"signals": signals}
        )
        record_event(
            actor=actor,
            event_type=WarningAuditEventType.SUBSCRIBED.value,
            target=subscription,
            division=division,
            after={"signals": signals},
        )
    return subscription


def subscribed_alerts(user):
    """The open alerts in the user's subscriptions (any subscribed signal), read through
    ``visible_to``."""
    from django.db.models import Q

    from wangjian.collaboration.models import AlertSubscription

    query = Q(pk__in=[])
    for subscription in AlertSubscription.objects.filter(user=user).select_related("division"):
        signals = Q(pk__in=[])
        for signal in subscription.signals:
            signals |= Q(signal_keys__contains=f",{signal},")
        query |= Q(division__path__startswith=subscription.division.path) & signals
    return RiskAlert.objects.visible_to(user).open().filter(query)
