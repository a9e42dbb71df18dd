"""Clue verification pages (核查): assigning the handler, the check record with its material,
submission to the head, and the material's download. The clue page says who acts next."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.audit import record_personal_data_view
from wangjian.monitoring import actions
from wangjian.monitoring.access import get_clue_for
from wangjian.monitoring.choices import CheckResult, ClueState
from wangjian.monitoring.models import ClueCheckAttachment


def next_step(clue) -> str:
    """Who acts next on the clue and what they can do, in words."""
    if clue.state != ClueState.REGISTERED:
        return ""
    if clue.submitted_at is not None:
        return _(
            "下一步：由科室负责人作出决定——拟立案并移交办案，或不予立案；"
            "负责人也可批准延长核查期限一次。"
        )
    if clue.handler_id is None:
        return _("下一步：由本辖区监管人员或负责人指定承办人。")
    if not clue.checks.exists():
        return _("下一步：承办人 {handler} 记录核查情况（核查了什么、结果、材料）。").format(
            handler=clue.handler
        )
    return _("下一步：承办人 {handler} 核查完毕后提交负责人决定。").format(handler=clue.handler)


def verification_context(user, clue) -> dict:
    open_for_checks = clue.state == ClueState.REGISTERED and clue.submitted_at is None
    may_triage = user.has_capability("monitoring.triage")
    is_handler = clue.handler_id == user.pk
    checks = list(clue.checks.select_related("recorded_by").prefetch_related("attachments"))
    return {
        "next_step": next_step(clue),
        "checks": checks,
        "check_results": CheckResult.choices,
        "may_assign": may_triage and open_for_checks,
        "handler_candidates": actions.clue_handler_candidates(clue)
        if may_triage and open_for_checks
        else [],
        "may_record_check": may_triage and open_for_checks and is_handler,
        "may_submit": may_triage and open_for_checks and is_handler and bool(checks),
    }


def _refused(request, clue_id, error):
    from wangjian.monitoring.views.clues import _render_clue

    return _render_clue(request, clue_id, error=str(error))


def _triage_clue(user, clue_id):
    require_capability(user, "monitoring.triage")
    return get_clue_for(user, clue_id)


@login_required
@require_POST
def clue_assign(request, clue_id: int):
    clue = _triage_clue(request.user, clue_id)
    handler_id = request.POST.get("handler", "")
    handler = (
        get_user_model().objects.filter(pk=int(handler_id)).first()
        if handler_id.isdigit()
        else None
    )
    try:
        clue = actions.assign_clue_handler(actor=request.user, clue=clue, handler=handler)
    except actions.MonitoringError as error:
        return _refused(request, clue.pk, error)
    messages.success(request, _("已指定承办人：{handler}。").format(handler=clue.handler))
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


@login_required
@require_POST
def clue_check(request, clue_id: int):
    clue = _triage_clue(request.user, clue_id)
    files = [(upload.name, upload.read()) for upload in request.FILES.getlist("attachments")]
    try:
        actions.record_clue_check(
            actor=request.user,
            clue=clue,
            checked=request.POST.get("checked", ""),
            result=request.POST.get("result", ""),
            note=request.POST.get("note", ""),
            attachments=files,
        )
    except actions.MonitoringError as error:
        return _refused(request, clue.pk, error)
    messages.success(request, _("已记录核查情况。"))
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


@login_required
@require_POST
def clue_submit(request, clue_id: int):
    clue = _triage_clue(request.user, clue_id)
    try:
        actions.submit_clue_for_decision(actor=request.user, clue=clue)
    except actions.MonitoringError as error:
        return _refused(request, clue.pk, error)
    messages.success(request, _("已提交负责人决定。"))
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


@login_required
def clue_attachment(request, clue_id: int, attachment_id: int):
    clue = get_clue_for(request.user, clue_id)
    attachment = ClueCheckAttachment.objects.filter(
        check_record__clue=clue, pk=attachment_id
    ).first()
    if attachment is None:
        raise not_found()
    # Check material can show people (screenshots, ID documents): each view is recorded.
    record_personal_data_view(
        actor=request.user,
        target=attachment,
        division=clue.division,
        fields=["content"],
        purpose="线索核查材料",
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="clue-{clue.pk}-{attachment.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
