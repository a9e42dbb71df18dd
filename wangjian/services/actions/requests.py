"""IP and quality service requests: filed by an entity's account, accepted and assigned by the
bureau, answered by the assignee or bureau staff, then closed or rated by the owner. A
维权援助 request names the infringing shops; bureau staff may raise a platform take-down request
from a confirmed monitoring finding on one of them (through the platforms app's action)."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.services.actions.common import require, require_entity, today
from wangjian.services.choices import ServiceAuditType, ServiceRequestState
from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted, ServiceRefused
from wangjian.services.models import ServiceAttachment, ServiceMessage, ServiceRequest

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MIN_QUESTION_CHARS = 10


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _label(service_request) -> str:
    return f"服务请求（{service_request.kind_name}：{service_request.subject[:30]}）"


def _locked(service_request) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=service_request.pk)


def _require_visible(actor, service_request) -> None:
    if actor is not None and not ServiceRequest.objects.visible_to(actor).filter(
        pk=service_request.pk
    ):
        raise ServiceNotPermitted(
            "无权操作该服务请求 / not permitted for this service request",
        )


def _check_uploads(record: str, uploads) -> list[tuple[Upload, str]]:
    """Each file's size is checked against the import limits, and its type read from its bytes
    (never from its name): PDF, JPEG, PNG, WebP or MP4."""
    from wangjian.complaints.attachments import detect_type
    from wangjian.core.uploads import FileRefused, ImportLimits, check_file_size

    uploads = [upload for upload in uploads or () if upload.name or upload.content]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ServiceRefused(
            f"{record} 字段 attachments：附件最多 {MAX_ATTACHMENTS} 个 / at most "
            f"{MAX_ATTACHMENTS} attachments"
        )
    checked = []
    for upload in uploads:
        try:
            check_file_size(
                upload.name, upload.content, ImportLimits(max_file_bytes=MAX_ATTACHMENT_BYTES)
            )
        except FileRefused as error:
            raise ServiceRefused(f"{record} 字段 attachments：{error}") from error
        file_type = detect_type(upload.content)
        if not upload.content or file_type is None:
            raise ServiceRefused(
                f"{record} 字段 attachments：附件“{upload.name}”不是 PDF、JPEG、PNG、WebP 或 MP4 "
                f"文件 / attachment {upload.name!r} is not a PDF, JPEG, PNG, WebP or MP4 file"
            )
        checked.append((upload, file_type.content_type))
    return checked


def _store_message(service_request, actor, body: str, checked) -> ServiceMessage:
    message = ServiceMessage.objects.create(request=service_request, author=actor, body=body)
    for upload, content_type in checked:
        ServiceAttachment.objects.create(
            message=message,
            name=upload.name[:200],
            content=upload.content,
            content_type=content_type,
            sha256=hashlib.sha256(upload.content).hexdigest(),
            size=len(upload.content),
        )
    return message


def _match_shops(listings: str):
    """The registered shops a 维权援助 request names, by their address or exact name."""
    from django.db.models import Q

    from wangjian.registry.models import OnlineShop

    lines = [line.strip() for line in listings.splitlines() if line.strip()]
    if not lines:
        return OnlineShop.objects.none()
    return OnlineShop.objects.filter(Q(url__in=lines) | Q(name__in=lines))


def submit_service_request(
    *,
    actor,
    entity,
    kind: str,
    subject: str,
    question: str,
    infringed_right: str = "",
    infringing_listings: str = "",
    attachments=(),
) -> ServiceRequest:
    """An entity's account files a request. The deadline counts the type's period in force today
    on the working-day calendar. A 维权援助 request must name the mark or patent and at least
    one infringing shop or link; the registered shops it names are linked to it.

    Raise ``PermissionDenied`` for an actor not acting for ``entity``; ``ValidationError`` for an
    unknown type, a missing field, a bad attachment or a deadline in an uncovered calendar year.
    """
    from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
    from wangjian.services.catalogue import request_type

    require(actor, "services.request_service")
    require_entity(actor, entity)
    submitted_on = today()
    applied = request_type(kind, submitted_on)
    record = f"服务请求（{entity.name}，{applied.name}）"
    if not subject.strip():
        raise ServiceRefused(
            f"{record} 字段 subject：事项 必填 / subject is required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    if len(question.strip()) < MIN_QUESTION_CHARS:
        raise ServiceRefused(
            f"{record} 字段 question：请求内容至少 {MIN_QUESTION_CHARS} 字 / the request needs "
            f"at least {MIN_QUESTION_CHARS} characters"
        )
    if applied.needs_infringement and not (infringed_right.strip() and infringing_listings.strip()):
        raise ServiceRefused(
            f"{record} 字段 infringed_right/infringing_listings：维权援助须写明被侵权的商标或专利"
            "（注册号、专利号）及侵权店铺或链接 / an IP assistance request needs the mark or "
            "patent and the infringing shops or links"
        )
    checked = _check_uploads(record, attachments)
    try:
        due_on = add_working_days(submitted_on, applied.response_working_days)
    except CalendarYearNotCovered as error:
        raise ServiceRefused(
            f"{record} 字段 due_on：答复期限涉及尚未录入的工作日历年度（{error}）/ the deadline "
            "reaches a year the working-day calendar does not cover",
            code=ServiceErrorCode.BAD_DATE,
        ) from error
    with transaction.atomic():
        service_request = ServiceRequest.objects.create(
            entity=entity,
            kind=applied.key,
            kind_name=applied.name,
            rules_applied=applied.as_dict(),
            subject=subject.strip()[:200],
            question=question.strip(),
            infringed_right=infringed_right.strip()[:300],
            infringing_listings=infringing_listings.strip(),
            owner=actor,
            submitted_on=submitted_on,
            due_on=due_on,
        )
        if applied.needs_infringement:
            service_request.infringing_shops.set(_match_shops(infringing_listings))
        if checked:
            _store_message(service_request, actor, "（随请求提交的材料）", checked)
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_SUBMITTED.value,
            target=service_request,
            division=entity.division,
            after={
                "kind": applied.key,
                "due_on": due_on.isoformat(),
                "working_days": applied.response_working_days,
                "attachments": [upload.name for upload, _type in checked],
            },
        )
    return service_request


def accept_service_request(
    *, actor, service_request, assignee=None, service_body: str = ""
) -> ServiceRequest:
    """Bureau staff accept a submitted request and assign it: to a staff account of their
    jurisdiction or a partner body's account, and optionally to a body of the directory.

    Raise ``ValidationError`` when the request is not submitted, the assignee may not answer
    requests, or the body is not in the directory.
    """
    from wangjian.services.catalogue import service_body as directory_body

    require(actor, "services.accept_service_request")
    _require_visible(actor, service_request)
    record = _label(service_request)
    assignee = assignee or actor
    if not assignee.has_capability("services.answer_service_request"):
        raise ServiceRefused(
            f"{record} 字段 assignee：{assignee} 无答复服务请求的权限 / the assignee may not "
            "answer service requests"
        )
    if service_body and directory_body(service_body) is None:
        raise ServiceRefused(
            f"{record} 字段 service_body：{service_body!r} 不在服务机构名录中 / not in the "
            "directory of service bodies"
        )
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state != ServiceRequestState.SUBMITTED:
            raise ServiceRefused(
                f"{record} 字段 state：仅已提交的请求可受理（当前为{locked.get_state_display()}）"
                " / only a submitted request can be accepted",
                code=ServiceErrorCode.WRONG_STATE,
            )
        locked.state = ServiceRequestState.ACCEPTED
        locked.assignee = assignee
        locked.service_body = service_body
        locked.accepted_on = today()
        locked.save(update_fields=["state", "assignee", "service_body", "accepted_on"])
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_ACCEPTED.value,
            target=locked,
            division=locked.entity.division,
            before={"state": ServiceRequestState.SUBMITTED},
            after={"state": locked.state, "assignee": assignee.pk, "body": service_body},
        )
    return locked


def may_answer(actor, service_request) -> bool:
    """Whether ``actor`` may answer: a partner body only what it is assigned."""
    from wangjian.core.choices import Role

    if actor.role == Role.PARTNER_DEPARTMENT:
        return service_request.assignee_id == actor.pk
    return actor.has_capability("services.answer_service_request")


def post_service_message(*, actor, service_request, body: str, attachments=()) -> ServiceMessage:
    """The owner, the assignee or bureau staff add a message (with files) to the thread of an
    open request. Raise ``ValidationError`` for an empty message, a bad file or a finished
    request."""
    require(actor, "services.view_service_requests")
    _require_visible(actor, service_request)
    record = _label(service_request)
    if not body.strip():
        raise ServiceRefused(
            f"{record} 字段 body：留言内容 必填 / the message is required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    checked = _check_uploads(record, attachments)
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state in (ServiceRequestState.CLOSED, ServiceRequestState.RATED):
            raise ServiceRefused(
                f"{record} 字段 state：请求已办结，不能再留言 / the request is finished",
                code=ServiceErrorCode.WRONG_STATE,
            )
        message = _store_message(locked, actor, body.strip(), checked)
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_MESSAGE.value,
            target=locked,
            division=locked.entity.division,
            after={"message": message.pk, "attachments": [u.name for u, _t in checked]},
        )
    return message


def answer_service_request(*, actor, service_request, answer: str) -> ServiceRequest:
    """The assignee (or bureau staff) answers an accepted request; the answer date is kept and
    compared with the deadline. Raise ``ValidationError`` for an empty answer or a request that
    is not accepted."""
    require(actor, "services.answer_service_request")
    _require_visible(actor, service_request)
    if not may_answer(actor, service_request):
        raise ServiceNotPermitted(
            "该请求未指派给您 / the request is not assigned to you",
        )
    record = _label(service_request)
    if not answer.strip():
        raise ServiceRefused(
            f"{record} 字段 answer：答复内容 必填 / the answer is required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state != ServiceRequestState.ACCEPTED:
            raise ServiceRefused(
                f"{record} 字段 state：仅已受理的请求可答复（当前为{locked.get_state_display()}）"
                " / only an accepted request can be answered"
            )
        locked.state = ServiceRequestState.ANSWERED
        locked.answer = answer.strip()
        locked.answered_on = today()
        locked.answered_by = actor
        locked.save(update_fields=["state", "answer", "answered_on", "answered_by"])
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_ANSWERED.value,
            target=locked,
            division=locked.entity.division,
            before={"state": ServiceRequestState.ACCEPTED},
            after={
                "state": locked.state,
                "answered_on": locked.answered_on.isoformat(),
                "in_time": locked.answered_in_time,
            },
        )
    return locked


def rate_service_request(*, actor, service_request, rating: int, comment: str = ""):
    """The owner's account rates an answered request (1–5, with a comment); the request is then
    finished. Raise ``ValidationError`` for a rating outside 1–5 or a request not answered."""
    require(actor, "services.request_service")
    _require_visible(actor, service_request)
    record = _label(service_request)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceRefused(
            f"{record} 字段 rating：满意度须为 1 至 5 的整数 / the rating must be 1 to 5"
        )
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state != ServiceRequestState.ANSWERED:
            raise ServiceRefused(
                f"{record} 字段 state：答复后方可评价（当前为{locked.get_state_display()}）/ "
                "only an answered request can be rated"
            )
        locked.state = ServiceRequestState.RATED
        locked.rating = rating
        locked.rating_comment = comment.strip()
        locked.closed_on = today()
        locked.save(update_fields=["state", "rating", "rating_comment", "closed_on"])
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_RATED.value,
            target=locked,
            division=locked.entity.division,
            before={"state": ServiceRequestState.ANSWERED},
            after={"state": locked.state, "rating": rating},
        )
    return locked


def close_service_request(*, actor, service_request, note: str = "") -> ServiceRequest:
    """The owner or bureau staff close an answered request without a rating. Raise
    ``ValidationError`` for a request not answered."""
    require(actor, "services.view_service_requests")
    _require_visible(actor, service_request)
    from wangjian.core.choices import Role

    if actor is not None and actor.role == Role.PARTNER_DEPARTMENT:
        raise ServiceNotPermitted(
            "协作机构不能办结请求 / a partner body cannot close a request",
        )
    record = _label(service_request)
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state != ServiceRequestState.ANSWERED:
            raise ServiceRefused(
                f"{record} 字段 state：答复后方可办结（当前为{locked.get_state_display()}）/ "
                "only an answered request can be closed"
            )
        locked.state = ServiceRequestState.CLOSED
        locked.closed_on = today()
        locked.save(update_fields=["state", "closed_on"])
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_CLOSED.value,
            target=locked,
            division=locked.entity.division,
            before={"state": ServiceRequestState.ANSWERED},
            after={"state": locked.state},
            reason=note,
        )
    return locked


def counterfeit_findings(service_request, user):
    """Monitoring findings of the counterfeit rules (data) on the request's infringing shops,
    as ``user`` may see them (bureau staff of the findings' jurisdiction)."""
    from wangjian.monitoring.models import Finding
    from wangjian.services.catalogue import counterfeit_rules

    shops = list(service_request.infringing_shops.values_list("pk", flat=True))
    if not shops:
        return Finding.objects.none()
    return (
        Finding.objects.visible_to(user)
        .filter(shop_id__in=shops, rule__in=counterfeit_rules(today()))
        .select_related("shop__platform", "item")
        .order_by("-id")
    )


def raise_takedown_request(*, actor, service_request, finding, reason: str):
    """Bureau staff ask the platform to take the infringing listing down, from a confirmed
    counterfeit finding on one of the request's infringing shops. The platforms app's action
    (reached through ``monitoring.takedown``) records the platform request and its deadline in
    this transaction; a ``ServiceTakedown`` links it to the service request.

    Raise ``ValidationError`` when the finding is not one of the request's counterfeit findings
    (or the platforms action refuses it).
    """
    from wangjian.monitoring.takedown import request_takedown
    from wangjian.services.models import ServiceTakedown

    require(actor, "services.accept_service_request")
    _require_visible(actor, service_request)
    record = _label(service_request)
    if not counterfeit_findings(service_request, actor).filter(pk=finding.pk).exists():
        raise ServiceRefused(
            f"{record} 字段 finding：监测发现 #{finding.pk} 不是该请求所涉店铺的假冒类发现 / "
            "the finding is not a counterfeit finding on the request's shops"
        )
    with transaction.atomic():
        locked = _locked(service_request)
        if locked.state in (ServiceRequestState.CLOSED, ServiceRequestState.RATED):
            raise ServiceRefused(
                f"{record} 字段 state：请求已办结 / the request is finished",
                code=ServiceErrorCode.WRONG_STATE,
            )
        reference = request_takedown(actor=actor, finding=finding, reason=reason)
        takedown = ServiceTakedown.objects.create(
            request=locked,
            finding=finding,
            action_request_id=reference.request_id,
            platform_name=reference.platform_name,
            subject=reference.subject,
            due_on=reference.due_on,
            requested_by=actor,
        )
        record_event(
            actor=actor,
            event_type=ServiceAuditType.REQUEST_TAKEDOWN.value,
            target=locked,
            division=locked.entity.division,
            after={"finding": finding.pk, "action_request": reference.request_id},
        )
    return takedown
