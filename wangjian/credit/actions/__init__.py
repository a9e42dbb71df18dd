"""Every change to credit records, lists, repairs and tiers.

Other apps post their facts with ``record_credit_event``; the entity's tier is recomputed once
the transaction commits. Deadlines come from the dated rules (``wangjian.credit.rules``) on the
working-day calendar.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.credit.choices import (
    CreditEventKind,
    CreditListKind,
    ListEntryState,
    RemovalReason,
    RepairKind,
    RepairState,
    Severity,
    TierRunKind,
)
from wangjian.credit.error_codes import CreditErrorCode, CreditNotPermitted, CreditRefused
from wangjian.credit.models import (
    CreditEvent,
    CreditListEntry,
    RepairApplication,
    TierRun,
)
from wangjian.credit.rules import apply_period, basis_known, rule

# Penalty types for which an early stop of publicity is barred (行政处罚信息公示规定 第十四条).
REPAIR_BARRED_PENALTY_TYPES = frozenset(
    {"suspension", "business_restriction", "occupation_ban", "downgrade", "revocation"}
)


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise CreditNotPermitted("无此权限 / not permitted")


def _require_entity(actor, entity) -> None:
    """Staff act only on entities in their jurisdiction; ``actor=None`` is the system."""
    from wangjian.registry.models import MarketEntity

    if actor is not None and not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk):
        raise CreditNotPermitted(
            "该市场主体不在辖区内 / the entity is outside your jurisdiction",
            code=CreditErrorCode.OUTSIDE_JURISDICTION,
        )


def _lock_in_place(instance) -> None:
    """Lock the row for the rest of the transaction and re-read it, so that the state checked is
    the committed one (two clerks deciding the same entry: the second waits, then is refused) and
    the caller's object shows it."""
    list(type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("pk"))
    instance.refresh_from_db()


def _check_basis(record: str, key: str) -> None:
    if not key or not basis_known(key):
        raise CreditRefused(
            f"{record}：法律依据 {key!r} 不在法律依据目录中 / {record}: legal basis {key!r} is "
            "not in the legal catalogue"
        )


def _after_commit_recompute(entity_id: int) -> None:
    transaction.on_commit(lambda: recompute_entity(entity_id))


# --------------------------------------------------------------------------------------------
# Credit events


def penalty_publicity_until(severity: str, decided_on: dt.date) -> tuple[dt.date | None, dict]:
    """End of publicity for a penalty (行政处罚信息公示规定 第二条、第十三条): warnings are not
    published; 通报批评 and low fines for 3 months; others for 3 years."""
    if severity == Severity.WARNING:
        return None, {}
    name = "penalty_publicity_low" if severity == Severity.LOW else "penalty_publicity_ordinary"
    applied = rule(name, on=decided_on)
    return apply_period(decided_on, applied), applied.as_dict()


