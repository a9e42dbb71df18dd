"""Services pages: issuing and verifying 专用信用报告, the 身份码 pages, merchant self-service
and gig-worker batches. Views parse input, read through ``visible_to``/``access`` and call
actions; public pages show only public information."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found
from wangjian.core.messages import show_error
from wangjian.services import access, idcode, report
from wangjian.services.models import IdCodeIssue, ReportIssue
from wangjian.services.signing import PayloadError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _date(value: str):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def issue_report(request, entity_id: int):
    from wangjian.services.actions.report import issue_credit_report

    entity = access.get_entity_for(request.user, entity_id, "services.issue_report")
    try:
        issue, pdf = issue_credit_report(
            actor=request.user,
            entity=entity,
            period_from=_date(request.POST.get("period_from", "")),
            period_to=_date(request.POST.get("period_to", "")),
        )
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
        return render(request, "services/report_failed.html", {"entity": entity}, status=400)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{issue.number}.pdf"'
    return response


@login_required
def reports(request, entity_id: int):
    entity = access.get_entity_for(request.user, entity_id, "services.view_reports")
    issues = ReportIssue.objects.visible_to(request.user).filter(entity=entity)
    start, end = report.default_period(timezone.localdate())
    return render(
        request,
        "services/reports.html",
        {
            "entity": entity,
            "issues": issues.select_related("issued_by"),
            "default_from": start,
            "default_to": end,
            "can_issue": request.user.has_capability("services.issue_report"),
            "can_link": request.user.has_capability("services.issue_link_code"),
        },
    )


def verify_report(request):
    """Public: upload a report PDF or paste the payload of its QR code."""
    context: dict = {}
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        payload = request.POST.get("payload", "").strip()
        if upload is not None and upload.size <= MAX_UPLOAD_BYTES:
            from wangjian.services.trust import verify_report_file

            result = verify_report_file(upload.read())
        elif payload:
            from wangjian.services.trust import report_public_keys

            result = report.verify_report_payload(payload, report_public_keys())
        else:
            result = None
            context["error"] = (
                "请上传报告 PDF（不超过 20MB）或粘贴二维码内容 / upload the report PDF "
                "(up to 20 MB) or paste the QR code's content"
            )
        if result is not None:
            context["result"] = result
            context["issue"] = _issued(result)
            if result.valid and context["issue"] is not None:
                context["changes"] = report.changes_since(
                    context["issue"].entity, context["issue"].as_of
                )
            elif result.valid:
                context["unregistered"] = True
    return render(request, "services/verify_report.html", context)


def _issued(result):
    claims = result.claims
    if not claims:
        return None
    issue = (
        ReportIssue.objects.select_related("entity")
        .filter(number=claims.get("r", ""), entity__uscc=claims.get("u", ""))
        .first()
    )
    if issue is None or issue.content_sha256 != claims.get("h"):
        return None
    return issue


def id_code_page(request):
    """Public page a 身份码 scan opens; signed-in merchants and staff see more."""
    from wangjian.services.profile import compliance_items, public_profile, staff_view

    token = request.GET.get("t", "").strip()
    context: dict = {"token": token}
    if not token:
        return render(request, "services/id_code.html", context)
    try:
        claims = idcode.verify_token(token)
    except PayloadError as error:
        context["error"] = str(error)
        return render(request, "services/id_code.html", context, status=400)
    from wangjian.registry.models import MarketEntity

    entity = MarketEntity.objects.filter(uscc=claims["u"]).select_related("division").first()
    if entity is None:
        context["error"] = "该身份码对应的主体不在登记库中 / the entity is not in the register"
        return render(request, "services/id_code.html", context, status=404)
    context.update({"claims": claims, "entity": entity, **public_profile(entity)})
    user = request.user
    if user.is_authenticated:
        visible = MarketEntity.objects.visible_to(user).filter(pk=entity.pk).exists()
        if visible and user.has_capability("services.merchant_self_service"):
            context["compliance"] = compliance_items(entity)
        elif visible and user.has_capability("credit.view_record"):
            context["staff"] = staff_view(entity, user)
    return render(request, "services/id_code.html", context)


@login_required
def id_code(request, entity_id: int):
    """The entity's current code for printing or sharing; POST issues a new one."""
    from wangjian.services.actions.idcode import issue_id_code

    entity = access.get_entity_for(request.user, entity_id, "services.issue_idcode")
    if request.method == "POST":
        try:
            issue_id_code(actor=request.user, entity=entity)
        except PermissionDenied as error:
            raise not_found() from error
    issued = (
        IdCodeIssue.objects.visible_to(request.user)
        .filter(entity=entity)
        .select_related("key")
        .first()
    )
    if issued is not None:
        try:
            idcode.verify_token(issued.token)
        except PayloadError:
            issued = None  # signed by a revoked key: a new code is needed
    return render(
        request,
        "services/id_code_card.html",
        {
            "entity": entity,
            "issued": issued,
            "qr": idcode.qr_svg_data_uri(issued.token) if issued else "",
        },
    )


