"""Every change to 协查 requests: send, accept, ask for more, supplement, answer, decline, post
to the thread, and turn a registry referral into a 移送 request.

Each action checks the actor's capability and side, locks the request row, checks its state,
writes the change and its audit event in one transaction. Refusals are ``CollaborationError``
(Chinese first, then English, naming the record, field and rule).
"""

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wangjian.collaboration import clocks
from wangjian.collaboration.access import side_of
from wangjian.collaboration.choices import (
    OPEN_STATES,
    AuditEventType,
    MessageKind,
    RequestKind,
    RequestState,
    Side,
)
from wangjian.collaboration.error_codes import CollaborationErrorCode, CollaborationNotPermitted
from wangjian.collaboration.models import (
    AssistanceRequest,
    RequestAttachment,
    RequestEvidence,
    RequestMessage,
)
from wangjian.core.audit import record_event
from wangjian.core.choices import OrgUnitKind
from wangjian.core.errors import ActionRefused, Bilingual

# House limits, not statutory: a 协查函 and a few scanned pages fit easily.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 9
RECEIVING_KINDS = (OrgUnitKind.BUREAU, OrgUnitKind.STATION)


class CollaborationError(ActionRefused, ValidationError):
    """A refused change, naming the record, the field and the rule. The message is written
    "中文 / English" and shown in one language; it stays a ``ValidationError`` for the forms and
    API views that catch those."""

    def __init__(self, message: str, *, field: str = "", code=CollaborationErrorCode.REFUSED):
        halves = Bilingual.split(message)
        super().__init__(code, halves.zh, halves.en, field)


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is None or not actor.has_capability(capability) or actor.org_unit_id is None:
        raise CollaborationNotPermitted("无此权限 / not permitted")


def _require_side(actor, request: AssistanceRequest, side: str) -> None:
    if side_of(actor, request) != side:
        raise CollaborationNotPermitted(
            f"协查请求 {request.number}：只有{Side(side).label}可以办理此步骤 / only the "
            f"{side} bureau may take this step"
        )


def _lock(request: AssistanceRequest) -> AssistanceRequest:
    return AssistanceRequest.objects.select_for_update().get(pk=request.pk)


def _require_state(request: AssistanceRequest, allowed, step: str) -> None:
    if request.state not in allowed:
        raise CollaborationError(
            f"协查请求 {request.number}：当前状态为“{request.get_state_display()}”，不能{step} / "
            f"request {request.number} is {request.state}: cannot {step}",
            field="state",
        )


def _message(request, actor, kind: str, body: str) -> RequestMessage:
    return RequestMessage.objects.create(
        request=request, kind=kind, author=actor, author_unit=actor.org_unit, body=body
    )


def _check_uploads(record: str, uploads) -> list[tuple[Upload, str]]:
    from wangjian.complaints.attachments import detect_type

    uploads = list(uploads or ())
    if len(uploads) > MAX_ATTACHMENTS:
        raise CollaborationError(
            f"{record}：附件最多 {MAX_ATTACHMENTS} 个 / at most {MAX_ATTACHMENTS} attachments",
            field="attachments",
        )
    checked = []
    for upload in uploads:
        if not upload.content or len(upload.content) > MAX_ATTACHMENT_BYTES:
            raise CollaborationError(
                f"{record}：附件“{upload.name}”为空或超过 10 MB / attachment {upload.name!r} "
                "is empty or larger than 10 MB",
                field="attachments",
            )
        file_type = detect_type(upload.content)
        if file_type is None:
            raise CollaborationError(
                f"{record}：附件“{upload.name}”不是 PDF、JPEG、PNG、WebP 或 MP4 文件 / "
                f"attachment {upload.name!r} is not a PDF, JPEG, PNG, WebP or MP4 file",
                field="attachments",
            )
        checked.append((upload, file_type.content_type))
    return checked


def _store_uploads(request, message, actor, checked) -> None:
    for upload, content_type in checked:
        RequestAttachment.objects.create(
            request=request,
            message=message,
            name=upload.name[:200],
            content=upload.content,
            content_type=content_type,
            sha256=hashlib.sha256(upload.content).hexdigest(),
            size=len(upload.content),
            uploaded_by=actor,
        )


def _due(name: str, start: dt.date) -> tuple[dt.date, dict]:
    """A clock's due date; a year without a working-day table is refused, not guessed."""
    from wangjian.core.working_days import CalendarYearNotCovered

    try:
        return clocks.due_on(name, start)
    except CalendarYearNotCovered as error:
        raise CollaborationError(str(error), field="calendar") from error


