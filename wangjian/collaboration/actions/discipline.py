"""联合惩戒: sending list entries to partner departments with the measures that apply, the
partner's measures and feedback, removal notices and the confirmed lifting of measures, and
records partners push to the bureau (recorded as credit events through credit's actions).

The credit app sits below this one and cannot call it, so list changes reach partners when
``dispatch_list_entries`` runs (the page's button, the ``wangjian discipline sync`` command):
it sends new serious-list entries and tells partners of removals, and is safe to run again.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.collaboration import discipline
from wangjian.collaboration.actions.requests import CollaborationError
from wangjian.collaboration.choices import DisciplineAuditEventType, NoticeState
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import AppliedMeasure, DisciplineNotice, PartnerDepartment
from wangjian.core.audit import record_event
from wangjian.core.choices import OrgUnitKind, Role


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise CollaborationNotPermitted("无此权限 / not permitted")


def _require_partner_of(actor, notice: DisciplineNotice) -> None:
    _require(actor, "collaboration.record_measure")
    if actor is None or actor.org_unit_id != notice.partner.org_unit_id:
        raise CollaborationNotPermitted(
            "只有接收推送的协作部门可以办理 / only the receiving department"
        )


def _lock(notice: DisciplineNotice) -> DisciplineNotice:
    return (
        DisciplineNotice.objects.select_for_update(of=("self",))
        .select_related("partner", "list_entry__entity")
        .get(pk=notice.pk)
    )


def register_partner_department(*, actor, org_unit, department: str) -> PartnerDepartment:
    """Record which department a partner org unit is (税务, 商务…); it then receives entries."""
    _require(actor, "collaboration.manage_partners")
    record = f"协作部门（{org_unit.name}）"
    if org_unit.kind != OrgUnitKind.PARTNER:
        raise CollaborationError(
            f"{record}：机构类型须为协作部门 / the org unit must be a partner body",
            field="org_unit",
        )
    if department not in discipline.departments():
        raise CollaborationError(
            f"{record}：部门类别 {department!r} 不在联合惩戒部门目录中 / unknown department",
            field="department",
        )
    with transaction.atomic():
        partner, _created = PartnerDepartment.objects.update_or_create(
            org_unit=org_unit, defaults={"department": department}
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditEventType.PARTNER_REGISTERED.value,
            target=partner,
            division=org_unit.division,
            after={"department": department},
        )
    return partner


def _partners_over(division, partners):
    return [p for p in partners if division.path.startswith(p.org_unit.division.path)]


def dispatch_list_entries(*, actor) -> tuple[int, int]:
    """Send each listed entry to the partner departments above its entity's division that have
    measures for it, and tell partners of entries removed since. Return (sent, removals).

    ``actor=None`` is the system (the sync command); staff dispatch within their jurisdiction.
    """
    from wangjian.credit.choices import ListEntryState
    from wangjian.credit.models import CreditListEntry

    _require(actor, "collaboration.dispatch_discipline")
    entries = (
        CreditListEntry.objects.all()
        if actor is None
        else (CreditListEntry.objects.visible_to(actor))
    )
    partners = list(PartnerDepartment.objects.select_related("org_unit__division"))
    version = discipline.catalogue()["key"]
    today = _today()
    sent = removals = 0
    with transaction.atomic():
        listed = entries.filter(state=ListEntryState.LISTED, entity__division__isnull=False)
        done = set(DisciplineNotice.objects.values_list("list_entry_id", "partner_id"))
        for entry in listed.select_related("entity__division"):
            for partner in _partners_over(entry.entity.division, partners):
                if (entry.pk, partner.pk) in done:
                    continue
                applicable = discipline.measures_for(entry.list_kind, partner.department)
                if not applicable:
                    continue
                notice = DisciplineNotice.objects.create(
                    list_entry=entry,
                    partner=partner,
                    measures=[m.as_dict(version) for m in applicable],
                    sent_on=today,
                )
                sent += 1
                record_event(
                    actor=actor,
                    event_type=DisciplineAuditEventType.NOTICE_SENT.value,
                    target=notice,
                    division=entry.entity.division,
                    after={
                        "entity": entry.entity.uscc,
                        "list_kind": entry.list_kind,
                        "partner": partner.org_unit.name,
                        "measures": [m.key for m in applicable],
                    },
                )
        removed = DisciplineNotice.objects.select_for_update(of=("self",)).filter(
            list_entry__in=entries.filter(state=ListEntryState.REMOVED),
            removal_notified_on__isnull=True,
        )
        for notice in removed.select_related("list_entry__entity__division"):
            notice.state = NoticeState.REMOVAL_NOTIFIED
            notice.removal_notified_on = today
            notice.save(update_fields=["state", "removal_notified_on"])
            removals += 1
            record_event(
                actor=actor,
                event_type=DisciplineAuditEventType.REMOVAL_NOTIFIED.value,
                target=notice,
                division=notice.list_entry.entity.division,
                after={
                    "removed_on": notice.list_entry.removed_on,
                    "reason": notice.list_entry.removal_reason,
                },
            )
    return sent, removals


def record_measure(
    *, actor, notice: DisciplineNotice, measure_key: str, applied_on: dt.date, detail: str
) -> AppliedMeasure:
    """The partner records a measure it applied (one of those the notice lists)."""
    _require_partner_of(actor, notice)
    record = f"联合惩戒推送 {notice.pk}"
    detail = (detail or "").strip()
    if not detail:
        raise CollaborationError(f"{record}：实施情况不能为空 / detail is required", field="detail")
    titles = {m["key"]: m["title"] for m in notice.measures}
    if measure_key not in titles:
        raise CollaborationError(
            f"{record}：措施 {measure_key!r} 不在本次推送的适用措施中 / the measure does not "
            "apply to this entry",
            field="measure_key",
        )
    if not isinstance(applied_on, dt.date) or applied_on > _today():
        raise CollaborationError(
            f"{record}：实施日期无效或晚于今日 / applied_on is invalid or in the future",
            field="applied_on",
        )
    with transaction.atomic():
        notice = _lock(notice)
        if notice.state in (NoticeState.REMOVAL_NOTIFIED, NoticeState.LIFT_CONFIRMED):
            raise CollaborationError(
                f"{record}：该主体已移出名单，不能再实施惩戒措施 / the entry was removed from the "
                "list: no new measures",
                field="state",
            )
        measure = AppliedMeasure.objects.create(
            notice=notice,
            measure_key=measure_key,
            measure_title=titles[measure_key],
            applied_on=applied_on,
            detail=detail,
            recorded_by=actor,
        )
        if notice.state == NoticeState.SENT:
            notice.state = NoticeState.FEEDBACK
            notice.feedback_on = _today()
            notice.save(update_fields=["state", "feedback_on"])
        record_event(
            actor=actor,
            event_type=DisciplineAuditEventType.MEASURE_RECORDED.value,
            target=notice,
            division=notice.list_entry.entity.division,
            after={"measure": measure_key, "applied_on": applied_on},
        )
    return measure


def record_feedback(*, actor, notice: DisciplineNotice, feedback: str) -> DisciplineNotice:
    """The partner's feedback in words (e.g. 该主体在本部门无在办事项)."""
    _require_partner_of(actor, notice)
    feedback = (feedback or "").strip()
    if not feedback:
        raise CollaborationError(
            f"联合惩戒推送 {notice.pk}：反馈不能为空 / feedback is required", field="feedback"
        )
    with transaction.atomic():
        notice = _lock(notice)
        notice.feedback = feedback
        notice.feedback_on = _today()
        if notice.state == NoticeState.SENT:
            notice.state = NoticeState.FEEDBACK
        notice.save(update_fields=["feedback", "feedback_on", "state"])
        record_event(
            actor=actor,
            event_type=DisciplineAuditEventType.FEEDBACK_RECORDED.value,
            target=notice,
            division=notice.list_entry.entity.division,
            reason=feedback,
        )
    return notice


