"""Scan batches: the list, uploads, registry scans and one batch's counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import require_capability
from wangjian.monitoring import actions, forms, rulebook
from wangjian.monitoring.access import get_batch_for
from wangjian.monitoring.models import Finding, ScanBatch
from wangjian.monitoring.views.common import PAGE_SIZE, _form_error

# --- Batches -----------------------------------------------------------------------------------


def _platforms(user):
    from wangjian.registry.models import Platform

    return Platform.objects.visible_to(user).order_by("name")


def _render_batches(request, *, upload_form=None, error="", status=200):
    user = request.user
    batches = ScanBatch.objects.visible_to(user).select_related("platform", "job")
    may_scan = user.has_capability("monitoring.scan")
    return render(
        request,
        "monitoring/batches.html",
        {
            "page": Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_scan": may_scan,
            "upload_form": upload_form or forms.UploadForm(platforms=_platforms(user)),
            "error": error,
        },
        status=status,
    )


@login_required
def batch_list(request):
    require_capability(request.user, "monitoring.view_batch")
    return _render_batches(request)


@login_required
@require_POST
def batch_upload(request):
    require_capability(request.user, "monitoring.scan")
    form = forms.UploadForm(request.POST, request.FILES, platforms=_platforms(request.user))
    if not form.is_valid():
        return _render_batches(request, upload_form=form, error=_form_error(form), status=400)
    upload = form.cleaned_data["file"]
    try:
        receipt = actions.submit_upload(
            actor=request.user,
            file_name=upload.name,
            content=upload.read(),
            platform=form.cleaned_data["platform"],
        )
    except actions.MonitoringError as error:
        return _render_batches(request, upload_form=form, error=str(error), status=400)
    if receipt.already_received:
        messages.info(
            request,
            _("该文件已收到（批次 #%(id)d），未重复扫描 / this file was already received")
            % {"id": receipt.batch.pk},
        )
    else:
        messages.success(request, _("文件已收到，正在后台扫描。"))
    return redirect("monitoring:batch-detail", batch_id=receipt.batch.pk)


@login_required
@require_POST
def registry_scan(request):
    require_capability(request.user, "monitoring.scan")
    try:
        batch = actions.start_registry_scan(actor=request.user)
    except actions.MonitoringError as error:
        return _render_batches(request, error=str(error), status=400)
    messages.success(request, _("已开始扫描登记店铺首页。"))
    return redirect("monitoring:batch-detail", batch_id=batch.pk)


def _labelled(counts: dict, labels: dict) -> list[tuple[str, str, int]]:
    # Sorted here: PostgreSQL's jsonb does not keep the keys in the order they were written.
    return [(key, str(labels.get(key, key)), count) for key, count in sorted(counts.items())]


@login_required
def batch_detail(request, batch_id: int):
    from wangjian.core.models import Job

    user = request.user
    batch = get_batch_for(user, batch_id)
    job = Job.objects.visible_to(user).filter(pk=batch.job_id).first() if batch.job_id else None
    may_view_findings = user.has_capability("monitoring.view_finding")
    summary = batch.summary or {}
    return render(
        request,
        "monitoring/batch_detail.html",
        {
            "batch": batch,
            "job": job if user.has_capability("core.view_job") else None,
            "by_verdict": _labelled(summary.get("by_verdict", {}), rulebook.VERDICT_LABELS),
            "by_family": _labelled(summary.get("by_family", {}), rulebook.FAMILY_LABELS),
            "may_view_findings": may_view_findings,
            "visible_findings": Finding.objects.visible_to(user).filter(batch=batch).count()
            if may_view_findings
            else 0,
        },
    )
