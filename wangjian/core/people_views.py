"""People administration (人员管理) for the system administrator: org units and staff accounts
of their division, roles, deactivation and password resets. Every change goes through
``core.actions.organisation`` and is audited; there is no Django admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wangjian.core.access import get_visible_or_404, not_found, require_capability
from wangjian.core.actions import organisation
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.messages import show_error
from wangjian.core.models import Division, OrgUnit, User
from wangjian.core.querysets import jurisdiction_path

CAPABILITY = "core.manage_org_unit"


def _users_of(user):
    path = jurisdiction_path(user)
    if path is None:
        return User.objects.none()
    return User.objects.filter(org_unit__division__path__startswith=path)


def _unit(user, unit_id):
    if not unit_id:
        return None
    return get_visible_or_404(OrgUnit.objects, user, CAPABILITY, pk=unit_id)


@login_required
def people(request):
    require_capability(request.user, CAPABILITY)
    user = request.user
    if request.method == "POST":
        try:
            if request.POST.get("step") == "unit":
                division = Division.objects.filter(
                    code=request.POST.get("division_code", "").strip().ljust(12, "0")
                ).first()
                if division is None:
                    raise ValidationError("区划代码不存在 / unknown division code")
                unit = organisation.create_org_unit(
                    actor=user,
                    name=request.POST.get("name", "").strip(),
                    kind=request.POST.get("kind", ""),
                    division=division,
                    parent=_unit(user, request.POST.get("parent")),
                )
                messages.success(request, f"已新建机构 {unit.name}。")
            else:
                created = organisation.create_user(
                    actor=user,
                    username=request.POST.get("username", "").strip(),
                    password=request.POST.get("password", ""),
                    role=request.POST.get("role", ""),
                    org_unit=_unit(user, request.POST.get("org_unit")),
                    display_name=request.POST.get("display_name", "").strip(),
                    email=request.POST.get("email", "").strip(),
                )
                messages.success(
                    request,
                    f"已新建用户 {created.username}，请将初始密码当面交给本人，"
                    "并提示其登录后修改。",
                )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        return redirect("core:people")
    units = OrgUnit.objects.visible_to(user).select_related("division", "parent")
    return render(
        request,
        "core/people/people.html",
        {
            "units": units,
            "users": _users_of(user).select_related("org_unit").order_by("org_unit_id", "username"),
            "roles": [
                (r.value, r.label) for r in Role if r not in organisation.ROLES_WITHOUT_ORG_UNIT
            ],
            "kinds": OrgUnitKind.choices,
        },
    )


@login_required
def person(request, user_id: int):
    require_capability(request.user, CAPABILITY)
    target = _users_of(request.user).filter(pk=user_id).select_related("org_unit").first()
    if target is None:
        raise not_found()
    units = OrgUnit.objects.visible_to(request.user).filter(is_active=True)
    return render(
        request,
        "core/people/person.html",
        {"person": target, "units": units, "roles": Role.choices},
    )


@login_required
@require_POST
def person_step(request, user_id: int, step: str):
    require_capability(request.user, CAPABILITY)
    target = _users_of(request.user).filter(pk=user_id).first()
    if target is None:
        raise not_found()
    actor = request.user
    try:
        if step == "edit":
            organisation.update_user(
                actor=actor,
                user=target,
                role=request.POST.get("role", target.role),
                org_unit=_unit(actor, request.POST.get("org_unit")),
                display_name=request.POST.get("display_name", ""),
                email=request.POST.get("email", ""),
            )
            messages.success(request, "用户信息已更新。")
        elif step in ("deactivate", "activate"):
            organisation.set_user_active(
                actor=actor,
                user=target,
                active=step == "activate",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "账号已停用。" if step == "deactivate" else "账号已启用。")
        elif step == "reset-password":
            password = organisation.reset_password(actor=actor, user=target)
            messages.success(
                request,
                f"临时密码：{password}（仅显示这一次，请当面交给本人并提示其登录后修改）/ "
                "temporary password, shown once",
            )
        else:
            raise not_found()
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("core:person", user_id=target.pk)


@login_required
@require_POST
def unit_step(request, unit_id: int, step: str):
    unit = _unit(request.user, unit_id)
    require_capability(request.user, CAPABILITY)
    if step not in ("deactivate", "activate"):
        raise not_found()
    try:
        organisation.set_org_unit_active(
            actor=request.user,
            unit=unit,
            active=step == "activate",
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(
            request, f"机构 {unit.name} 已{'启用' if step == 'activate' else '停用'}。"
        )
    return redirect("core:people")
