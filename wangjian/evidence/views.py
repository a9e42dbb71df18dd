from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found
from wangjian.core.actions.jobs import start_job
from wangjian.evidence import actions
from wangjian.evidence.access import get_evidence_item_for
from wangjian.evidence.models import CustodyLogEntry, EvidenceItem


@login_required
def evidence_list(request):
    """Evidence per case, finding, shop or entity: ?case_reference=…, ?subject_type=&subject_id=."""
    if not request.user.has_capability("evidence.view_evidence"):
        raise not_found()
    items = EvidenceItem.objects.visible_to(request.user).select_related("collected_by")
    filters = {}
    for field in ("case_reference", "subject_type", "subject_id"):
        value = request.GET.get(field, "").strip()
        if value:
            filters[field] = value
    items = items.filter(**filters)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/list.html",
        {
            "page": page,
            "filters": filters,
            "can_capture": request.user.has_capability("evidence.capture_evidence"),
        },
    )


@login_required
def evidence_detail(request, evidence_id: int):
    item = get_evidence_item_for(request.user, evidence_id)
    actions.record_access(actor=request.user, evidence=item, what="detail")
    entries = CustodyLogEntry.objects.filter(bundle_id=item.bundle_id).order_by("index")
    return render(request, "evidence/detail.html", {"item": item, "entries": entries})


def _download(request, evidence_id: int, what: str):
    item = get_evidence_item_for(request.user, evidence_id)
    try:
        data = (
            actions.read_certificate(item) if what == "certificate" else actions.read_bundle(item)
        )
    except FileNotFoundError as error:
        raise Http404(str(error)) from error
    actions.record_access(actor=request.user, evidence=item, what=what)
    if what == "certificate":
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{item.bundle_id}-certificate.pdf"'
        return response
    response = HttpResponse(data, content_type="application/wacz")
    response["Content-Disposition"] = f'attachment; filename="{item.bundle_id}.wacz"'
    return response


@login_required
def download_bundle(request, evidence_id: int):
    return _download(request, evidence_id, "bundle")


@login_required
def download_certificate(request, evidence_id: int):
    return _download(request, evidence_id, "certificate")


@login_required
@require_POST
def verify(request, evidence_id: int):
    item = get_evidence_item_for(request.user, evidence_id)
    try:
        report = actions.verify_evidence(actor=request.user, evidence=item)
    except FileNotFoundError as error:
        raise Http404(str(error)) from error
    return render(request, "evidence/verify.html", {"item": item, "report": report})


@login_required
@require_POST
def start_capture(request):
    if not request.user.has_capability("evidence.capture_evidence"):
        raise not_found()
    parameters = {
        field: request.POST.get(field, "").strip()
        for field in (
            "url",
            "case_reference",
            "case_reason",
            "witness",
            "subject_type",
            "subject_id",
        )
    }
    try:
        actions.check_capture_input(url=parameters["url"], division=request.user.jurisdiction)
        job = start_job(
            actor=request.user,
            kind="evidence.capture",
            title=f"{_('取证')} {parameters['url']}"[:200],
            parameters=parameters,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evidence:list")
    except PermissionDenied as error:
        raise not_found() from error
    messages.success(request, _("已提交取证任务。"))
    return redirect("core:job-detail", job_id=job.pk)
