"""Guidance (行政指导) issued and received: list, detail, steps and document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import require_capability
from wangjian.enforcement import actions, documents, forms
from wangjian.enforcement.access import get_guidance_for
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.choices import GuidanceKind
from wangjian.enforcement.models import Guidance
from wangjian.enforcement.views.common import PAGE_SIZE, _form_error, _querystring

# --- Guidance ----------------------------------------------------------------------------------


def _hotspot_for(user, hotspot_id):
    """The complaint hot spot a guidance is issued from, if the user may see it."""
    from wangjian.complaints.models import HotSpot

    if not str(hotspot_id or "").isdigit():
        return None
    return HotSpot.objects.visible_to(user).filter(pk=int(hotspot_id)).first()


def _hotspot_initial(user, query) -> dict:
    hotspot = _hotspot_for(user, query.get("hotspot"))
    if hotspot is None:
        return {}
    initial = {"hotspot": hotspot.pk, "kind": GuidanceKind.REMINDER}
    if hotspot.dimension == "platform":
        initial["platform_name"] = hotspot.value
    return initial


def _render_guidance_list(request, *, error="", form=None):
    user = request.user
    require_capability(user, "enforcement.view_guidance")
    items = Guidance.objects.visible_to(user).select_related("entity", "platform")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        due = item.follow_up_date
        item.overdue = bool(due and due < today and item.state != "closed")
    context = {
        "page": page,
        "error": error,
        "staff": user.jurisdiction is not None,
        "may_issue": user.has_capability("enforcement.handle"),
        "form": form or forms.GuidanceForm(initial=_hotspot_initial(user, request.GET)),
        "hotspot": _hotspot_for(user, (form.data if form else request.GET).get("hotspot")),
        "querystring": _querystring(request),
    }
    return render(request, "enforcement/guidance.html", context, status=400 if error else 200)


@login_required
def guidance_list(request):
    return _render_guidance_list(request)


@login_required
@require_POST
def guidance_issue(request):
    from wangjian.registry.models import MarketEntity, Platform

    require_capability(request.user, "enforcement.handle")
    form = forms.GuidanceForm(request.POST)
    if not form.is_valid():
        return _render_guidance_list(request, error=_form_error(form), form=form)
    data = form.cleaned_data
    entity = platform = None
    if data["entity_uscc"]:
        entity = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=data["entity_uscc"].strip().upper())
            .first()
        )
    if data["platform_name"]:
        platform = (
            Platform.objects.visible_to(request.user)
            .filter(name=data["platform_name"].strip())
            .first()
        )
    hotspot = _hotspot_for(request.user, data.get("hotspot"))
    if data.get("hotspot") and hotspot is None:
        return _render_guidance_list(
            request, error=_("未找到该投诉热点 / the hot spot was not found"), form=form
        )
    if (data["entity_uscc"] and entity is None) or (data["platform_name"] and platform is None):
        return _render_guidance_list(
            request, error=_("未找到该对象 / the recipient was not found"), form=form
        )
    try:
        guidance = actions.issue_guidance(
            actor=request.user,
            kind=data["kind"],
            content=data["content"],
            entity=entity,
            platform=platform,
            legal_basis=list(data["legal_basis"]),
            meeting_at=data["meeting_at"],
            meeting_place=data["meeting_place"],
            participants=data["participants"],
            rectification_due=data["rectification_due"],
            follow_up_due=data["follow_up_due"],
            hotspot=hotspot,
        )
    except EnforcementError as error:
        return _render_guidance_list(request, error=str(error), form=form)
    messages.success(request, _("文书已发出；对象有账号的，将在其页面签收和答复。"))
    return redirect("enforcement:guidance-detail", guidance_id=guidance.pk)


def _render_guidance(request, guidance_id, *, error=""):
    user = request.user
    guidance = get_guidance_for(user, guidance_id)
    staff = user.jurisdiction is not None
    today = timezone.localdate()
    due = guidance.follow_up_date
    context = {
        "guidance": guidance,
        "staff": staff,
        "recipient": not staff and user.has_capability("enforcement.answer_guidance"),
        "may_handle": staff and user.has_capability("enforcement.handle"),
        "overdue": bool(due and due < today and guidance.state != "closed"),
        "is_interview": guidance.kind == GuidanceKind.INTERVIEW,
        "form": forms.GuidanceStepForm(),
        "error": error,
    }
    return render(
        request, "enforcement/guidance_detail.html", context, status=400 if error else 200
    )


@login_required
def guidance_detail(request, guidance_id: int):
    return _render_guidance(request, guidance_id)


@login_required
@require_POST
def guidance_step(request, guidance_id: int):
    guidance = get_guidance_for(request.user, guidance_id)
    form = forms.GuidanceStepForm(request.POST)
    if not form.is_valid():
        return _render_guidance(request, guidance.pk, error=_form_error(form))
    data, user = form.cleaned_data, request.user
    try:
        if data["step"] == "acknowledge":
            actions.acknowledge_guidance(actor=user, guidance=guidance)
        elif data["step"] == "answer":
            actions.answer_guidance(actor=user, guidance=guidance, answer=data["text"])
        elif data["step"] == "interview_record":
            actions.record_interview(
                actor=user,
                guidance=guidance,
                record_text=data["text"],
                commitment=data["commitment"],
                follow_up_due=data["follow_up_due"],
            )
        else:
            actions.recheck_guidance(
                actor=user,
                guidance=guidance,
                rectified=bool(data.get("rectified")),
                result=data["text"],
            )
    except (EnforcementError, PermissionDenied) as error:
        return _render_guidance(request, guidance.pk, error=str(error))
    messages.success(request, _("已记录。"))
    return redirect("enforcement:guidance-detail", guidance_id=guidance.pk)


@login_required
def guidance_document(request, guidance_id: int):
    guidance = get_guidance_for(request.user, guidance_id)
    try:
        pdf = documents.render_guidance_document(guidance)
    except EnforcementError as error:
        return _render_guidance(request, guidance.pk, error=str(error))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guidance-{guidance.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