@login_required
def id_code_png(request, entity_id: int):
    entity = access.get_entity_for(request.user, entity_id, "services.issue_idcode")
    issued = IdCodeIssue.objects.visible_to(request.user).filter(entity=entity).first()
    if issued is None:
        raise not_found()
    return HttpResponse(idcode.qr_png(issued.token), content_type="image/png")


@login_required
def merchant_home(request):
    """经营者服务: the merchant's own entities and what it can do for each."""
    from wangjian.core.access import require_capability
    from wangjian.registry.models import MarketEntity

    require_capability(request.user, "services.merchant_self_service")
    entities = MarketEntity.objects.visible_to(request.user).order_by("name")
    return render(request, "services/merchant_home.html", {"entities": entities})


@login_required
def merchant_record(request, entity_id: int):
    """The merchant's own record: credit events, lists, repairs, checks, complaints (without
    the complainant), objections."""
    from wangjian.services.merchant import record_context

    entity = access.get_entity_for(request.user, entity_id, "services.merchant_self_service")
    return render(request, "services/merchant_record.html", record_context(entity))


def _repair_target(entity, kind: str, target_id: str):
    """The record a repair of ``kind`` concerns, among the entity's own; 404 otherwise."""
    from wangjian.credit.choices import CreditEventKind, RepairKind
    from wangjian.credit.models import CreditEvent, CreditListEntry

    try:
        pk = int(target_id)
    except (TypeError, ValueError) as error:
        raise not_found() from error
    if kind == RepairKind.PENALTY_PUBLICITY_STOP:
        event = CreditEvent.objects.filter(
            entity=entity, pk=pk, kind=CreditEventKind.PENALTY
        ).first()
        if event is None:
            raise not_found()
        return None, event
    if kind in (RepairKind.ABNORMAL_REMOVAL, RepairKind.SERIOUS_EARLY_REMOVAL):
        entry = CreditListEntry.objects.filter(entity=entity, pk=pk).first()
        if entry is None:
            raise not_found()
        return entry, None
    raise not_found()


