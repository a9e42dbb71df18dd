"""行政检查 outside the random draw: start it from its source with two certified officers,
keep the 现场检查笔录 (drafts from a phone carry a version number and a stale one is refused),
add photos and attachments (typed by content, hashed, sealed into the custody log), record the
party's signature or refusal, conclude with a standard outcome, and follow up: 责令改正 with a
re-check date on the working-day calendar and the re-check, or a case in enforcement."""

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.file_seals import seal_file
from wangjian.inspections import hooks
from wangjian.inspections.catalogue import field_outcomes, field_rule, field_sources, period_end
from wangjian.inspections.error_codes import (
    InspectionErrorCode,
    InspectionNotPermitted,
    InspectionRefused,
)
from wangjian.inspections.field_files import MAX_BYTES, detect_type
from wangjian.inspections.models import (
    AttachmentKind,
    FieldAttachment,
    FieldInspection,
    FieldState,
    Inspector,
    SignatureKind,
)

RECORD_FIELDS = (
    "started_at",
    "ended_at",
    "place",
    "place_source",
    "latitude",
    "longitude",
    "present_persons",
    "checked",
    "findings",
)
PLACE_SOURCES = ("geolocation", "register", "typed")


def _require(actor, capability: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_capability(capability):
        raise InspectionNotPermitted(
            "无此权限 / not permitted", code=InspectionErrorCode.NOT_PERMITTED
        )


def _in_jurisdiction(actor, division) -> None:
    jurisdiction = actor.jurisdiction
    if jurisdiction is None or not division.path.startswith(jurisdiction.path):
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )


def _label(inspection: FieldInspection) -> str:
    return f"行政检查 {inspection.pk}（{inspection.entity.name}）"


def _locked(actor, inspection: FieldInspection) -> FieldInspection:
    _require(actor, "inspections.field")
    locked = (
        FieldInspection.objects.visible_to(actor)
        .select_for_update()
        .select_related("entity")
        .filter(pk=inspection.pk)
        .first()
    )
    if locked is None:
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )
    return locked


def resolve_source(actor, source_type: str, source_id: str, entity):
    """The record an inspection starts from, read through its model's ``visible_to``: the
    officer must be able to see it. A profile or 身份码 source must be the inspected entity's."""
    source = field_sources().get(source_type)
    if source is None:
        raise InspectionRefused(
            f"行政检查：检查来源 {source_type!r} 未知（见 data/field.yaml）/ unknown inspection "
            f"source {source_type!r}"
        )
    model = apps.get_model(source["model"])
    row = model.objects.visible_to(actor).filter(pk=source_id).first()
    if row is None:
        raise InspectionRefused(
            f"行政检查：{source['label']} {source_id} 不存在或不在辖区内 / source {source_type} "
            f"{source_id} does not exist or is outside your jurisdiction",
            code=InspectionErrorCode.OUTSIDE_JURISDICTION,
        )
    owner = row if source_type == "profile" else getattr(row, "entity", None)
    if source_type in ("profile", "identity_code", "random_task") and owner != entity:
        raise InspectionRefused(
            f"行政检查：{source['label']} {source_id} 不属于被检查主体 {entity.name} / the source "
            "belongs to another entity"
        )
    return source, row


def check_officers(inspectors, on: dt.date, division) -> tuple[list[dict], dict]:
    """At least two different officers of the jurisdiction, each with a valid 执法证
    (rule ``field_inspection_officers``)."""
    rule = field_rule("field_inspection_officers", on)
    officers = list(dict.fromkeys(inspectors))
    problem = ""
    if len(officers) < rule.value:
        problem = f"须至少 {rule.value} 名不同的执法人员"
    for inspector in officers:
        if not inspector.active or inspector.certificate_valid_until < on:
            problem = f"执法人员 {inspector.name} 的执法证无效或已过期"
        elif not inspector.division.path.startswith(division.path):
            problem = f"执法人员 {inspector.name} 不属于本辖区"
    if problem:
        raise InspectionRefused(
            f"行政检查：{problem}（{rule.title}，依据 {rule.basis}）/ field inspection: at least "
            f"{rule.value} different officers of the jurisdiction with valid enforcement "
            f"certificates are required ({rule.basis})",
            code=InspectionErrorCode.REFUSED,
        )
    snapshot = [
        {
            "name": i.name,
            "certificate": i.certificate_number,
            "valid_until": i.certificate_valid_until.isoformat(),
        }
        for i in officers
    ]
    return snapshot, rule.as_dict()


