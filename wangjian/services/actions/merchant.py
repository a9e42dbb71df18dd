"""A merchant's own actions: 信用修复 applications (through credit's action) and 异议."""

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.services.actions.common import require, require_entity, today
from wangjian.services.choices import AuditType, ObjectionState, ObjectionTarget
from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted, ServiceRefused
from wangjian.services.models import Objection, ObjectionAttachment

DATA = Path(__file__).resolve().parent.parent / "data" / "objections.yaml"


@cache
def objection_rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def objection_rule(on: dt.date):
    from wangjian.credit.rules import Rule

    versions = [
        entry
        for entry in objection_rules()["rules"]
        if entry["name"] == "objection_answer" and entry["effective_on"] <= on
    ]
    if not versions:
        raise ServiceRefused(
            f"异议答复期限规则在 {on} 无有效版本 / no objection rule in force on {on}",
            code=ServiceErrorCode.BAD_DATE,
        )
    entry = max(versions, key=lambda item: item["effective_on"])
    return Rule(
        name=entry["name"],
        title=entry["title"],
        value=int(entry["value"]),
        unit=entry["unit"],
        basis=entry["basis"],
        effective_on=entry["effective_on"],
        verification=entry["verification"],
        notes=entry.get("citation", ""),
    )


def apply_for_repair_as_merchant(
    *, actor, entity, kind: str, list_entry=None, penalty_event=None, statement: str = ""
):
    """The merchant applies for 信用修复; credit's ``apply_for_repair`` records it (received by
    the bureau, 信用修复管理办法 第四条) and this records who applied."""
    from wangjian.credit.actions import apply_for_repair

    require(actor, "services.merchant_self_service")
    require_entity(actor, entity)
    for record in (list_entry, penalty_event):
        if record is not None and record.entity_id != entity.pk:
            raise ServiceNotPermitted(
                "不是您的记录 / not your record", code=ServiceErrorCode.NOT_PERMITTED
            )
    with transaction.atomic():
        application = apply_for_repair(
            actor=None,
            entity=entity,
            kind=kind,
            applied_on=today(),
            list_entry=list_entry,
            penalty_event=penalty_event,
            statement=statement,
        )
        record_event(
            actor=actor,
            event_type=AuditType.REPAIR_APPLIED_BY_MERCHANT.value,
            target=application,
            division=entity.division,
            after={"kind": kind, "due_on": application.due_on},
        )
    return application


def record_label(record) -> str:
    """How a credit record is named to its merchant (never by its database key)."""
    from wangjian.credit.models import CreditListEntry

    if isinstance(record, CreditListEntry):
        on = record.listed_on or record.notified_on
        return f"{record.get_list_kind_display()}（{on}）：{record.ground}"
    return f"{record.get_kind_display()}（{record.occurred_on}）：{record.summary}"


def _target(entity, target_kind: str, target_id: int):
    from wangjian.credit.models import CreditEvent, CreditListEntry

    model = {
        ObjectionTarget.CREDIT_EVENT: CreditEvent,
        ObjectionTarget.LIST_ENTRY: CreditListEntry,
    }.get(target_kind)
    record = model.objects.filter(entity=entity, pk=target_id).first() if model else None
    if record is None:
        raise ServiceNotPermitted(
            "不是您的记录 / not your record", code=ServiceErrorCode.NOT_PERMITTED
        )
    return record


def file_objection(
    *, actor, entity, target_kind: str, target_id: int, reason: str, files=()
) -> Objection:
    """File an 异议 against one of the entity's records, with attachments (name, bytes)."""
    from wangjian.credit.rules import apply_period

    require(actor, "services.merchant_self_service")
    require_entity(actor, entity)
    target = _target(entity, target_kind, target_id)
    label = f"异议（{entity.name}）"
    if not reason.strip():
        raise ServiceRefused(
            f"{label}：须写明异议理由 / {label}: the reason is required",
            code=ServiceErrorCode.REASON_MISSING,
        )
    rules = objection_rules()
    if len(files) > rules["max_attachments"]:
        raise ServiceRefused(
            f"{label}：附件最多 {rules['max_attachments']} 个 / at most "
            f"{rules['max_attachments']} attachments"
        )
    for name, data in files:
        if len(data) > rules["max_attachment_bytes"]:
            raise ServiceRefused(
                f"{label}：附件 {name} 超过 10MB / attachment {name} is larger than 10 MB",
                code=ServiceErrorCode.LIMIT_EXCEEDED,
            )
    filed_on = today()
    applied = objection_rule(filed_on)
    with transaction.atomic():
        objection = Objection.objects.create(
            entity=entity,
            target_kind=target_kind,
            target_id=target.pk,
            target_summary=record_label(target)[:300],
            reason=reason.strip(),
            filed_on=filed_on,
            due_on=apply_period(filed_on, applied),
            due_basis=applied.as_dict() | {"citation": applied.notes},
            filed_by=actor,
        )
        for name, data in files:
            attachment = ObjectionAttachment(
                objection=objection, name=name[:200], sha256=hashlib.sha256(data).hexdigest()
            )
            attachment.file.save(name, ContentFile(data), save=False)
            attachment.save()
        record_event(
            actor=actor,
            event_type=AuditType.OBJECTION_FILED.value,
            target=objection,
            division=entity.division,
            after={
                "target": [target_kind, target.pk],
                "due_on": objection.due_on,
                "attachments": [name for name, _data in files],
            },
        )
    return objection


def answer_objection(*, actor, objection: Objection, upheld: bool, answer: str) -> Objection:
    require(actor, "services.answer_objection")
    require_entity(actor, objection.entity)
    label = f"异议 {objection.public_id}"
    if not answer.strip():
        raise ServiceRefused(
            f"{label}：须写明答复 / {label}: the answer is required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.state != ObjectionState.PENDING:
            raise ServiceRefused(
                f"{label}：已答复 / {label}: already answered", code=ServiceErrorCode.WRONG_STATE
            )
        objection.state = ObjectionState.UPHELD if upheld else ObjectionState.REJECTED
        objection.answer = answer.strip()
        objection.answered_on = today()
        objection.answered_by = actor
        objection.save()
        record_event(
            actor=actor,
            event_type=AuditType.OBJECTION_ANSWERED.value,
            target=objection,
            division=objection.entity.division,
            after={"upheld": upheld, "late": objection.answered_on > objection.due_on},
            reason=answer,
        )
    return objection