def confirm_lift(
    *, actor, notice: DisciplineNotice, lifted_on: dt.date, note: str = ""
) -> DisciplineNotice:
    """After a removal notice, the partner confirms it lifted every measure it applied."""
    _require_partner_of(actor, notice)
    record = f"联合惩戒推送 {notice.pk}"
    if not isinstance(lifted_on, dt.date) or lifted_on > _today():
        raise CollaborationError(
            f"{record}：解除日期无效或晚于今日 / lifted_on is invalid or in the future",
            field="lifted_on",
        )
    with transaction.atomic():
        notice = _lock(notice)
        if notice.state != NoticeState.REMOVAL_NOTIFIED:
            raise CollaborationError(
                f"{record}：尚未收到名单移出告知，不能确认解除 / the entry has not been removed",
                field="state",
            )
        if lifted_on < notice.list_entry.removed_on:
            raise CollaborationError(
                f"{record}：解除日期早于移出日期 {notice.list_entry.removed_on} / lifted_on is "
                "before the removal",
                field="lifted_on",
            )
        lifted = AppliedMeasure.objects.filter(notice=notice, lifted_on__isnull=True).update(
            lifted_on=lifted_on
        )
        notice.state = NoticeState.LIFT_CONFIRMED
        notice.lift_confirmed_on = lifted_on
        notice.lift_note = note.strip()
        notice.save(update_fields=["state", "lift_confirmed_on", "lift_note"])
        record_event(
            actor=actor,
            event_type=DisciplineAuditEventType.LIFT_CONFIRMED.value,
            target=notice,
            division=notice.list_entry.entity.division,
            after={"lifted_on": lifted_on, "measures_lifted": lifted},
            reason=note,
        )
    return notice