def start_field_inspection(
    *, actor, entity, source_type: str, source_id, items, inspectors, on=None
) -> FieldInspection:
    """Start a 行政检查 of ``entity`` from a visible source record with the applicable items
    and at least two certified officers. Raise ``ValidationError`` naming the rule otherwise."""
    from wangjian.registry.models import MarketEntity

    _require(actor, "inspections.field")
    division = actor.jurisdiction
    if division is None:
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )
    if not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk).exists():
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )
    on = on or timezone.localdate()
    items = list(items)
    if not items:
        raise InspectionRefused(
            "行政检查：须选择至少一个检查事项（法律法规规章没有规定的，一律不得擅自开展检查）/ "
            "field inspection: choose at least one listed inspection item"
        )
    source, row = resolve_source(actor, source_type, str(source_id), entity)
    officers, officer_rule = check_officers(inspectors, on, division)
    with transaction.atomic():
        inspection = FieldInspection.objects.create(
            division=division,
            entity=entity,
            source_type=source_type,
            source_id=str(source_id),
            source_label=f"{source['label']}：{row}"[:300],
            officers=officers,
            officer_rule=officer_rule,
            created_by=actor,
        )
        inspection.items.set(items)
        inspection.inspectors.set(list(dict.fromkeys(inspectors)))
        record_event(
            actor=actor,
            event_type="inspections.field_started",
            target=inspection,
            division=division,
            after={
                "entity": entity.uscc,
                "source": f"{source_type}:{source_id}",
                "items": [item.code for item in items],
                "officers": [o["certificate"] for o in officers],
            },
        )
    return inspection


def _clean_record(inspection: FieldInspection, values: dict) -> dict:
    label = _label(inspection)
    cleaned = {}
    for name in RECORD_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name in ("latitude", "longitude"):
            if value in (None, ""):
                value = None
            else:
                try:
                    value = Decimal(str(value)).quantize(Decimal("0.000001"))
                except InvalidOperation as error:
                    raise InspectionRefused(
                        f"{label}：{name} 不是有效的坐标 / {name} is not a coordinate"
                    ) from error
                limit = 90 if name == "latitude" else 180
                if abs(value) > limit:
                    raise InspectionRefused(f"{label}：{name} 超出范围 / {name} out of range")
        elif name == "place_source" and value and value not in PLACE_SOURCES:
            raise InspectionRefused(f"{label}：地点来源 {value!r} 未知 / unknown place source")
        elif name == "findings":
            codes = set(inspection.items.values_list("code", flat=True))
            unknown = set(value) - codes
            if unknown:
                raise InspectionRefused(
                    f"{label}：检查结论中的事项 {'、'.join(sorted(unknown))} 不在本次检查事项内 / "
                    "findings name items outside this inspection"
                )
            value = {
                code: {
                    "conforming": bool(entry.get("conforming")),
                    "note": str(entry.get("note", ""))[:1000],
                }
                for code, entry in value.items()
            }
        elif name in ("started_at", "ended_at") and isinstance(value, str):
            parsed = dt.datetime.fromisoformat(value) if value else None
            if parsed is not None and timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            value = parsed
        cleaned[name] = value
    start, end = cleaned.get("started_at"), cleaned.get("ended_at")
    if start and end and end < start:
        raise InspectionRefused(
            f"{label}：检查结束时间早于开始时间 / the end time precedes the start time"
        )
    return cleaned


