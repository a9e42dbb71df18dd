"""Pages: the bureau's list, record, due list, hot spots and warnings; the public form, lookup,
warnings and de-identified data (no sign-in)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wangjian.complaints import actions, confirmation, forms
from wangjian.complaints.access import (
    get_attachment_for_download,
    get_complaint_for,
    get_duplicate_link_for,
    get_flag_for,
    get_handled_complaint_for,
    get_hotspot_for,
    get_warning_for,
)
from wangjian.complaints.choices import AttachmentSource, MediationMode, RecordKind, State
from wangjian.complaints.documents import (
    DOCUMENTS,
    check_document,
    document_available,
    render_document_pdf,
)
from wangjian.complaints.home import due_and_overdue
from wangjian.complaints.jurisdiction import match_method_label
from wangjian.complaints.models import (
    Complaint,
    ComplaintAttachment,
    ConsumerWarning,
    DuplicateLink,
    HotSpot,
)
from wangjian.complaints.personal import (
    attachment_content_for,
    contact_for,
    flag_evidence_for,
    respondent_view,
)
from wangjian.complaints.public import public_csv, public_rows
from wangjian.complaints.rules import citation_for, rule_version
from wangjian.core.access import not_found
from wangjian.core.documents import DocumentNotIssuable
from wangjian.core.listing import Column, apply_search, build_listing, export_response


def next_open_clock(clocks):
    pending = [c for c in clocks if c.completed_on is None and c.paused_on is None]
    return min(pending, key=lambda c: c.due_on or dt.date.max, default=None)


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied("无此权限 / not permitted")


def _date(value: str, default=None):
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


COMPLAINT_SEARCH_FIELDS = (
    "receipt_number",
    "external_id",
    "respondent_name",
    "respondent_uscc",
    "respondent_shop__name",
    "respondent_shop__shop_id",
)


def _complaint_columns():
    return (
        Column("number", _("登记编号"), ("receipt_number",)),
        Column("kind", _("类型"), ("kind",)),
        Column("received_on", _("收到日期"), ("received_on",)),
        Column("respondent", _("被投诉人"), ("respondent_name",)),
        Column("state", _("状态"), ("state",)),
        Column("next_clock", _("下一时限")),
    )


def _filtered_complaints(request):
    complaints = Complaint.objects.visible_to(request.user).select_related("division")
    state = request.GET.get("state", "")
    if state in State.values:
        complaints = complaints.filter(state=state)
    else:
        state = ""
    query = request.GET.get("q", "").strip()
    complaints = apply_search(complaints, query, COMPLAINT_SEARCH_FIELDS)
    return complaints, {"state": state, "q": query}


@login_required
def complaint_list(request):
    _require(request.user, "complaints.view_complaint")
    complaints, filters = _filtered_complaints(request)
    listing = build_listing(
        request,
        complaints.prefetch_related("clocks"),
        columns=_complaint_columns(),
        default_sort="-received_on",
    )
    for complaint in listing.page:
        complaint.next_clock = next_open_clock(complaint.clocks.all())
    return render(
        request,
        "complaints/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "states": State.choices,
            "state": filters["state"],
            "query": filters["q"],
            "today": timezone.localdate(),
        },
    )


@login_required
def complaint_export(request):
    """The filtered list as XLSX, without the complainants' contact details; audited."""
    _require(request.user, "complaints.view_complaint")
    complaints, filters = _filtered_complaints(request)
    rows = (
        (
            complaint.receipt_number,
            complaint.get_kind_display(),
            complaint.get_channel_display(),
            complaint.received_on,
            complaint.respondent_name,
            complaint.respondent_uscc,
            complaint.get_state_display(),
        )
        for complaint in complaints.order_by("-received_on", "-id").iterator()
    )
    headers = [
        _("登记编号"),
        _("类型"),
        _("渠道"),
        _("收到日期"),
        _("被投诉人"),
        _("统一社会信用代码"),
        _("状态"),
    ]
    return export_response(
        actor=request.user,
        list_name="complaints.complaints",
        title=_("投诉举报"),
        headers=headers,
        rows=rows,
        filters=filters,
        file_name="complaints.xlsx",
    )


def _is_handler(user) -> bool:
    return user.has_capability("complaints.handle") and user.jurisdiction is not None