def record_credit_event(
    *,
    actor,
    entity,
    kind: str,
    occurred_on: dt.date,
    legal_basis: str,
    summary: str,
    source_app: str,
    source_type: str = "",
    source_id: str = "",
    severity: str = "",
    sensitive_sector: bool = False,
    details: dict | None = None,
) -> CreditEvent:
    """Record one credit fact about ``entity``; the entity's tier is recomputed after commit.

    Posting the same source reference twice returns the first record (imports are idempotent).
    Penalties get their publicity period from the dated rules.
    """
    _require(actor, "credit.record_event")
    _require_entity(actor, entity)
    record = f"信用记录（{entity.name}）"
    if kind not in CreditEventKind.values:
        raise CreditRefused(f"{record}：种类 {kind!r} 未知 / unknown kind {kind!r}")
    if severity not in Severity.values:
        raise CreditRefused(f"{record}：严重程度 {severity!r} 未知 / unknown severity")
    if kind == CreditEventKind.PENALTY and severity not in (
        Severity.WARNING,
        Severity.LOW,
        Severity.ORDINARY,
        Severity.HEAVY,
    ):
        raise CreditRefused(
            f"{record}：行政处罚须注明严重程度（警告、较低数额、一般、较重）/ {record}: a penalty "
            "needs its severity (warning, low, ordinary, heavy)"
        )
    if not isinstance(occurred_on, dt.date) or occurred_on > _today():
        raise CreditRefused(
            f"{record}：日期 {occurred_on} 无效或晚于今日 / {record}: date {occurred_on} is "
            "invalid or in the future",
            code=CreditErrorCode.BAD_DATE,
        )
    _check_basis(record, legal_basis)
    details = dict(details or {})
    with transaction.atomic():
        if source_id:
            existing = CreditEvent.objects.filter(
                source_app=source_app, source_type=source_type, source_id=source_id, kind=kind
            ).first()
            if existing is not None:
                return existing
        publicity_until = None
        if kind == CreditEventKind.PENALTY:
            publicity_until, applied = penalty_publicity_until(severity, occurred_on)
            if applied:
                details["publicity_rule"] = applied
        event = CreditEvent.objects.create(
            entity=entity,
            kind=kind,
            severity=severity,
            occurred_on=occurred_on,
            legal_basis=legal_basis,
            summary=summary[:300],
            source_app=source_app,
            source_type=source_type,
            source_id=str(source_id),
            sensitive_sector=sensitive_sector,
            publicity_until=publicity_until,
            details=details,
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor=actor,
            event_type="credit.event_recorded",
            target=event,
            division=entity.division,
            after={
                "entity": entity.uscc,
                "kind": kind,
                "severity": severity,
                "occurred_on": occurred_on,
                "legal_basis": legal_basis,
                "source": f"{source_app}/{source_type}/{source_id}",
                "publicity_until": publicity_until,
            },
        )
        _after_commit_recompute(entity.pk)
    return event


def withdraw_credit_event(*, actor, event: CreditEvent, withdrawn_on: dt.date, reason: str):
    """Withdraw a record whose decision was changed, revoked or held void (公示规定 第十一条)."""
    _require(actor, "credit.record_event")
    _require_entity(actor, event.entity)
    if not reason.strip():
        raise CreditRefused(
            f"信用记录 {event.pk}：撤回须说明理由 / record {event.pk}: withdrawal needs a reason",
            code=CreditErrorCode.REASON_MISSING,
        )
    with transaction.atomic():
        event.withdrawn_on = withdrawn_on
        event.save(update_fields=["withdrawn_on"])
        record_event(
            actor=actor,
            event_type="credit.event_withdrawn",
            target=event,
            division=event.entity.division,
            after={"withdrawn_on": withdrawn_on},
            reason=reason,
        )
        _after_commit_recompute(event.entity_id)
    return event


# --------------------------------------------------------------------------------------------
# Lists: notice, statement and hearing, decision, removal

LIST_STATEMENT_RULES = {
    CreditListKind.ABNORMAL: "abnormal_statement_period",
    CreditListKind.SERIOUS: "serious_statement_period",
}


def notify_listing(
    *,
    actor,
    entity,
    list_kind: str,
    ground: str,
    ground_basis: str,
    notified_on: dt.date,
    penalty_event: CreditEvent | None = None,
) -> CreditListEntry:
    """告知: tell the entity it is to be listed, with the deadline for its statement and for
    asking for a hearing (严重违法失信名单管理办法; 经营异常名录管理暂行办法)."""
    _require(actor, "credit.manage_lists")
    _require_entity(actor, entity)
    record = f"名单告知（{entity.name}）"
    if list_kind not in CreditListKind.values:
        raise CreditRefused(f"{record}：名单 {list_kind!r} 未知 / unknown list {list_kind!r}")
    _check_basis(record, ground_basis)
    if list_kind == CreditListKind.SERIOUS and (
        penalty_event is None
        or penalty_event.entity_id != entity.pk
        or penalty_event.kind != CreditEventKind.PENALTY
        or penalty_event.severity != Severity.HEAVY
    ):
        raise CreditRefused(
            f"{record}：列入严重违法失信名单须以该主体受到的较重行政处罚为前提（严重违法失信名单"
            "管理办法第二条）/ listing on the serious list requires a heavy penalty of this "
            "entity (serious-violation-list-measures-2021:2)"
        )
    if CreditListEntry.objects.filter(
        entity=entity,
        list_kind=list_kind,
        state__in=[ListEntryState.NOTIFIED, ListEntryState.LISTED],
    ).exists():
        raise CreditRefused(
            f"{record}：该主体已在此名单或告知中 / {entity.name} is already listed or notified"
        )
    applied = rule(LIST_STATEMENT_RULES[list_kind], on=notified_on)
    with transaction.atomic():
        entry = CreditListEntry.objects.create(
            entity=entity,
            list_kind=list_kind,
            ground=ground,
            ground_basis=ground_basis,
            state=ListEntryState.NOTIFIED,
            notified_on=notified_on,
            statement_due_on=apply_period(notified_on, applied),
            penalty_event=penalty_event,
            rules_applied={"statement": applied.as_dict()},
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor=actor,
            event_type="credit.listing_notified",
            target=entry,
            division=entity.division,
            after={
                "list_kind": list_kind,
                "ground": ground,
                "statement_due_on": entry.statement_due_on,
            },
        )
    return entry