def save_field_record(*, actor, inspection: FieldInspection, version: int, values: dict):
    """Save the 现场检查笔录 (or a draft of it sent from the phone). ``version`` is the version
    the sender edited; a different current version means someone saved in between, and the
    draft is refused so nothing is overwritten unseen. Return the saved inspection."""
    with transaction.atomic():
        locked = _locked(actor, inspection)
        label = _label(locked)
        if locked.state != FieldState.DRAFT:
            raise InspectionRefused(
                f"{label}：已作出检查结论，笔录不能再修改 / the inspection is concluded; its "
                "record can no longer change"
            )
        if int(version) != locked.version:
            raise InspectionRefused(
                f"{label}：草稿基于第 {version} 版，而记录已被更新为第 {locked.version} 版，"
                "请刷新后核对再提交 / the draft was made on version "
                f"{version} but the record is now at version {locked.version}; reload and check "
                "before sending"
            )
        cleaned = _clean_record(locked, values)
        before = {name: getattr(locked, name) for name in cleaned}
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save(update_fields=[*cleaned, "version", "updated_at"])
        record_event(
            actor=actor,
            event_type="inspections.field_record_saved",
            target=locked,
            division=locked.division,
            before={k: str(v) for k, v in before.items()},
            after={**{k: str(v) for k, v in cleaned.items()}, "version": locked.version},
        )
    return locked


def add_field_attachment(
    *, actor, inspection: FieldInspection, upload, kind: str = AttachmentKind.PHOTO
) -> FieldAttachment:
    """Keep a photo or attachment: its type detected from its bytes (JPEG, PNG, WebP, PDF), its
    SHA-256 sealed into the evidence custody log in the same transaction."""
    content = upload.read()
    upload.seek(0)
    name = (getattr(upload, "name", "") or "file")[-255:]
    with transaction.atomic():
        locked = _locked(actor, inspection)
        label = _label(locked)
        if kind not in AttachmentKind.values:
            raise InspectionRefused(f"{label}：附件类别 {kind!r} 未知 / unknown attachment kind")
        if locked.state == FieldState.CLOSED:
            raise InspectionRefused(
                f"{label}：已办结 / the inspection is closed", code=InspectionErrorCode.WRONG_STATE
            )
        if len(content) > MAX_BYTES:
            raise InspectionRefused(
                f"{label}：文件 {name} 超过 {MAX_BYTES // (1024 * 1024)} MB / file {name} is over "
                f"{MAX_BYTES // (1024 * 1024)} MB",
                code=InspectionErrorCode.LIMIT_EXCEEDED,
            )
        detected = detect_type(content)
        if detected is None or (kind == AttachmentKind.PHOTO and detected == "application/pdf"):
            raise InspectionRefused(
                f"{label}：文件 {name} 不是可接受的类型（照片：JPEG、PNG、WebP；附件另可 PDF）/ "
                f"file {name} is not an accepted type (photos JPEG, PNG, WebP; attachments PDF)"
            )
        digest = hashlib.sha256(content).hexdigest()
        attachment = FieldAttachment.objects.create(
            inspection=locked,
            kind=kind,
            name=name,
            content_type=detected,
            size=len(content),
            sha256=digest,
            file=upload,
            uploaded_by=actor,
        )
        attachment.custody_index = seal_file(
            {
                "type": "seal",
                "bundle": f"FI-{locked.public_id.hex[:12]}-{attachment.pk}",
                "file_sha256": digest,
                "content_type": detected,
                "subject": f"inspections.field:{locked.pk}",
            },
            actor=actor,
        )
        attachment.save(update_fields=["custody_index"])
        record_event(
            actor=actor,
            event_type="inspections.field_attachment_added",
            target=locked,
            division=locked.division,
            after={
                "name": name,
                "kind": kind,
                "content_type": detected,
                "sha256": digest,
                "custody_index": attachment.custody_index,
            },
        )
    return attachment