@login_required
def complaint_detail(request, complaint_id: int, assign_form=None, delivery_form=None):
    complaint = get_complaint_for(request.user, complaint_id)
    if not _is_handler(request.user):
        # The respondent side: no contact details, no reporter, no flags (暂行办法 第三十三条).
        return render(
            request,
            "complaints/respondent_detail.html",
            {
                "complaint": complaint,
                "view": respondent_view(complaint),
                "may_answer": complaint.state == State.ODR
                and request.user.has_capability("complaints.answer_odr"),
                "clock": complaint.clocks.filter(step="odr_negotiation").first(),
                # Its own files only: the complainant's carry personal data.
                "attachments": ComplaintAttachment.objects.visible_to(request.user).filter(
                    complaint=complaint
                ),
                "may_upload": complaint.state == State.ODR
                and request.user.has_capability("complaints.answer_odr"),
            },
        )
    version = rule_version(complaint.rule_version)
    clocks = list(complaint.clocks.all())
    today = timezone.localdate()
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "match_method_label": match_method_label(complaint.match_method),
            "contact": contact_for(request.user, complaint),
            "clocks": clocks,
            "next_clock": next_open_clock(clocks),
            "today": today,
            "version": version,
            "grounds": version.non_acceptance_grounds,
            "termination_grounds": version.termination_grounds,
            "grounds_cited": [(g, citation_for(g.basis)) for g in version.non_acceptance_grounds],
            "transfers": complaint.transfers.select_related("from_division", "to_division"),
            "advertising_transfer_to": actions.advertising_transfer_target(complaint),
            # Only links whose both records the user sees (a link across bureaus is the
            # common superior's to decide).
            "duplicates": [
                (link, link.other if link.complaint_id == complaint.pk else link.complaint)
                for link in DuplicateLink.objects.visible_to(request.user)
                .filter(Q(complaint=complaint) | Q(other=complaint))
                .select_related("complaint", "other")
            ],
            # 2026 办法 (reported, 2°): repeated reports are not handled, related ones merged.
            "repeated_report_rule": complaint.kind == RecordKind.REPORT
            and not version.jurisdiction.get("repeated_reports_handled", True),
            "flags": [
                (flag, flag_evidence_for(request.user, flag)) for flag in complaint.flags.all()
            ],
            "sessions": complaint.sessions.all(),
            "modes": MediationMode.choices,
            **_sibling_for(request.user, complaint),
            "documents": [
                (key, label)
                for key, (label, _t) in DOCUMENTS.items()
                if document_available(complaint, key)
            ],
            "attachments": complaint.attachments.select_related("uploaded_by"),
            "attachment_sources": AttachmentSource.choices,
            **confirmation.handling_forms(complaint, assign_form, delivery_form),
        },
    )


def _sibling_for(user, complaint) -> dict:
    """The other half of a mixed filing (暂行办法 第七条): linked when the user sees it; when it
    went to another bureau, only a note that part was forwarded (its receipt number is that
    bureau's)."""
    visible = Complaint.objects.visible_to(user)
    if complaint.sibling_id is not None:
        sibling = visible.filter(pk=complaint.sibling_id).first()
    else:
        sibling = visible.filter(sibling=complaint).first()
    if sibling is not None:
        return {"sibling": sibling, "sibling_elsewhere": False}
    return {"sibling": None, "sibling_elsewhere": _has_half_elsewhere(complaint)}


def _has_half_elsewhere(complaint) -> bool:
    """Whether the other half of a mixed filing exists at all: only yes or no is read."""
    return complaint.sibling_id is not None or Complaint.objects.filter(sibling=complaint).exists()


