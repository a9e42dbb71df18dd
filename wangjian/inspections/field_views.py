"""行政检查 pages, built for a phone in the field: the list and the start form (from a complaint,
a clue, a campaign, a warning, a profile or a 身份码), and one page per inspection with the
现场检查笔录, photos from the camera, the party's signature or refusal, the conclusion and the
re-check. The record form also answers the draft that ``field.js`` re-sends after a dropped
connection: JSON with the new version, or 409 with the refusal when the draft is stale."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wangjian.core.access import get_visible_or_404, require_capability
from wangjian.core.audit import record_personal_data_view
from wangjian.core.messages import show_error
from wangjian.inspections import actions
from wangjian.inspections.actions.field import officers_for
from wangjian.inspections.catalogue import field_outcomes, field_sources
from wangjian.inspections.models import FieldInspection, FieldState, InspectionItem

CAPABILITY = "inspections.field"


def _inspection_for(user, inspection_id) -> FieldInspection:
    return get_visible_or_404(
        FieldInspection.objects.select_related("entity", "division"),
        user,
        CAPABILITY,
        pk=inspection_id,
    )


def _errors(error) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


@login_required
def field_list(request):
    require_capability(request.user, CAPABILITY)
    inspections = (
        FieldInspection.objects.visible_to(request.user)
        .select_related("entity")
        .order_by("-created_at", "-id")[:200]
    )
    return render(request, "inspections/field_list.html", {"inspections": inspections})


@login_required
def field_start(request):
    """Start form; the source may be given in the query (``?source_type=complaint&source_id=5``)
    by the page the officer came from."""
    from wangjian.registry.models import MarketEntity

    require_capability(request.user, CAPABILITY)
    data = request.POST if request.method == "POST" else request.GET
    items = InspectionItem.objects.order_by("code")
    officers = officers_for(request.user)
    if request.method == "POST":
        entity = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=data.get("entity_uscc", "").strip().upper())
            .first()
        )
        try:
            if entity is None:
                raise ValidationError(
                    "行政检查：被检查主体：统一社会信用代码不存在或不在辖区内 / entity: no such "
                    "USCC in your jurisdiction"
                )
            inspection = actions.start_field_inspection(
                actor=request.user,
                entity=entity,
                source_type=data.get("source_type", ""),
                source_id=data.get("source_id", "").strip(),
                items=items.filter(code__in=data.getlist("items")),
                inspectors=list(officers.filter(pk__in=data.getlist("inspectors"))),
            )
            return redirect("inspections:field-detail", inspection_id=inspection.pk)
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return render(
        request,
        "inspections/field_start.html",
        {
            "sources": field_sources().values(),
            "items": items,
            "officers": officers,
            "data": data,
            "chosen_items": data.getlist("items"),
            "chosen_officers": data.getlist("inspectors"),
        },
    )


@login_required
def field_detail(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    shown = [
        name
        for name in ("present_persons", "signer_name", "witness_name")
        if getattr(inspection, name)
    ]
    if shown:
        # Names of the persons present, the signer and the witness are personal information.
        record_personal_data_view(
            actor=request.user,
            target=inspection,
            division=inspection.division,
            fields=shown,
            purpose="行政检查现场检查笔录",
        )
    items = list(inspection.items.order_by("code"))
    rows = [{"item": item, "finding": inspection.findings.get(item.code, {})} for item in items]
    return render(
        request,
        "inspections/field_detail.html",
        {
            "inspection": inspection,
            "rows": rows,
            "attachments": inspection.attachments.order_by("uploaded_at", "id"),
            "outcomes": field_outcomes().values(),
            "is_draft": inspection.state == FieldState.DRAFT,
            "register_address": inspection.entity.registered_address or "",
            "today": timezone.localdate(),
        },
    )


def _record_values(request, inspection) -> dict:
    values = {
        name: request.POST.get(name, "")
        for name in (
            "started_at",
            "ended_at",
            "place",
            "place_source",
            "latitude",
            "longitude",
            "present_persons",
            "checked",
        )
    }
    findings = {}
    for item in inspection.items.all():
        verdict = request.POST.get(f"finding_{item.code}", "")
        if verdict in ("yes", "no"):
            findings[item.code] = {
                "conforming": verdict == "yes",
                "note": request.POST.get(f"note_{item.code}", ""),
            }
    values["findings"] = findings
    return values


@login_required
@require_POST
def field_record(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        saved = actions.save_field_record(
            actor=request.user,
            inspection=inspection,
            version=int(request.POST.get("version") or 0),
            values=_record_values(request, inspection),
        )
    except (ValidationError, PermissionDenied, ValueError) as error:
        if wants_json:
            return JsonResponse({"error": _errors(error)}, status=409)
        show_error(request, error)
        return redirect("inspections:field-detail", inspection_id=inspection.pk)
    if wants_json:
        return JsonResponse({"version": saved.version})
    messages.success(request, "现场检查笔录已保存 / the record is saved")
    return redirect("inspections:field-detail", inspection_id=inspection.pk)


@login_required
@require_POST
def field_photo(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    uploads = request.FILES.getlist("file")
    try:
        if not uploads:
            raise ValidationError("现场照片：请选择文件 / photo: choose a file")
        for upload in uploads:
            actions.add_field_attachment(
                actor=request.user,
                inspection=inspection,
                upload=upload,
                kind=request.POST.get("kind", "photo"),
            )
        messages.success(request, "已保存并封存 / saved and sealed")
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:field-detail", inspection_id=inspection.pk)


@login_required
@require_POST
def field_signature(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    try:
        actions.record_party_signature(
            actor=request.user,
            inspection=inspection,
            signed=request.POST.get("signed") == "yes",
            signer_name=request.POST.get("signer_name", ""),
            refusal_reason=request.POST.get("refusal_reason", ""),
            witness_name=request.POST.get("witness_name", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:field-detail", inspection_id=inspection.pk)


def _articles(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


@login_required
@require_POST
def field_conclude(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    try:
        actions.conclude_field_inspection(
            actor=request.user,
            inspection=inspection,
            outcome=request.POST.get("outcome", ""),
            conduct=request.POST.get("conduct", ""),
            violated_articles=_articles(request.POST.get("violated_articles", "")),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:field-detail", inspection_id=inspection.pk)


@login_required
@require_POST
def field_recheck(request, inspection_id: int):
    inspection = _inspection_for(request.user, inspection_id)
    try:
        rechecked_on = dt.date.fromisoformat(request.POST.get("rechecked_on", ""))
    except ValueError:
        messages.error(request, "复查日期：格式应为 YYYY-MM-DD / re-check date: use YYYY-MM-DD")
        return redirect("inspections:field-detail", inspection_id=inspection.pk)
    try:
        actions.close_rectification(
            actor=request.user,
            inspection=inspection,
            rechecked_on=rechecked_on,
            corrected=request.POST.get("corrected") == "yes",
            notes=request.POST.get("notes", ""),
            conduct=request.POST.get("conduct", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:field-detail", inspection_id=inspection.pk)