def record_party_signature(
    *,
    actor,
    inspection: FieldInspection,
    signed: bool,
    signer_name: str = "",
    refusal_reason: str = "",
    witness_name: str = "",
) -> FieldInspection:
    """当事人签名 on the 现场检查笔录, or the refusal with what happened and a witness."""
    signer_name, refusal_reason, witness_name = (
        signer_name.strip(),
        refusal_reason.strip(),
        witness_name.strip(),
    )
    with transaction.atomic():
        locked = _locked(actor, inspection)
        label = _label(locked)
        if locked.state != FieldState.DRAFT:
            raise InspectionRefused(f"{label}：已作出检查结论 / the inspection is concluded")
        if signed and not signer_name:
            raise InspectionRefused(
                f"{label}：签名人：请填写签名人姓名 / signer: the signer's name is required",
                code=InspectionErrorCode.FIELD_REQUIRED,
            )
        if not signed and not (refusal_reason and witness_name):
            raise InspectionRefused(
                f"{label}：当事人拒绝签名的，须注明拒签情况并由见证人签名 / a refusal needs the "
                "circumstances and a witness"
            )
        locked.signature = SignatureKind.SIGNED if signed else SignatureKind.REFUSED
        locked.signer_name = signer_name if signed else ""
        locked.refusal_reason = "" if signed else refusal_reason
        locked.witness_name = witness_name
        locked.version += 1
        locked.save(
            update_fields=[
                "signature",
                "signer_name",
                "refusal_reason",
                "witness_name",
                "version",
                "updated_at",
            ]
        )
        record_event(
            actor=actor,
            event_type="inspections.field_signature_recorded",
            target=locked,
            division=locked.division,
            after={
                "signature": locked.signature,
                "signer": signer_name,
                "refusal": refusal_reason,
                "witness": witness_name,
            },
        )
    return locked


def _missing_record_parts(inspection: FieldInspection) -> list[str]:
    missing = []
    if inspection.started_at is None:
        missing.append("检查开始时间")
    # A position from the phone is a place even where the register has no address.
    if not inspection.place and inspection.latitude is None:
        missing.append("检查地点")
    if not inspection.checked.strip():
        missing.append("检查情况")
    codes = set(inspection.items.values_list("code", flat=True))
    unanswered = sorted(codes - set(inspection.findings))
    if unanswered:
        missing.append(f"逐项检查结论（{'、'.join(unanswered)}）")
    if not inspection.signature:
        missing.append("当事人签名或拒签记录")
    return missing


def _open_case(actor, inspection: FieldInspection, conduct: str, violated_articles) -> str:
    if not hooks.CASE_OPENING_HOOKS:
        raise InspectionRefused(f"{_label(inspection)}：立案功能不可用 / case opening unavailable")
    return hooks.CASE_OPENING_HOOKS[0](
        actor=actor,
        inspection=inspection,
        conduct=conduct,
        violated_articles=list(violated_articles),
    )


def _post_credit(actor, inspection: FieldInspection, outcome: dict, on: dt.date) -> None:
    from wangjian.credit.actions import record_credit_event

    items = list(inspection.items.all())
    record_credit_event(
        actor=actor,
        entity=inspection.entity,
        kind="spot_check",
        occurred_on=on,
        legal_basis=items[0].basis[0] if items and items[0].basis else "admin-penalty-law-2021:42",
        summary=f"行政检查（{inspection.source_label[:60]}）：{outcome['label']}",
        source_app="inspections",
        source_type="field_inspection",
        source_id=str(inspection.pk),
        severity=outcome["severity"],
        details={"items": [i.code for i in items], "outcome": outcome["key"]},
    )