def receive_partner_record(
    *,
    actor,
    uscc: str,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    source_id: str,
):
    """A partner department pushes a record (e.g. 重大税收违法失信主体) about an entity in its
    area; it becomes a credit event with the partner as source and the kind's basis.

    Pushing the same ``source_id`` twice returns the first event (credit's idempotency).
    """
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.choices import CreditEventKind
    from wangjian.registry.models import MarketEntity

    _require(actor, "collaboration.push_partner_record")
    if actor is None or actor.role != Role.PARTNER_DEPARTMENT:
        raise CollaborationNotPermitted("无此权限 / not permitted")
    partner = PartnerDepartment.objects.filter(org_unit=actor.org_unit_id).first()
    record = f"协作部门推送（{uscc}）"
    if partner is None:
        raise CollaborationNotPermitted(
            "机构未登记为协作部门 / the org unit is not a registered partner"
        )
    kinds = discipline.partner_record_kinds()
    if kind not in kinds or kinds[kind].department != partner.department:
        raise CollaborationError(
            f"{record}：种类 {kind!r} 不是{discipline.departments()[partner.department]}可推送的"
            f"信息 / kind {kind!r} is not one this department may push",
            field="kind",
        )
    entity = MarketEntity.objects.visible_to(actor).filter(uscc=(uscc or "").upper()).first()
    if entity is None:
        raise CollaborationError(
            f"{record}：统一社会信用代码不在本部门辖区的主体库中 / the USCC is not in the register "
            "of your area",
            field="uscc",
        )
    if not (source_id or "").strip():
        raise CollaborationError(
            f"{record}：来源编号不能为空 / source_id is required", field="source_id"
        )
    spec = kinds[kind]
    with transaction.atomic():
        event = record_credit_event(
            actor=None,
            entity=entity,
            kind=CreditEventKind.PARTNER_RECORD,
            occurred_on=occurred_on,
            legal_basis=spec.basis,
            summary=f"{spec.label}：{summary}"[:300],
            source_app="collaboration",
            source_type=f"partner:{partner.department}",
            source_id=source_id.strip(),
            details={
                "partner": partner.org_unit.name,
                "partner_kind": kind,
                "basis_verification": spec.verification,
            },
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditEventType.PARTNER_RECORD_RECEIVED.value,
            target=event,
            division=entity.division,
            after={"kind": kind, "source_id": source_id, "credit_event": event.pk},
        )
    return event