def record_statement(
    *,
    actor,
    entry: CreditListEntry,
    statement: str,
    hearing_requested: bool = False,
    hearing_held_on: dt.date | None = None,
) -> CreditListEntry:
    """陈述申辩 and 听证 of the party before the listing decision."""
    _require(actor, "credit.manage_lists")
    _require_entity(actor, entry.entity)
    with transaction.atomic():
        _lock_in_place(entry)
        if entry.state != ListEntryState.NOTIFIED:
            raise CreditRefused(
                f"名单列入 {entry.pk}：仅告知阶段可记录陈述申辩 / entry {entry.pk}: statements are "
                "taken only while notified"
            )
        entry.statement = statement
        entry.hearing_requested = hearing_requested or entry.hearing_requested
        entry.hearing_held_on = hearing_held_on or entry.hearing_held_on
        entry.save(update_fields=["statement", "hearing_requested", "hearing_held_on"])
        record_event(
            actor=actor,
            event_type="credit.listing_statement",
            target=entry,
            division=entry.entity.division,
            after={"hearing_requested": entry.hearing_requested, "held": hearing_held_on},
        )
    return entry


def decide_listing(
    *, actor, entry: CreditListEntry, listed: bool, decided_on: dt.date, note: str = ""
) -> CreditListEntry:
    """Decide after the statement period (or the statement) and any hearing requested."""
    _require(actor, "credit.decide_listing")
    _require_entity(actor, entry.entity)
    record = f"名单列入 {entry.pk}（{entry.entity.name}）"
    with transaction.atomic():
        _lock_in_place(entry)
        if entry.state != ListEntryState.NOTIFIED:
            raise CreditRefused(f"{record}：已作出决定 / {record}: already decided")
        if decided_on <= entry.statement_due_on and not entry.statement:
            raise CreditRefused(
                f"{record}：陈述申辩期限至 {entry.statement_due_on}，期满前不得作出列入决定 / "
                f"{record}: the statement period runs until {entry.statement_due_on}",
                code=CreditErrorCode.BAD_DATE,
            )
        if entry.hearing_requested and entry.hearing_held_on is None:
            raise CreditRefused(
                f"{record}：当事人已申请听证，须先组织听证 / {record}: a hearing was requested and "
                "has not been held"
            )
        if listed:
            entry.state = ListEntryState.LISTED
            entry.listed_on = decided_on
            if entry.list_kind == CreditListKind.SERIOUS:
                duration = rule("serious_list_duration", on=decided_on)
                early = rule("serious_early_removal_after", on=decided_on)
                entry.expires_on = apply_period(decided_on, duration)
                entry.early_removal_from = apply_period(decided_on, early)
                entry.rules_applied |= {"duration": duration.as_dict(), "early": early.as_dict()}
            else:
                escalation = rule("abnormal_to_serious_after", on=decided_on)
                entry.rules_applied |= {"escalation": escalation.as_dict()}
                entry.rules_applied["escalation_on"] = apply_period(
                    decided_on, escalation
                ).isoformat()
        else:
            entry.state = ListEntryState.NOT_LISTED
        entry.decision_note = note
        entry.save()
        record_event(
            actor=actor,
            event_type="credit.listing_decided",
            target=entry,
            division=entry.entity.division,
            after={"listed": listed, "on": decided_on, "expires_on": entry.expires_on},
            reason=note,
        )
        if listed:
            kind = (
                CreditEventKind.SERIOUS_LIST_ENTRY
                if entry.list_kind == CreditListKind.SERIOUS
                else CreditEventKind.ABNORMAL_LIST_ENTRY
            )
            record_credit_event(
                actor=actor,
                entity=entry.entity,
                kind=kind,
                occurred_on=decided_on,
                legal_basis=entry.ground_basis,
                summary=entry.ground,
                source_app="credit",
                source_type="list_entry",
                source_id=str(entry.pk),
            )
            # Same transaction as the listing (credit.consequences explains why).
            from wangjian.credit.consequences import LISTING_CONSEQUENCES

            for consequence in list(LISTING_CONSEQUENCES):
                consequence(actor=actor, entry=entry)
    return entry