@login_required
def attachment_download(request, complaint_id: int, attachment_id: int):
    """One evidence file, as an attachment with its detected type; the download is audited."""
    attachment = get_attachment_for_download(request.user, complaint_id, attachment_id)
    content = attachment_content_for(request.user, attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_add(request, complaint_id: int):
    complaint = get_complaint_for(request.user, complaint_id)
    user = request.user
    handler = _is_handler(user)
    if not handler and not user.has_capability("complaints.answer_odr"):
        raise not_found()
    source = request.POST.get("source", AttachmentSource.REGULATOR) if handler else "respondent"
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise actions.ComplaintError(
                f"{complaint.receipt_number} 字段 file：请选择文件 / field file: choose a file",
                field="file",
                rule="required",
            )
        [(name, content)] = forms.read_uploads([upload])
        actions.add_attachment(
            actor=user, complaint=complaint, name=name, content=content, source=source
        )
        messages.success(request, _("证据材料已添加。"))
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:detail", complaint_id=complaint.pk)


STEPS = {
    "assign",
    "delivery",
    "advertising_transfer",
    "accept",
    "reject",
    "escalate_odr",
    "session",
    "testing_start",
    "testing_end",
    "agree",
    "terminate",
    "notice",
    "case_filing",
}


@login_required
@require_POST
def complaint_step(request, complaint_id: int, step: str):
    if step == "odr_answer":
        complaint = get_complaint_for(request.user, complaint_id)
        try:
            actions.answer_odr(
                actor=request.user, complaint=complaint, answer=request.POST.get("answer", "")
            )
            messages.success(request, "答复已提交。")
        except actions.ComplaintError as error:
            messages.error(request, str(error))
        return redirect("complaints:detail", complaint_id=complaint.pk)
    complaint = get_handled_complaint_for(request.user, complaint_id)
    if step not in STEPS:
        raise not_found()
    user, post = request.user, request.POST
    on = _date(post.get("on", ""), timezone.localdate())
    if step in ("assign", "delivery"):
        return _record_step(request, complaint, step)
    if step in confirmation.IRREVERSIBLE and post.get("confirmed") != "yes":
        # Nothing is changed yet: the page says what the step will do and asks again.
        return render(
            request,
            "complaints/confirm.html",
            confirmation.confirmation_context(complaint, step, post, on),
        )
    try:
        if step == "advertising_transfer":
            moved = actions.transfer_advertising_report(
                actor=user, complaint=complaint, reason=post.get("reason", ""), on=on
            )
            # The record now belongs to another bureau: its page is no longer ours to show.
            messages.success(
                request,
                _("{number} 已移交{division}。").format(
                    number=moved.receipt_number, division=moved.division.name
                ),
            )
            return redirect("complaints:list")
        if step == "accept":
            actions.decide_acceptance(actor=user, complaint=complaint, accept=True, on=on)
            due = complaint.clocks.get(step="mediation_end").due_on
            done = _("已受理，调解期限至 {due}。").format(due=due.isoformat())
        elif step == "reject":
            actions.decide_acceptance(
                actor=user,
                complaint=complaint,
                accept=False,
                ground=post.get("ground", ""),
                reason=post.get("reason", ""),
                on=on,
            )
        elif step == "escalate_odr":
            actions.escalate_overdue_odr(actor=user, complaint=complaint, on=on)
        elif step == "session":
            form = forms.SessionForm(post)
            if not form.is_valid():
                raise actions.ComplaintError(f"表单有误 / invalid form: {form.errors.as_text()}")
            actions.record_session(actor=user, complaint=complaint, **form.cleaned_data)
        elif step == "testing_start":
            actions.start_testing(actor=user, complaint=complaint, on=on)
        elif step == "testing_end":
            actions.end_testing(actor=user, complaint=complaint, on=on)
        elif step == "agree":
            actions.record_agreement(
                actor=user, complaint=complaint, result=post.get("result", ""), on=on
            )
        elif step == "terminate":
            actions.terminate_mediation(
                actor=user,
                complaint=complaint,
                ground=post.get("ground", ""),
                reason=post.get("reason", ""),
                on=on,
            )
        elif step == "notice":
            actions.record_notice_sent(
                actor=user, complaint=complaint, step=post.get("notice", ""), on=on
            )
        elif step == "case_filing":
            actions.decide_case_filing(
                actor=user,
                complaint=complaint,
                file_case=post.get("file_case") == "yes",
                reason=post.get("reason", ""),
                on=on,
            )
        messages.success(request, done if step == "accept" else confirmation.done(complaint, step))
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:detail", complaint_id=complaint.pk)


def _record_step(request, complaint, step: str):
    """承办人 and 送达记录: forms with their errors shown next to the field."""
    user = request.user
    if step == "assign":
        form = forms.AssignHandlerForm(
            request.POST, candidates=actions.handler_candidates(complaint)
        )
    else:
        form = forms.NoticeDeliveryForm(request.POST)
    if form.is_valid():
        try:
            if step == "assign":
                actions.assign_handler(actor=user, complaint=complaint, **form.cleaned_data)
                messages.success(
                    request,
                    _("承办人已指定为{name}。").format(name=form.cleaned_data["handler"]),
                )
            else:
                delivery = actions.record_notice_delivery(
                    actor=user, complaint=complaint, **form.cleaned_data
                )
                messages.success(
                    request,
                    _("已记录：{document}于 {on} 以{method}送达{recipient}。").format(
                        document=delivery.get_document_display(),
                        on=delivery.sent_on.isoformat(),
                        method=delivery.get_method_display(),
                        recipient=delivery.get_recipient_display(),
                    ),
                )
            return redirect("complaints:detail", complaint_id=complaint.pk)
        except actions.ComplaintError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
    return complaint_detail(request, complaint.pk, **{f"{step}_form": form})


@login_required
@require_POST
def duplicate_decide(request, link_id: int):
    link = get_duplicate_link_for(request.user, link_id)
    try:
        actions.decide_duplicate(
            actor=request.user, link=link, decision=request.POST.get("decision", "")
        )
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:detail", complaint_id=link.complaint_id)


@login_required
@require_POST
def flag_review(request, flag_id: int):
    flag = get_flag_for(request.user, flag_id)
    try:
        actions.review_flag(
            actor=request.user,
            flag=flag,
            uphold=request.POST.get("uphold") == "yes",
            note=request.POST.get("note", ""),
        )
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:detail", complaint_id=flag.complaint_id)


@login_required
def complaint_document(request, complaint_id: int, kind: str):
    complaint = get_handled_complaint_for(request.user, complaint_id)
    if not document_available(complaint, kind):
        raise not_found()
    try:
        check_document(complaint, kind)
    except DocumentNotIssuable as error:
        messages.error(request, str(error))
        return redirect("complaints:detail", complaint_id=complaint.pk)
    # The notice carries the complainant's name: a personal-data view.
    contact_for(request.user, complaint, purpose=f"生成{DOCUMENTS[kind][0]}")
    response = HttpResponse(render_document_pdf(complaint, kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{complaint.receipt_number}-{kind}.pdf"'
    return response


@login_required
def due_list(request):
    _require(request.user, "complaints.handle")
    overdue, soon = due_and_overdue(request.user)
    return render(
        request,
        "complaints/due.html",
        {"overdue": overdue.order_by("due_on"), "soon": soon.order_by("due_on")},
    )


@login_required
def hotspot_list(request):
    _require(request.user, "complaints.handle")
    return render(
        request,
        "complaints/hotspots.html",
        {
            "hotspots": HotSpot.objects.visible_to(request.user)[:100],
            "warnings": ConsumerWarning.objects.visible_to(request.user)[:100],
            "form": forms.WarningForm(),
            "may_approve": request.user.has_capability("complaints.approve_warning"),
        },
    )


@login_required
@require_POST
def hotspot_detect(request):
    _require(request.user, "complaints.handle")
    found = actions.detect_hotspots(actor=request.user, division=request.user.jurisdiction)
    messages.success(request, f"发现热点 {len(found)} 个。")
    return redirect("complaints:hotspots")


@login_required
@require_POST
def warning_draft(request, hotspot_id: int):
    hotspot = get_hotspot_for(request.user, hotspot_id)
    form = forms.WarningForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.ComplaintError(f"表单有误 / invalid form: {form.errors.as_text()}")
        actions.draft_warning(
            actor=request.user, division=hotspot.division, hotspot=hotspot, **form.cleaned_data
        )
        messages.success(request, "消费警示草稿已保存，待科室负责人审批。")
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:hotspots")


@login_required
@require_POST
def warning_approve(request, warning_id: int):
    warning = get_warning_for(request.user, warning_id)
    try:
        actions.approve_warning(
            actor=request.user, warning=warning, approve=request.POST.get("approve") == "yes"
        )
    except actions.ComplaintError as error:
        messages.error(request, str(error))
    return redirect("complaints:hotspots")


# ---------------------------------------------------------------------------------------------
# Public pages (no sign-in)


def _receiving_division(code: str):
    from wangjian.core.divisions import DivisionCodeError, get_division
    from wangjian.core.models import Division

    try:
        return get_division(code)
    except (DivisionCodeError, Division.DoesNotExist) as error:
        raise not_found() from error


def public_form(request, division_code: str):
    division = _receiving_division(division_code)
    form = forms.PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kinds = ("complaint", "report") if data["kind"] == "both" else (data["kind"],)
        try:
            filed = actions.file_submission(
                # A signed-in consumer's record is listed on their home; anyone else files
                # as the public does.
                actor=request.user if request.user.is_authenticated else None,
                data=actions.IntakeData(
                    kinds=kinds,
                    respondent_name=data["respondent_name"],
                    facts=data["facts"],
                    purchase_channel=data["purchase_channel"],
                    complainant_name=data["complainant_name"],
                    complainant_phone=data["complainant_phone"],
                    complainant_address=data["complainant_address"],
                    real_name=data["real_name"],
                    respondent_uscc=data["respondent_uscc"],
                    address_shown=data["address_shown"],
                    advertisement=data["advertisement"],
                    ad_publisher=data["ad_publisher"],
                    ad_publisher_name=data["ad_publisher_name"],
                    ad_publisher_uscc=data["ad_publisher_uscc"],
                    shop_url=data["shop_url"],
                    platform_name=data["platform_name"],
                    request=data["request"],
                    category=data["category"],
                    amount=data["amount"],
                    known_on=data["known_on"],
                    evidence_note=data["evidence_note"],
                    attachments=forms.read_uploads(data["attachments"]),
                ),
                channel="web_form",
                received_by=division,
            )
        except actions.ComplaintError as error:
            form.add_error(getattr(error, "field", None) or None, str(error))
        else:
            return render(
                request,
                "complaints/public/receipt.html",
                {"records": filed.records, "lookup_code": filed.lookup_code},
            )
    return render(request, "complaints/public/form.html", {"form": form, "division": division})


@never_cache
def public_lookup(request):
    """Status by receipt number and lookup code; shows no personal data the holder did not type."""
    form = forms.LookupForm(request.POST or request.GET or None)
    complaint = None
    if form.is_bound and form.is_valid():
        try:
            complaint = actions.find_by_lookup(
                form.cleaned_data["receipt_number"], form.cleaned_data["lookup_code"]
            )
        except actions.ComplaintError as error:
            form.add_error(None, str(error))
    if complaint is not None and request.method == "POST" and "decision" in request.POST:
        code = form.cleaned_data["lookup_code"]
        try:
            if request.POST["decision"] == "appeal":
                actions.appeal_flag(
                    complaint=complaint, lookup_code=code, text=request.POST.get("appeal", "")
                )
                messages.success(request, "申诉已提交。")
            else:
                actions.consumer_odr_decision(
                    complaint=complaint,
                    lookup_code=code,
                    accept=request.POST["decision"] == "accept",
                )
                messages.success(request, "已提交。")
        except actions.ComplaintError as error:
            messages.error(request, str(error))
        complaint.refresh_from_db()
    return render(
        request,
        "complaints/public/lookup.html",
        {
            "form": form,
            "complaint": complaint,
            "clocks": complaint.clocks.all() if complaint else [],
            "has_open_flags": complaint is not None
            and complaint.flags.filter(state="open").exists(),
            "is_complaint": complaint is not None and complaint.kind == RecordKind.COMPLAINT,
        },
    )


def public_warnings(request):
    warnings = ConsumerWarning.objects.published().select_related("division")
    return render(request, "complaints/public/warnings.html", {"warnings": warnings})


def public_warning(request, warning_id: int):
    warning = get_object_or_404(ConsumerWarning.objects.published(), pk=warning_id)
    return render(request, "complaints/public/warning.html", {"warning": warning})


def public_data(request):
    rows = public_rows(Complaint.objects.published())[:200]
    return render(request, "complaints/public/data.html", {"rows": rows})


def public_data_csv(request):
    response = HttpResponse(
        "\ufeff" + public_csv(Complaint.objects.published()), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="complaints-public.csv"'
    return response


@login_required
def my_complaints(request):
    """A signed-in consumer's own records, newest first, with where each stands."""
    if not request.user.has_capability("complaints.view_own"):
        raise PermissionDenied
    records = (
        Complaint.objects.filed_by(request.user)
        .select_related("division")
        .prefetch_related("clocks")
        .order_by("-received_on", "-id")
    )
    return render(request, "complaints/mine.html", {"records": records})
