"""Managing the 执法检查人员名录库 from its page: registering staff with their 执法证, renewing
certificates and taking inspectors out of the pool. Views call the inspections actions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from wangjian.core.access import get_visible_or_404, not_found, require_capability
from wangjian.core.messages import show_error
from wangjian.core.models import User
from wangjian.core.querysets import jurisdiction_path
from wangjian.inspections import actions
from wangjian.inspections.models import Inspector

CAPABILITY = "inspections.manage_inspectors"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError as error:
        raise ValidationError(
            "执法证有效期至 须为日期（YYYY-MM-DD）/ the validity must be a date"
        ) from error


@login_required
@require_POST
def register(request):
    require_capability(request.user, CAPABILITY)
    path = jurisdiction_path(request.user) or "-"
    staff = User.objects.filter(
        username=request.POST.get("username", "").strip(),
        org_unit__division__path__startswith=path,
    ).first()
    try:
        if staff is None:
            raise ValidationError(
                "本辖区没有该用户名的工作人员 / no staff member with this username"
            )
        actions.register_inspector(
            actor=request.user,
            user=staff,
            certificate_number=request.POST.get("certificate_number", ""),
            certificate_valid_until=_date(request.POST.get("certificate_valid_until")),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, f"已将 {staff} 列入执法检查人员名录库。")
    return redirect("inspections:inspector-list")


@login_required
@require_POST
def inspector_step(request, inspector_id: int, step: str):
    inspector = get_visible_or_404(Inspector.objects, request.user, CAPABILITY, pk=inspector_id)
    try:
        if step == "renew":
            actions.renew_inspector_certificate(
                actor=request.user,
                inspector=inspector,
                certificate_number=request.POST.get("certificate_number", ""),
                certificate_valid_until=_date(request.POST.get("certificate_valid_until")),
            )
            messages.success(request, "执法证信息已更新。")
        elif step in ("leave", "rejoin"):
            actions.set_inspector_in_pool(
                actor=request.user,
                inspector=inspector,
                active=step == "rejoin",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "名录库状态已更新。")
        else:
            raise not_found()
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:inspector-list")