def remove_from_list(
    *, actor, entry: CreditListEntry, removed_on: dt.date, reason: str, note: str = ""
) -> CreditListEntry:
    _require(actor, "credit.decide_listing")
    _require_entity(actor, entry.entity)
    record = f"名单列入 {entry.pk}（{entry.entity.name}）"
    with transaction.atomic():
        _lock_in_place(entry)
        if entry.state != ListEntryState.LISTED:
            raise CreditRefused(f"{record}：未在名单中 / {record}: not listed")
        if reason not in RemovalReason.values:
            raise CreditRefused(
                f"{record}：移出原因“{reason}”未知 / {record}: unknown removal reason “{reason}”"
            )
        if reason == RemovalReason.EXPIRED and (
            entry.expires_on is None or removed_on < entry.expires_on
        ):
            raise CreditRefused(
                f"{record}：列入期限至 {entry.expires_on}，未满不得期满移出 / "
                f"{record}: the listing runs until {entry.expires_on}",
                code=CreditErrorCode.BAD_DATE,
            )
        entry.state = ListEntryState.REMOVED
        entry.removed_on = removed_on
        entry.removal_reason = reason
        entry.decision_note = (entry.decision_note + "\n" + note).strip()
        entry.save()
        record_event(
            actor=actor,
            event_type="credit.list_removed",
            target=entry,
            division=entry.entity.division,
            after={"removed_on": removed_on, "reason": reason},
            reason=note,
        )
        kind = (
            CreditEventKind.SERIOUS_LIST_REMOVAL
            if entry.list_kind == CreditListKind.SERIOUS
            else CreditEventKind.ABNORMAL_LIST_REMOVAL
        )
        record_credit_event(
            actor=actor,
            entity=entry.entity,
            kind=kind,
            occurred_on=removed_on,
            legal_basis="credit-repair-measures-2021:2"
            if reason in (RemovalReason.EARLY_REPAIR, RemovalReason.CURED)
            else entry.ground_basis,
            summary=f"{entry.get_list_kind_display()}移出：{RemovalReason(reason).label}",
            source_app="credit",
            source_type="list_entry",
            source_id=str(entry.pk),
        )
    return entry


# --------------------------------------------------------------------------------------------
# 信用修复

REPAIR_DECISION_RULES = {
    RepairKind.ABNORMAL_REMOVAL: "abnormal_removal_decision",
    RepairKind.SERIOUS_EARLY_REMOVAL: "serious_early_removal_decision",
    RepairKind.PENALTY_PUBLICITY_STOP: "penalty_repair_decision",
}