@login_required
def repair_apply(request, entity_id: int):
    """信用修复: the conditions checked on today's date are shown before submission."""
    from django.shortcuts import redirect

    from wangjian.credit.actions import repair_conditions
    from wangjian.credit.choices import RepairKind
    from wangjian.services.actions.merchant import apply_for_repair_as_merchant, record_label

    entity = access.get_entity_for(request.user, entity_id, "services.merchant_self_service")
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    list_entry, penalty_event = _repair_target(entity, kind, source.get("target", ""))
    statement = request.POST.get("statement", "")
    if request.method == "POST":
        try:
            application = apply_for_repair_as_merchant(
                actor=request.user,
                entity=entity,
                kind=kind,
                list_entry=list_entry,
                penalty_event=penalty_event,
                statement=statement,
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            from django.contrib import messages

            messages.success(
                request,
                f"信用修复申请已提交，监管部门应于 {application.due_on} 前作出决定。",
            )
            return redirect("services:merchant-record", entity.pk)
    conditions = repair_conditions(
        kind,
        timezone.localdate(),
        entity=entity,
        list_entry=list_entry,
        penalty_event=penalty_event,
        statement=statement or "（待填写）",
    )
    return render(
        request,
        "services/repair_apply.html",
        {
            "entity": entity,
            "kind": kind,
            "kind_label": RepairKind(kind).label,
            "target": list_entry or penalty_event,
            "target_label": record_label(list_entry or penalty_event),
            "conditions": conditions,
            "all_met": all(condition["met"] for condition in conditions),
            "statement": statement,
        },
    )


@login_required
def objection_new(request, entity_id: int):
    from django.shortcuts import redirect

    from wangjian.services.actions.merchant import file_objection, objection_rule, record_label

    entity = access.get_entity_for(request.user, entity_id, "services.merchant_self_service")
    source = request.POST if request.method == "POST" else request.GET
    target_kind, target_id = source.get("kind", ""), source.get("target", "")
    from wangjian.services.actions.merchant import _target

    try:
        target = _target(entity, target_kind, int(target_id))
    except (PermissionDenied, ValueError) as error:
        raise not_found() from error
    if request.method == "POST":
        files = [(upload.name, upload.read()) for upload in request.FILES.getlist("files")]
        try:
            objection = file_objection(
                actor=request.user,
                entity=entity,
                target_kind=target_kind,
                target_id=target.pk,
                reason=request.POST.get("reason", ""),
                files=files,
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            from django.contrib import messages

            messages.success(request, f"异议已提交，监管部门应于 {objection.due_on} 前答复。")
            return redirect("services:merchant-record", entity.pk)
    return render(
        request,
        "services/objection_new.html",
        {
            "entity": entity,
            "target": target,
            "target_label": record_label(target),
            "kind": target_kind,
            "rule": objection_rule(timezone.localdate()),
        },
    )


@login_required
def objection_queue(request):
    """Staff: objections in the jurisdiction, oldest due first."""
    from wangjian.core.access import require_capability
    from wangjian.services.models import Objection

    require_capability(request.user, "services.answer_objection")
    objections = Objection.objects.visible_to(request.user).select_related("entity")
    return render(
        request,
        "services/objection_queue.html",
        {"objections": objections.order_by("state", "due_on"), "today": timezone.localdate()},
    )


@login_required
def objection_detail(request, public_id):
    from django.shortcuts import redirect

    from wangjian.services.actions.merchant import answer_objection

    objection = access.get_objection_for(request.user, public_id)
    can_answer = request.user.has_capability("services.answer_objection")
    if request.method == "POST":
        if not can_answer:
            raise not_found()
        try:
            answer_objection(
                actor=request.user,
                objection=objection,
                upheld=request.POST.get("upheld") == "1",
                answer=request.POST.get("answer", ""),
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            return redirect("services:objection", objection.public_id)
    return render(
        request,
        "services/objection_detail.html",
        {"objection": objection, "can_answer": can_answer},
    )


@login_required
def gig_batches(request):
    """Platforms: their batches and an upload form. Staff: batches of platforms in their
    jurisdiction, with the pending applications to decide."""
    from django.shortcuts import redirect

    from wangjian.core.access import require_capability
    from wangjian.registry.models import Platform
    from wangjian.services import gig
    from wangjian.services.actions.gig import file_gig_batch
    from wangjian.services.models import GigApplication, GigBatch

    require_capability(request.user, "services.view_gig_batches")
    user = request.user
    platforms = (
        Platform.objects.visible_to(user)
        if user.has_capability("services.file_gig_batch")
        else Platform.objects.none()
    )
    if request.method == "POST":
        if not user.has_capability("services.file_gig_batch"):
            raise not_found()
        platform = platforms.filter(pk=request.POST.get("platform") or 0).first()
        upload = request.FILES.get("file")
        if platform is None or upload is None:
            raise not_found()
        try:
            rows = gig.parse_csv(upload.read(), upload.name)
            batch, created = file_gig_batch(
                actor=user, platform=platform, rows=rows, file_name=upload.name
            )
        except ValueError as error:
            show_error(request, ValidationError(str(error)))
        except ValidationError as error:
            show_error(request, error)
        else:
            from django.contrib import messages

            if created:
                messages.success(
                    request,
                    f"已接收 {batch.row_count} 份申请，其中 {batch.error_count} 份有误，"
                    "请修改后重新报送。",
                )
            else:
                messages.info(request, "该批次此前已报送，未重复创建申请。")
            return redirect("services:gig-batch", batch.pk)
    pending = GigApplication.objects.none()
    if user.has_capability("services.decide_gig_application"):
        pending = (
            GigApplication.objects.visible_to(user)
            .filter(state="pending")
            .select_related("batch__platform")
        )
    return render(
        request,
        "services/gig_batches.html",
        {
            "batches": GigBatch.objects.visible_to(user).select_related("platform"),
            "platforms": platforms,
            "pending": pending,
            "columns": gig.COLUMNS,
            "rules": gig.gig_rules(),
        },
    )


@login_required
def gig_batch(request, batch_id: int):
    from wangjian.services import gig

    batch = access.get_gig_batch_for(request.user, batch_id)
    applications = list(batch.applications.select_related("entity"))
    codes = {
        issue.entity_id: issue
        for issue in IdCodeIssue.objects.filter(
            entity_id__in=[a.entity_id for a in applications if a.entity_id]
        ).order_by("issued_at")
    }
    from wangjian.services.models import GigDeregistration

    deregistrations = {
        d.application_id: d
        for d in GigDeregistration.objects.visible_to(request.user).filter(
            application__in=applications
        )
    }
    from wangjian.services.models import GigNotice

    notices: dict[int, list] = {}
    for notice in GigNotice.objects.visible_to(request.user).filter(application__in=applications):
        notices.setdefault(notice.application_id, []).append(notice)
    for application in applications:
        application.code = codes.get(application.entity_id)
        application.dereg = deregistrations.get(application.pk)
        application.notice_list = notices.get(application.pk, [])
    return render(
        request,
        "services/gig_batch.html",
        {
            "batch": batch,
            "applications": applications,
            "can_decide": request.user.has_capability("services.decide_gig_application"),
            "can_file": request.user.has_capability("services.file_gig_batch"),
            "notice_url": request.build_absolute_uri(reverse("services:gig-notice")),
            "rules": gig.gig_rules(),
        },
    )


@login_required
@require_POST
def gig_decide(request, application_id: int):
    from django.shortcuts import redirect

    from wangjian.services.actions.gig import decide_gig_application

    application = access.get_gig_application_for(request.user, application_id)
    try:
        decide_gig_application(
            actor=request.user,
            application=application,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return redirect("services:gig-batch", application.batch_id)


@login_required
def report_lookup(request):
    """Find the entity to report on by its USCC (staff: in their jurisdiction; a merchant: its
    own), and list the reports issued recently."""
    from django.shortcuts import redirect

    from wangjian.core.access import require_capability
    from wangjian.core.identifiers import normalise_identifier
    from wangjian.registry.models import MarketEntity

    require_capability(request.user, "services.issue_report")
    uscc = normalise_identifier(request.GET.get("uscc", ""))
    context = {"uscc": uscc}
    if uscc:
        entity = MarketEntity.objects.visible_to(request.user).filter(uscc=uscc).first()
        if entity is not None:
            return redirect("services:reports", entity.pk)
        context["not_found"] = True
    context["issues"] = ReportIssue.objects.visible_to(request.user).select_related(
        "entity", "issued_by"
    )[:20]
    return render(request, "services/report_lookup.html", context)


@login_required
@require_POST
def issue_link_code(request, entity_id: int):
    from wangjian.services.actions.link import LINK_CODE_VALID_DAYS
    from wangjian.services.actions.link import issue_link_code as issue

    entity = access.get_entity_for(request.user, entity_id, "services.issue_link_code")
    row, code = issue(actor=request.user, entity=entity)
    return render(
        request,
        "services/link_code.html",
        {"entity": entity, "row": row, "code": code, "days": LINK_CODE_VALID_DAYS},
    )


@login_required
def redeem_link_code(request):
    from django.shortcuts import redirect

    from wangjian.core.access import require_capability
    from wangjian.services.actions.link import redeem_link_code as redeem

    require_capability(request.user, "services.merchant_self_service")
    if request.method == "POST":
        try:
            account = redeem(
                actor=request.user,
                uscc=request.POST.get("uscc", ""),
                code=request.POST.get("code", ""),
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            from django.contrib import messages

            messages.success(request, f"已关联 {account.entity.name}。")
            return redirect("services:merchant-home")
    return redirect("services:merchant-home")


@login_required
@require_POST
def gig_deregister(request, application_id: int):
    """Platform or staff: request 简易注销 of a registered worker's 个体工商户."""
    from django.shortcuts import redirect

    from wangjian.services.actions.gig import request_simple_deregistration
    from wangjian.services.models import GigApplication

    application = get_object_visible(
        GigApplication.objects, request.user, "services.view_gig_batches", application_id
    )
    try:
        request_simple_deregistration(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return redirect("services:gig-batch", application.batch_id)


@login_required
@require_POST
def gig_deregistration_decide(request, application_id: int):
    """Staff: record a department's objection, or complete 简易注销 after the period."""
    from django.shortcuts import redirect

    from wangjian.services.actions.gig import decide_simple_deregistration

    application = access.get_gig_application_for(request.user, application_id)
    deregistration = getattr(application, "deregistration", None)
    if deregistration is None:
        raise not_found()
    try:
        decide_simple_deregistration(
            actor=request.user,
            deregistration=deregistration,
            objection=request.POST.get("objection", ""),
        )
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return redirect("services:gig-batch", application.batch_id)


def get_object_visible(queryset, user, capability: str, pk):
    from wangjian.core.access import get_visible_or_404

    return get_visible_or_404(queryset, user, capability, pk=pk)


def gig_notice(request):
    """Public: a notice to a gig worker, opened with the receipt code printed on it. An unknown
    code gets the same 404 whether it never existed or was mistyped."""
    from wangjian.services.actions.gig_notices import normalise_receipt_code
    from wangjian.services.models import GigNotice

    entered = request.GET.get("c", "").strip()
    context: dict = {"entered": entered}
    if not entered:
        return render(request, "services/gig_notice.html", context)
    notice = (
        GigNotice.objects.filter(receipt_code=normalise_receipt_code(entered)[:12])
        .select_related("application__entity", "application__batch__platform")
        .first()
    )
    if notice is None:
        context["not_found"] = True
        return render(request, "services/gig_notice.html", context, status=404)
    entity = notice.application.entity
    issued = IdCodeIssue.objects.filter(entity=entity).first() if entity else None
    context.update(
        {
            "notice": notice,
            "entity": entity,
            "issued": issued,
            "qr": idcode.qr_svg_data_uri(issued.token) if issued else "",
        }
    )
    return render(request, "services/gig_notice.html", context)


@login_required
@require_POST
def gig_departure(request, application_id: int):
    """Platform: report that a registered worker left the platform (opens 简易注销)."""
    from django.shortcuts import redirect

    from wangjian.services.actions.gig import report_worker_departure
    from wangjian.services.models import GigApplication

    application = get_object_visible(
        GigApplication.objects, request.user, "services.file_gig_batch", application_id
    )
    left_on = _date(request.POST.get("left_on", ""))
    if left_on is None:
        show_error(
            request,
            ValidationError("退出平台日期：请填写日期（年-月-日）/ departure date: enter a date"),
        )
        return redirect("services:gig-batch", application.batch_id)
    try:
        report_worker_departure(actor=request.user, application=application, left_on=left_on)
    except PermissionDenied as error:
        raise not_found() from error
    except ValidationError as error:
        show_error(request, error)
    return redirect("services:gig-batch", application.batch_id)
