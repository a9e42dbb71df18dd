"""IP and quality service pages: the public directory of 知识产权工作站 and service bodies, an
entity's requests (filing, thread, rating), and the bureau's and partner bodies' queue. Views
parse input, read through ``access``/``visible_to`` and call the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.messages import show_error
from wangjian.services import access, catalogue
from wangjian.services.actions import requests as actions
from wangjian.services.models import ServiceAttachment, ServiceRequest


def _uploads(request) -> list:
    return [
        actions.Upload(name=upload.name, content=upload.read())
        for upload in request.FILES.getlist("files")
    ]


def service_directory(request):
    """Public: the 知识产权工作站 and service bodies with their 服务清单, and the request types
    with their response periods (local practice, marked as such)."""
    today = timezone.localdate()
    names = {item.key: item.name for item in catalogue.request_types(today)}
    bodies = []
    for body in catalogue.service_bodies():
        services = [
            {"name": item["name"], "type": names.get(item.get("request_type") or "", "")}
            for item in body["services"]
        ]
        bodies.append(body | {"service_list": services})
    return render(
        request,
        "services/service_directory.html",
        {
            "bodies": bodies,
            "types": catalogue.request_types(today),
            "directory": catalogue.service_directory(),
        },
    )


@login_required
def entity_service_requests(request, entity_id: int):
    """An entity's account: its requests, and the form to file a new one."""
    entity = access.get_entity_for(request.user, entity_id, "services.request_service")
    today = timezone.localdate()
    if request.method == "POST":
        try:
            service_request = actions.submit_service_request(
                actor=request.user,
                entity=entity,
                kind=request.POST.get("kind", ""),
                subject=request.POST.get("subject", ""),
                question=request.POST.get("question", ""),
                infringed_right=request.POST.get("infringed_right", ""),
                infringing_listings=request.POST.get("infringing_listings", ""),
                attachments=_uploads(request),
            )
        except PermissionDenied as error:
            raise not_found() from error
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(
                request, f"服务请求已提交，答复期限为 {service_request.due_on}（工作日计算）。"
            )
            return redirect("services:service-request", service_request.public_id)
    return render(
        request,
        "services/service_requests.html",
        {
            "entity": entity,
            "requests": ServiceRequest.objects.visible_to(request.user).filter(entity=entity),
            "types": catalogue.request_types(today),
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def service_request_queue(request):
    """Bureau staff: requests of their jurisdiction, earliest deadline first. A partner body:
    the requests assigned to it."""
    require_capability(request.user, "services.answer_service_request")
    requests = ServiceRequest.objects.visible_to(request.user).select_related("entity", "assignee")
    return render(
        request,
        "services/service_request_queue.html",
        {
            "requests": requests.order_by("state", "due_on", "id"),
            "today": timezone.localdate(),
        },
    )


def _assignees(user):
    """Accounts a request may be assigned to: staff of the user's bureau, partner bodies of
    its division."""
    from wangjian.core.choices import Role
    from wangjian.core.models import User
    from wangjian.core.querysets import jurisdiction_path

    path = jurisdiction_path(user)
    if path is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        role__in=[Role.REGULATOR, Role.SECTION_CHIEF, Role.PARTNER_DEPARTMENT],
        org_unit__division__path__startswith=path,
    ).order_by("role", "username")


@login_required
def service_request_detail(request, public_id):
    service_request = access.get_service_request_for(request.user, public_id)
    user = request.user
    staff = user.has_capability("services.accept_service_request")
    findings = actions.counterfeit_findings(service_request, user) if staff else []
    return render(
        request,
        "services/service_request.html",
        {
            "sr": service_request,
            "thread": service_request.messages.select_related("author").prefetch_related(
                "attachments"
            ),
            "shops": service_request.infringing_shops.select_related("platform"),
            "findings": findings,
            "takedowns": service_request.takedowns.all() if staff else [],
            "can_accept": staff and service_request.state == "submitted",
            "can_answer": service_request.state == "accepted"
            and actions.may_answer(user, service_request),
            "can_rate": user.has_capability("services.request_service")
            and service_request.state == "answered",
            "can_close": service_request.state == "answered" and user.role != "partner_department",
            "can_post": service_request.state not in ("closed", "rated"),
            "staff": staff,
            "assignees": _assignees(user) if staff else [],
            "bodies": catalogue.service_bodies(),
            "body": catalogue.service_body(service_request.service_body),
        },
    )


def _back(service_request):
    return redirect("services:service-request", service_request.public_id)


def _run(request, service_request, operation):
    try:
        operation()
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return _back(service_request)


@login_required
@require_POST
def service_request_message(request, public_id):
    service_request = access.get_service_request_for(request.user, public_id)
    return _run(
        request,
        service_request,
        lambda: actions.post_service_message(
            actor=request.user,
            service_request=service_request,
            body=request.POST.get("body", ""),
            attachments=_uploads(request),
        ),
    )


@login_required
@require_POST
def service_request_accept(request, public_id):
    require_capability(request.user, "services.accept_service_request")
    service_request = access.get_service_request_for(request.user, public_id)
    assignee = _assignees(request.user).filter(pk=request.POST.get("assignee") or 0).first()
    return _run(
        request,
        service_request,
        lambda: actions.accept_service_request(
            actor=request.user,
            service_request=service_request,
            assignee=assignee,
            service_body=request.POST.get("service_body", ""),
        ),
    )


@login_required
@require_POST
def service_request_answer(request, public_id):
    require_capability(request.user, "services.answer_service_request")
    service_request = access.get_service_request_for(request.user, public_id)
    return _run(
        request,
        service_request,
        lambda: actions.answer_service_request(
            actor=request.user,
            service_request=service_request,
            answer=request.POST.get("answer", ""),
        ),
    )


@login_required
@require_POST
def service_request_rate(request, public_id):
    require_capability(request.user, "services.request_service")
    service_request = access.get_service_request_for(request.user, public_id)
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    return _run(
        request,
        service_request,
        lambda: actions.rate_service_request(
            actor=request.user,
            service_request=service_request,
            rating=rating,
            comment=request.POST.get("comment", ""),
        ),
    )


@login_required
@require_POST
def service_request_close(request, public_id):
    service_request = access.get_service_request_for(request.user, public_id)
    return _run(
        request,
        service_request,
        lambda: actions.close_service_request(
            actor=request.user, service_request=service_request, note=request.POST.get("note", "")
        ),
    )


@login_required
@require_POST
def service_request_takedown(request, public_id):
    """Staff: ask the platform to take down the listing of a confirmed counterfeit finding."""
    require_capability(request.user, "services.accept_service_request")
    service_request = access.get_service_request_for(request.user, public_id)
    finding = (
        actions.counterfeit_findings(service_request, request.user)
        .filter(pk=request.POST.get("finding") or 0)
        .first()
    )
    if finding is None:
        raise not_found()
    return _run(
        request,
        service_request,
        lambda: actions.raise_takedown_request(
            actor=request.user,
            service_request=service_request,
            finding=finding,
            reason=request.POST.get("reason", ""),
        ),
    )


@login_required
def service_attachment(request, public_id, attachment_id: int):
    """A thread's file, served with the type detected when it was received; each view is
    audited (files may carry personal data)."""
    from wangjian.core.audit import record_event
    from wangjian.services.choices import ServiceAuditType

    service_request = access.get_service_request_for(request.user, public_id)
    attachment = ServiceAttachment.objects.filter(
        message__request=service_request, pk=attachment_id
    ).first()
    if attachment is None:
        raise not_found()
    record_event(
        actor=request.user,
        event_type=ServiceAuditType.ATTACHMENT_VIEWED.value,
        target=service_request,
        division=service_request.entity.division,
        after={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.sha256[:16]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