def repair_conditions(
    kind: str, applied_on: dt.date, *, entity, list_entry=None, penalty_event=None, statement=""
) -> list[dict]:
    """Each condition of 信用修复管理办法 for the application, met or not, with its basis."""

    def condition(name, met, detail, basis):
        return {"condition": name, "met": bool(met), "detail": detail, "basis": basis}

    conditions = []
    if kind in (RepairKind.ABNORMAL_REMOVAL, RepairKind.SERIOUS_EARLY_REMOVAL):
        listed = list_entry is not None and list_entry.state == ListEntryState.LISTED
        conditions.append(
            condition("listed", listed, "申请时仍在名单中", "credit-repair-measures-2021:2")
        )
    if kind == RepairKind.ABNORMAL_REMOVAL:
        conditions.append(
            condition(
                "cured",
                bool(statement.strip()),
                "已补报年报、公示或更正信息、变更住所（申请说明）",
                "abnormal-operation-list-measures-2014:4",
            )
        )
    if kind == RepairKind.SERIOUS_EARLY_REMOVAL and list_entry is not None:
        early = list_entry.early_removal_from
        conditions.append(
            condition(
                "one_year_listed",
                early is not None and applied_on >= early,
                f"列入满一年（{early} 起可申请）",
                "credit-repair-measures-2021:2",
            )
        )
        heavier = CreditEvent.objects.filter(
            entity=entity,
            kind=CreditEventKind.PENALTY,
            severity=Severity.HEAVY,
            occurred_on__gt=list_entry.listed_on or applied_on,
            withdrawn_on__isnull=True,
        ).exists()
        conditions.append(
            condition(
                "no_new_heavy_penalty",
                not heavier,
                "列入后未再受到较重行政处罚",
                "serious-violation-list-measures-2021:2",
            )
        )
        conditions.append(
            condition(
                "penalty_fulfilled",
                bool(statement.strip()),
                "已履行行政处罚、消除不良影响（申请说明）",
                "credit-repair-measures-2021:2",
            )
        )
    if kind == RepairKind.PENALTY_PUBLICITY_STOP and penalty_event is not None:
        event = penalty_event
        name = (
            "penalty_repair_after_food_drug_equipment"
            if event.sensitive_sector
            else "penalty_repair_after"
        )
        waiting = rule(name, on=applied_on)
        eligible_from = apply_period(event.occurred_on, waiting)
        conditions.append(
            condition(
                "publicity_served",
                applied_on >= eligible_from,
                f"公示满{waiting.value}个月（{eligible_from} 起可申请）",
                waiting.basis,
            )
        )
        conditions.append(
            condition(
                "repairable_penalty",
                event.severity in (Severity.ORDINARY, Severity.HEAVY)
                and event.details.get("penalty_type") not in REPAIR_BARRED_PENALTY_TYPES,
                "非警告、通报批评、较低数额罚款，且非停产停业、限制经营或从业、降级、吊销",
                "penalty-info-disclosure-rules-2021:14",
            )
        )
        listed = CreditListEntry.objects.filter(entity=entity, state=ListEntryState.LISTED).exists()
        conditions.append(
            condition(
                "not_listed",
                not listed,
                "未列入经营异常名录或严重违法失信名单",
                "penalty-info-disclosure-rules-2021:14",
            )
        )
        repeat = CreditEvent.objects.filter(
            entity=entity,
            kind=CreditEventKind.PENALTY,
            occurred_on__gt=event.occurred_on,
            withdrawn_on__isnull=True,
        ).exists()
        conditions.append(
            condition(
                "no_repeat",
                not repeat,
                "此后未再受到行政处罚",
                "penalty-info-disclosure-rules-2021:14",
            )
        )
    return conditions


def apply_for_repair(
    *,
    actor,
    entity,
    kind: str,
    applied_on: dt.date,
    list_entry: CreditListEntry | None = None,
    penalty_event: CreditEvent | None = None,
    statement: str = "",
) -> RepairApplication:
    """Record a 信用修复 application (received by the bureau that listed or decided, 办法第四条)
    with its conditions evaluated and its decision deadline."""
    _require(actor, "credit.manage_lists")
    _require_entity(actor, entity)
    record = f"信用修复申请（{entity.name}）"
    if kind not in RepairKind.values:
        raise CreditRefused(f"{record}：修复类型 {kind!r} 未知 / unknown repair kind")
    target_ok = (
        kind == RepairKind.PENALTY_PUBLICITY_STOP
        and penalty_event is not None
        and penalty_event.entity_id == entity.pk
        and penalty_event.kind == CreditEventKind.PENALTY
    ) or (
        kind != RepairKind.PENALTY_PUBLICITY_STOP
        and list_entry is not None
        and list_entry.entity_id == entity.pk
        and list_entry.list_kind
        == (
            CreditListKind.ABNORMAL
            if kind == RepairKind.ABNORMAL_REMOVAL
            else CreditListKind.SERIOUS
        )
    )
    if not target_ok:
        raise CreditRefused(
            f"{record}：修复对象与修复类型不符 / {record}: the record to repair does not match the "
            "repair kind"
        )
    applied = rule(REPAIR_DECISION_RULES[kind], on=applied_on)
    conditions = repair_conditions(
        kind,
        applied_on,
        entity=entity,
        list_entry=list_entry,
        penalty_event=penalty_event,
        statement=statement,
    )
    with transaction.atomic():
        application = RepairApplication.objects.create(
            entity=entity,
            kind=kind,
            list_entry=list_entry,
            penalty_event=penalty_event,
            applied_on=applied_on,
            due_on=apply_period(applied_on, applied),
            due_basis=applied.as_dict(),
            conditions=conditions,
            statement=statement,
        )
        record_event(
            actor=actor,
            event_type="credit.repair_applied",
            target=application,
            division=entity.division,
            after={"kind": kind, "due_on": application.due_on, "conditions": conditions},
        )
    return application