def conclude_field_inspection(
    *,
    actor,
    inspection: FieldInspection,
    outcome: str,
    on: dt.date | None = None,
    conduct: str = "",
    violated_articles=(),
) -> FieldInspection:
    """Conclude with a standard outcome (data/field.yaml). 责令改正 sets the 改正期限 by the
    dated rule on the working-day calendar; 立案查处 opens a case in enforcement; every outcome
    posts a credit event. Raise ``ValidationError`` when the record is incomplete."""
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(actor, inspection)
        label = _label(locked)
        known = field_outcomes()
        if outcome not in known:
            raise InspectionRefused(
                f"{label}：检查结论 {outcome!r} 不是标准结论之一 / {outcome!r} is not a standard "
                "outcome"
            )
        if locked.state != FieldState.DRAFT:
            raise InspectionRefused(f"{label}：已作出检查结论 / already concluded")
        if on > timezone.localdate():
            raise InspectionRefused(
                f"{label}：结论日期 {on} 晚于今日 / date {on} is in the future",
                code=InspectionErrorCode.BAD_DATE,
            )
        missing = _missing_record_parts(locked)
        if missing:
            raise InspectionRefused(
                f"{label}：现场检查笔录不完整，缺少：{'、'.join(missing)} / the inspection record "
                f"is incomplete: {len(missing)} part(s) missing"
            )
        entry = known[outcome]
        locked.outcome, locked.outcome_label, locked.concluded_on = outcome, entry["label"], on
        locked.state = FieldState.CLOSED
        if entry["follow_up"] == "rectification":
            applied = field_rule("rectification_recheck", on)
            locked.rectify_due_on = period_end(on, applied)
            locked.rectify_rule = applied.as_dict()
            locked.state = FieldState.RECTIFYING
        elif entry["follow_up"] == "case":
            if not conduct.strip():
                raise InspectionRefused(
                    f"{label}：立案查处须写明涉嫌违法行为 / describe the suspected conduct"
                )
            locked.case_number = _open_case(actor, locked, conduct, violated_articles)
        locked.version += 1
        locked.save()
        record_event(
            actor=actor,
            event_type="inspections.field_concluded",
            target=locked,
            division=locked.division,
            after={
                "outcome": outcome,
                "on": on,
                "rectify_due_on": locked.rectify_due_on,
                "case": locked.case_number,
            },
        )
        _post_credit(actor, locked, entry, on)
    return locked


def close_rectification(
    *,
    actor,
    inspection: FieldInspection,
    rechecked_on: dt.date,
    corrected: bool,
    notes: str,
    conduct: str = "",
    violated_articles=(),
) -> FieldInspection:
    """复查 after 责令改正: corrected closes the inspection; not corrected opens a case."""
    with transaction.atomic():
        locked = _locked(actor, inspection)
        label = _label(locked)
        if locked.state != FieldState.RECTIFYING:
            raise InspectionRefused(f"{label}：不在责令改正期间 / not under an order to correct")
        if rechecked_on < locked.concluded_on or rechecked_on > timezone.localdate():
            raise InspectionRefused(
                f"{label}：复查日期 {rechecked_on} 须在责令改正之后且不晚于今日 / the re-check "
                "date must fall between the order and today",
                code=InspectionErrorCode.BAD_DATE,
            )
        if not notes.strip():
            raise InspectionRefused(
                f"{label}：请填写复查情况 / describe the re-check",
                code=InspectionErrorCode.FIELD_REQUIRED,
            )
        locked.rechecked_on, locked.recheck_corrected = rechecked_on, corrected
        locked.recheck_notes = notes.strip()
        if not corrected:
            locked.case_number = _open_case(
                actor, locked, conduct or f"逾期未改正：{notes.strip()}", violated_articles
            )
        locked.state = FieldState.CLOSED
        locked.version += 1
        locked.save()
        record_event(
            actor=actor,
            event_type="inspections.field_rechecked",
            target=locked,
            division=locked.division,
            after={
                "rechecked_on": rechecked_on,
                "corrected": corrected,
                "due": locked.rectify_due_on,
                "late": rechecked_on > locked.rectify_due_on,
                "case": locked.case_number,
            },
        )
    return locked


def officers_for(actor):
    """The officers an inspection may be assigned to: in the actor's jurisdiction, in the 名录库,
    certificate valid today."""
    if actor.jurisdiction is None:
        return Inspector.objects.none()
    return (
        Inspector.objects.inside(actor.jurisdiction)
        .filter(active=True, certificate_valid_until__gte=timezone.localdate())
        .order_by("name")
    )