def _text(record: str, value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CollaborationError(f"{record}：{label}不能为空 / {field} is required", field=field)
    return value


# --------------------------------------------------------------------------------------------
# Sending


def subject_scope(model, actor, receiving_unit):
    """Registry rows a request may name: the actor's own, or the receiving bureau's area."""
    return model.objects.visible_to(actor) | model.objects.inside(receiving_unit.division)


def _check_subject(record, actor, receiving_unit, *, entity, shop, platform) -> None:
    from wangjian.registry.models import MarketEntity, OnlineShop, Platform

    for field, model, row in (
        ("entity", MarketEntity, entity),
        ("shop", OnlineShop, shop),
        ("platform", Platform, platform),
    ):
        if row is not None and not subject_scope(model, actor, receiving_unit).filter(pk=row.pk):
            raise CollaborationError(
                f"{record}：{model._meta.verbose_name}“{row}”不在本辖区或协查单位辖区内 / the "
                f"{field} is neither in your jurisdiction nor in the receiving bureau's",
                field=field,
            )


def send_request(
    *,
    actor,
    receiving_unit,
    subject_text: str,
    questions: str,
    requested_by: dt.date,
    entity=None,
    shop=None,
    platform=None,
    kind: str = RequestKind.ASSISTANCE,
    attachments=(),
    referral=None,
) -> AssistanceRequest:
    """Send a 协查 request (or 移送) from the actor's bureau to ``receiving_unit``.

    The receiving unit may be anywhere in the division tree, in another province too. The clocks
    start on the day it is sent. Raise ``PermissionDenied`` without the capability and
    ``CollaborationError`` for a request to one's own division, an inactive unit, a past
    requested-by date, or a bad attachment.
    """
    _require(actor, "collaboration.send_request")
    record = "协查请求"
    if kind not in RequestKind.values:
        raise CollaborationError(f"{record}：类型 {kind!r} 未知 / unknown kind", field="kind")
    if receiving_unit is None or not receiving_unit.is_active:
        raise CollaborationError(
            f"{record}：协查单位不存在或已停用 / the receiving unit is unknown or inactive",
            field="receiving_unit",
        )
    if receiving_unit.kind not in RECEIVING_KINDS:
        raise CollaborationError(
            f"{record}：协查单位须为市场监督管理局或市场监督管理所 / the receiving unit must be a "
            "market regulation bureau or station",
            field="receiving_unit",
        )
    if receiving_unit.division_id == actor.org_unit.division_id:
        raise CollaborationError(
            f"{record}：不能向本辖区发出协查请求 / a request cannot go to one's own jurisdiction",
            field="receiving_unit",
        )
    subject_text = _text(record, subject_text, "subject_text", "协查对象")[:300]
    questions = _text(record, questions, "questions", "协查事项")
    today = _today()
    if not isinstance(requested_by, dt.date) or requested_by <= today:
        raise CollaborationError(
            f"{record}：请求答复日期须晚于今日（{today}）/ requested_by must be after today",
            field="requested_by",
        )
    _check_subject(record, actor, receiving_unit, entity=entity, shop=shop, platform=platform)
    checked = _check_uploads(record, attachments)
    accept_due, accept_basis = _due("accept", today)
    answer_due, answer_basis = _due("answer", today)
    with transaction.atomic():
        request = AssistanceRequest.objects.create(
            number=f"tmp-{uuid.uuid4().hex[:16]}",
            kind=kind,
            requesting_unit=actor.org_unit,
            receiving_unit=receiving_unit,
            entity=entity,
            shop=shop,
            platform=platform,
            subject_text=subject_text,
            questions=questions,
            requested_by=requested_by,
            sent_on=today,
            accept_due_on=accept_due,
            answer_due_on=answer_due,
            clock_basis={"accept": accept_basis, "answer": answer_basis},
            referral=referral,
            created_by=actor,
        )
        prefix = "YS" if kind == RequestKind.TRANSFER else "XC"
        request.number = f"{prefix}{today.year}-{request.pk:06d}"
        request.save(update_fields=["number"])
        message = _message(request, actor, MessageKind.SENT, questions)
        _store_uploads(request, message, actor, checked)
        record_event(
            actor=actor,
            event_type=AuditEventType.REQUEST_SENT.value,
            target=request,
            division=actor.org_unit.division,
            after={
                "number": request.number,
                "kind": kind,
                "to": receiving_unit.name,
                "requested_by": requested_by,
                "accept_due_on": accept_due,
                "answer_due_on": answer_due,
                "attachments": [upload.name for upload, _type in checked],
            },
        )
    return request


def bureau_for(division):
    """The bureau nearest above (or at) ``division``: a 镇 is served by its district's bureau."""
    from django.db.models.functions import Length

    from wangjian.core.models import OrgUnit

    ancestors = [code for code in division.path.strip("/").split("/") if code]
    return (
        OrgUnit.objects.filter(
            division__code__in=ancestors, kind=OrgUnitKind.BUREAU, is_active=True
        )
        .annotate(depth=Length("division__path"))
        .order_by("-depth", "pk")
        .first()
    )


def convert_referral(*, actor, referral, questions: str = "") -> AssistanceRequest:
    """Turn a registry 移送清单 row into a 移送 request to the bureau of its target division.

    Only the sending bureau (the referral's division) converts; a referral converted before
    returns its request. Raise ``CollaborationError`` when the target has no active bureau.
    """
    from wangjian.registry.models import Referral

    _require(actor, "collaboration.convert_referral")
    if not Referral.objects.visible_to(actor).filter(pk=referral.pk).exists():
        raise CollaborationNotPermitted("未找到 / Not found.")
    record = f"移送清单 {referral.pk}（{referral.shop.name}）"
    if actor.org_unit.division_id != referral.division_id:
        raise CollaborationNotPermitted(
            f"{record}：只有移送方市场监管部门可以发出移送 / only the referring bureau may send it"
        )
    existing = AssistanceRequest.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    if referral.target_division_id is None:
        raise CollaborationError(
            f"{record}：未确定移送至的辖区，请先在主体库中核实经营地址 / the target division is "
            "unknown: check the business address in the registry first",
            field="target_division",
        )
    receiving = bureau_for(referral.target_division)
    if receiving is None:
        raise CollaborationError(
            f"{record}：{referral.target_division.name}尚无在册的市场监督管理局账号，"
            "无法在线移送 / "
            f"no active bureau is registered for {referral.target_division.name}",
            field="target_division",
        )
    from wangjian.registry.models import MarketEntity

    shop = referral.shop
    entity = shop.entity
    if entity is not None and not subject_scope(MarketEntity, actor, receiving).filter(
        pk=entity.pk
    ):
        entity = None
    text = questions.strip() or (
        f"网店“{shop.name}”（{shop.platform.name}，店铺编号 {shop.shop_id}）报送的实际经营地址"
        f"“{referral.address}”位于贵局辖区，按属地管辖移送，请核查处理并反馈。"
    )
    with transaction.atomic():
        request = send_request(
            actor=actor,
            receiving_unit=receiving,
            subject_text=f"{shop.name}（{shop.operator_name}）",
            questions=text,
            requested_by=_due("answer", _today())[0],
            entity=entity,
            shop=shop,
            platform=shop.platform,
            kind=RequestKind.TRANSFER,
            referral=referral,
        )
        record_event(
            actor=actor,
            event_type=AuditEventType.REFERRAL_CONVERTED.value,
            target=referral,
            division=referral.division,
            after={"request": request.number, "to": receiving.name},
        )
    return request


# --------------------------------------------------------------------------------------------
# The receiving bureau


def accept_request(*, actor, request: AssistanceRequest, note: str = "") -> AssistanceRequest:
    """受理: the receiving bureau takes the request on. Only from 待受理."""
    _require(actor, "collaboration.answer_request")
    _require_side(actor, request, Side.RECEIVING)
    with transaction.atomic():
        request = _lock(request)
        _require_state(request, (RequestState.SENT,), "受理 / accept")
        request.state = RequestState.ACCEPTED
        request.accepted_on = _today()
        request.save(update_fields=["state", "accepted_on"])
        _message(request, actor, MessageKind.ACCEPTED, note.strip() or "已受理。")
        record_event(
            actor=actor,
            event_type=AuditEventType.REQUEST_ACCEPTED.value,
            target=request,
            division=actor.org_unit.division,
            after={"accepted_on": request.accepted_on},
        )
    return request


def ask_for_more(*, actor, request: AssistanceRequest, body: str) -> AssistanceRequest:
    """要求补充材料: the request waits for the requesting bureau (local-practice clock)."""
    _require(actor, "collaboration.answer_request")
    _require_side(actor, request, Side.RECEIVING)
    body = _text(f"协查请求 {request.number}", body, "body", "需补充的内容")
    with transaction.atomic():
        request = _lock(request)
        _require_state(
            request, (RequestState.SENT, RequestState.ACCEPTED), "要求补充材料 / ask for more"
        )
        due, basis = _due("supplement", _today())
        request.state = RequestState.MORE_INFO
        request.supplement_due_on = due
        request.clock_basis = {**request.clock_basis, "supplement": basis}
        request.save(update_fields=["state", "supplement_due_on", "clock_basis"])
        _message(request, actor, MessageKind.MORE_INFO, body)
        record_event(
            actor=actor,
            event_type=AuditEventType.MORE_INFO_ASKED.value,
            target=request,
            division=actor.org_unit.division,
            after={"supplement_due_on": due},
            reason=body,
        )
    return request


def answer_request(
    *, actor, request: AssistanceRequest, findings: str, evidence_bundle_ids=()
) -> AssistanceRequest:
    """答复: findings and the evidence items (存证编号) they rest on; closes the request.

    Each evidence item must be one the answering officer may see in the evidence store; its
    digest is copied so the requesting bureau can verify the package it receives.
    """
    from wangjian.evidence.models import EvidenceItem

    _require(actor, "collaboration.answer_request")
    _require_side(actor, request, Side.RECEIVING)
    record = f"协查请求 {request.number}"
    findings = _text(record, findings, "findings", "协查结果")
    wanted = list(dict.fromkeys(b.strip() for b in evidence_bundle_ids if b and b.strip()))
    items = list(EvidenceItem.objects.visible_to(actor).filter(bundle_id__in=wanted))
    missing = sorted(set(wanted) - {item.bundle_id for item in items})
    if missing:
        raise CollaborationError(
            f"{record}：存证编号 {'、'.join(missing)} 不存在或不在本局证据库中 / evidence "
            f"{', '.join(missing)} not found in your bureau's evidence store",
            field="evidence",
        )
    with transaction.atomic():
        request = _lock(request)
        _require_state(request, (RequestState.ACCEPTED,), "答复（须先受理）/ answer")
        request.state = RequestState.ANSWERED
        request.answered_on = _today()
        request.findings = findings
        request.save(update_fields=["state", "answered_on", "findings"])
        for item in items:
            RequestEvidence.objects.create(
                request=request,
                bundle_id=item.bundle_id,
                manifest_sha256=item.manifest_sha256,
                title=item.title,
                url=item.url,
                sealed_at=item.sealed_at,
            )
        _message(request, actor, MessageKind.ANSWER, findings)
        record_event(
            actor=actor,
            event_type=AuditEventType.REQUEST_ANSWERED.value,
            target=request,
            division=actor.org_unit.division,
            after={
                "answered_on": request.answered_on,
                "evidence": [item.bundle_id for item in items],
                "on_time": request.answered_on <= request.answer_due_on,
            },
        )
    return request


def decline_request(*, actor, request: AssistanceRequest, reason: str) -> AssistanceRequest:
    """退回 with a reason (e.g. 不属于本部门职权范围); closes the request."""
    _require(actor, "collaboration.answer_request")
    _require_side(actor, request, Side.RECEIVING)
    reason = _text(f"协查请求 {request.number}", reason, "reason", "退回理由")
    with transaction.atomic():
        request = _lock(request)
        _require_state(request, OPEN_STATES, "退回 / decline")
        request.state = RequestState.DECLINED
        request.decline_reason = reason
        request.save(update_fields=["state", "decline_reason"])
        _message(request, actor, MessageKind.DECLINE, reason)
        record_event(
            actor=actor,
            event_type=AuditEventType.REQUEST_DECLINED.value,
            target=request,
            division=actor.org_unit.division,
            reason=reason,
        )
    return request


# --------------------------------------------------------------------------------------------
# Either side


def send_supplement(
    *, actor, request: AssistanceRequest, body: str, attachments=()
) -> AssistanceRequest:
    """补充材料: the requesting bureau answers a request for more; the request resumes."""
    _require(actor, "collaboration.send_request")
    _require_side(actor, request, Side.REQUESTING)
    record = f"协查请求 {request.number}"
    body = _text(record, body, "body", "补充内容")
    checked = _check_uploads(record, attachments)
    with transaction.atomic():
        request = _lock(request)
        _require_state(request, (RequestState.MORE_INFO,), "补充材料 / supplement")
        request.state = RequestState.ACCEPTED if request.accepted_on else RequestState.SENT
        request.supplement_due_on = None
        request.save(update_fields=["state", "supplement_due_on"])
        message = _message(request, actor, MessageKind.SUPPLEMENT, body)
        _store_uploads(request, message, actor, checked)
        record_event(
            actor=actor,
            event_type=AuditEventType.SUPPLEMENT_SENT.value,
            target=request,
            division=actor.org_unit.division,
            after={"attachments": [upload.name for upload, _type in checked]},
        )
    return request


def post_message(*, actor, request: AssistanceRequest, body: str, attachments=()) -> RequestMessage:
    """A note on the thread from either side; the province reads but does not post."""
    _require(actor, "collaboration.view_request")
    if side_of(actor, request) == Side.OBSERVER:
        raise CollaborationNotPermitted(
            "只有请求方和协查方可以留言 / only the two bureaus may post"
        )
    record = f"协查请求 {request.number}"
    body = _text(record, body, "body", "留言")
    checked = _check_uploads(record, attachments)
    with transaction.atomic():
        request = _lock(request)
        message = _message(request, actor, MessageKind.NOTE, body)
        _store_uploads(request, message, actor, checked)
        record_event(
            actor=actor,
            event_type=AuditEventType.MESSAGE_POSTED.value,
            target=request,
            division=actor.org_unit.division,
            after={"message": message.pk},
        )
    return message