def decide_repair(
    *, actor, application: RepairApplication, grant: bool, decided_on: dt.date, reason: str
) -> RepairApplication:
    _require(actor, "credit.decide_listing")
    _require_entity(actor, application.entity)
    record = f"信用修复申请 {application.pk}（{application.entity.name}）"
    with transaction.atomic():
        _lock_in_place(application)
        if application.state != RepairState.PENDING:
            raise CreditRefused(f"{record}：已决定 / {record}: already decided")
        unmet = [c["detail"] for c in application.conditions if not c["met"]]
        if grant and unmet:
            raise CreditRefused(
                f"{record}：修复条件未满足：{'；'.join(unmet)} / {record}: conditions not met"
            )
        if not reason.strip():
            raise CreditRefused(
                f"{record}：须说明决定理由 / {record}: the decision needs a reason",
                code=CreditErrorCode.REASON_MISSING,
            )
        application.state = RepairState.GRANTED if grant else RepairState.REFUSED
        application.decided_on = decided_on
        application.decision_reason = reason
        application.decided_by = actor if actor is not None and actor.is_authenticated else None
        application.save()
        record_event(
            actor=actor,
            event_type="credit.repair_decided",
            target=application,
            division=application.entity.division,
            after={
                "granted": grant,
                "decided_on": decided_on,
                "late": decided_on > application.due_on,
            },
            reason=reason,
        )
        if grant and application.kind == RepairKind.PENALTY_PUBLICITY_STOP:
            event = application.penalty_event
            event.publicity_ended_on = decided_on
            event.save(update_fields=["publicity_ended_on"])
            _after_commit_recompute(event.entity_id)
        elif grant:
            remove_from_list(
                actor=actor,
                entry=application.list_entry,
                removed_on=decided_on,
                reason=RemovalReason.CURED
                if application.kind == RepairKind.ABNORMAL_REMOVAL
                else RemovalReason.EARLY_REPAIR,
                note=reason,
            )
    return application


# --------------------------------------------------------------------------------------------
# Tiers


def recompute_tiers(
    *, actor, as_of: dt.date | None = None, division=None, entity_ids=None, kind=None
) -> TierRun:
    """One classification run: every active entity in scope (the whole register when neither
    ``division`` nor ``entity_ids`` is given), in set-based SQL, keeping earlier runs."""
    from wangjian.credit.actions.tier_recompute import run_recompute
    from wangjian.credit.tiers import model_in_force

    _require(actor, "credit.recompute")
    as_of = as_of or _today()
    model = model_in_force(as_of)
    with transaction.atomic():
        run = TierRun.objects.create(
            model=model,
            kind=kind or (TierRunKind.ENTITY if entity_ids is not None else TierRunKind.MONTHLY),
            as_of=as_of,
            started_by=actor if actor is not None and actor.is_authenticated else None,
        )
        run.entity_count = run_recompute(
            run, model.content, division=division, entity_ids=entity_ids
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["entity_count", "finished_at"])
        record_event(
            actor=actor,
            event_type="credit.tiers_recomputed",
            target=run,
            division=division,
            after={
                "model": f"{model.key} {model.version}",
                "as_of": as_of,
                "entities": run.entity_count,
                "scope": "entities" if entity_ids is not None else "register",
            },
        )
    return run


def recompute_entity(entity_id: int, *, as_of: dt.date | None = None) -> TierRun | None:
    """Recompute one entity after its records changed (runs after the change commits). Does
    nothing before any tier model is loaded."""
    from wangjian.credit.models import TierModel

    if not TierModel.objects.exists():
        return None
    return recompute_tiers(actor=None, as_of=as_of, entity_ids=[entity_id])
