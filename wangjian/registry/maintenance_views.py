"""Register maintenance pages (登记维护) for the roles with ``registry.manage_register``:
register loads with their errors and changes, platforms and licences created and edited by
hand. Views parse input, read through ``visible_to`` and call the actions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wangjian.core.access import get_visible_or_404, require_capability
from wangjian.core.messages import show_error
from wangjian.core.models import Division
from wangjian.registry import maintenance
from wangjian.registry.models import Licence, MarketEntity, Platform, RegisterLoad
from wangjian.registry.register_load import (
    BACKGROUND_LOAD_BYTES,
    UnreadableRegister,
    load_register_file,
    start_register_load,
)

CAPABILITY = "registry.manage_register"
MAX_PAGE_UPLOAD = 5 * 1024 * 1024


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("，", "\n").splitlines() if line.strip()]


def _date(value: str, label: str):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(f"{label} 须为日期（YYYY-MM-DD）/ {label} must be a date") from error


def _division(user, code: str):
    division = Division.objects.filter(code=(code or "").ljust(12, "0")).first()
    if division is None:
        raise ValidationError(f"区划代码 {code} 不存在 / unknown division code {code}")
    return division


@login_required
def register_loads(request):
    require_capability(request.user, CAPABILITY)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要导入的登记数据文件"))
        elif upload.size > MAX_PAGE_UPLOAD:
            messages.error(
                request,
                "文件超过5MB，请使用命令 wangjian registry load-register 导入 / the file is over "
                "5 MB; use the command wangjian registry load-register",
            )
        elif upload.size > BACKGROUND_LOAD_BYTES:
            try:
                job = start_register_load(
                    actor=request.user, file_name=upload.name, content=upload.read()
                )
            except (UnreadableRegister, PermissionDenied) as error:
                show_error(request, error)
            else:
                messages.success(request, "文件较大，已转为后台任务导入，可在任务页面查看进度。")
                return redirect("core:job-detail", job_id=job.pk)
        else:
            try:
                outcome = load_register_file(
                    actor=request.user, file_name=upload.name, content=upload.read()
                )
            except (UnreadableRegister, PermissionDenied) as error:
                show_error(request, error)
            else:
                messages.success(request, outcome.summary)
                return redirect("registry:register-load", load_id=outcome.load.pk)
        return redirect("registry:register-loads")
    loads = RegisterLoad.objects.visible_to(request.user)[:50]
    return render(request, "registry/register_loads.html", {"loads": loads})


@login_required
def register_load_detail(request, load_id: int):
    load = get_visible_or_404(RegisterLoad.objects, request.user, CAPABILITY, pk=load_id)
    changes = load.changes.select_related("entity")[:500]
    return render(request, "registry/register_load.html", {"load": load, "changes": changes})


def _platform_values(post) -> dict:
    return {
        "name": post.get("name", ""),
        "domains": _lines(post.get("domains", "")),
        "app_names": _lines(post.get("app_names", "")),
        "icp_filing": post.get("icp_filing", ""),
        "categories": _lines(post.get("categories", "")),
        "agreement_url": post.get("agreement_url", "").strip(),
    }


@login_required
def platforms(request):
    require_capability(request.user, CAPABILITY)
    if request.method == "POST":
        try:
            platform = maintenance.create_platform(
                actor=request.user,
                uscc=request.POST.get("uscc", ""),
                division=_division(request.user, request.POST.get("division_code", "")),
                **_platform_values(request.POST),
            )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(request, f"已登记平台 {platform.name}。")
        return redirect("registry:platform-admin")
    rows = Platform.objects.visible_to(request.user).select_related("entity", "division")
    return render(request, "registry/platform_admin.html", {"rows": rows})


@login_required
def platform_edit(request, platform_id: int):
    platform = get_visible_or_404(Platform.objects, request.user, CAPABILITY, pk=platform_id)
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("account", "deactivate", "activate"):
        try:
            if step == "account":
                account = maintenance.create_platform_account(
                    actor=request.user,
                    platform=platform,
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password", ""),
                    display_name=request.POST.get("display_name", ""),
                )
                messages.success(request, f"已为 {platform.name} 开设账号 {account.username}。")
            else:
                target = platform.accounts.filter(pk=request.POST.get("account")).first()
                if target is None:
                    raise ValidationError("未找到该账号 / no such account")
                maintenance.set_platform_account_active(
                    actor=request.user,
                    platform=platform,
                    user=target.user,
                    active=step == "activate",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "账号状态已更新。")
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        return redirect("registry:platform-edit", platform_id=platform.pk)
    if request.method == "POST":
        try:
            maintenance.edit_platform(
                actor=request.user,
                platform=platform,
                division=_division(request.user, request.POST.get("division_code", "")),
                **_platform_values(request.POST),
            )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
            return redirect("registry:platform-edit", platform_id=platform.pk)
        messages.success(request, "平台信息已更新，修改前后的内容已记入审计日志。")
        return redirect("registry:platform-admin")
    return render(
        request,
        "registry/platform_edit.html",
        {
            "platform": platform,
            "accounts": platform.accounts.select_related("user"),
            "can_open_accounts": request.user.has_capability("core.manage_org_unit"),
        },
    )


def _licence_values(post) -> dict:
    return {
        "kind": post.get("kind", ""),
        "number": post.get("number", ""),
        "scope": post.get("scope", ""),
        "issuing_authority": post.get("issuing_authority", ""),
        "valid_from": _date(post.get("valid_from"), "有效期起"),
        "valid_until": _date(post.get("valid_until"), "有效期至"),
    }


@login_required
def licences(request):
    require_capability(request.user, CAPABILITY)
    today = timezone.localdate()
    if request.method == "POST":
        holder = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=request.POST.get("uscc", "").strip().upper())
            .first()
        )
        try:
            if holder is None:
                raise ValidationError(
                    "持证主体：未在本辖区主体库中找到该统一社会信用代码 / no entity with this USCC "
                    "in your jurisdiction"
                )
            values = _licence_values(request.POST)
            maintenance.create_licence(actor=request.user, holder=holder, **values)
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(request, "已登记许可。")
        return redirect("registry:licence-admin")
    rows = [
        (licence, maintenance.licence_flag(licence, today))
        for licence in Licence.objects.visible_to(request.user)
        .select_related("holder")
        .order_by("valid_until", "id")[:500]
    ]
    return render(
        request,
        "registry/licence_admin.html",
        {"rows": rows, "window": maintenance.expiring_window(today)},
    )


@login_required
def licence_edit(request, licence_id: int):
    licence = get_visible_or_404(Licence.objects, request.user, CAPABILITY, pk=licence_id)
    if request.method == "POST":
        try:
            maintenance.edit_licence(
                actor=request.user, licence=licence, **_licence_values(request.POST)
            )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
            return redirect("registry:licence-edit", licence_id=licence.pk)
        messages.success(request, "许可信息已更新，修改前后的内容已记入审计日志。")
        return redirect("registry:licence-admin")
    return render(request, "registry/licence_edit.html", {"licence": licence})


def _site_values(post) -> dict:
    return {
        "kind": post.get("kind", ""),
        "name": post.get("name", ""),
        "url": post.get("url", ""),
        "icp_filing": post.get("icp_filing", ""),
        "first_seen_on": _date(post.get("first_seen_on"), "发现日期"),
    }


@login_required
def sites(request):
    from wangjian.registry.choices import SiteKind
    from wangjian.registry.models import SelfRunSite

    require_capability(request.user, CAPABILITY)
    if request.method == "POST":
        entity = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=request.POST.get("uscc", "").strip().upper())
            .first()
        )
        try:
            if entity is None:
                raise ValidationError(
                    "经营者：未在本辖区主体库中找到该统一社会信用代码 / no entity with this USCC "
                    "in your jurisdiction"
                )
            maintenance.create_site(actor=request.user, entity=entity, **_site_values(request.POST))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(request, "已登记自建网站/应用。")
        return redirect("registry:site-admin")
    rows = SelfRunSite.objects.visible_to(request.user).select_related("entity")[:500]
    return render(request, "registry/site_admin.html", {"rows": rows, "kinds": SiteKind.choices})


@login_required
def site_edit(request, site_id: int):
    from wangjian.registry.choices import SiteKind
    from wangjian.registry.models import SelfRunSite

    site = get_visible_or_404(SelfRunSite.objects, request.user, CAPABILITY, pk=site_id)
    if request.method == "POST":
        try:
            maintenance.edit_site(actor=request.user, site=site, **_site_values(request.POST))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
            return redirect("registry:site-edit", site_id=site.pk)
        messages.success(request, "已更新，修改前后的内容已记入审计日志。")
        return redirect("registry:site-admin")
    return render(request, "registry/site_edit.html", {"site": site, "kinds": SiteKind.choices})


def _room_values(post) -> dict:
    return {
        "room_id": post.get("room_id", ""),
        "name": post.get("name", ""),
        "url": post.get("url", ""),
        "first_seen_on": _date(post.get("first_seen_on"), "发现日期"),
    }


@login_required
def live_rooms(request):
    from wangjian.registry.models import LiveRoom, OnlineShop

    require_capability(request.user, CAPABILITY)
    if request.method == "POST":
        shop = (
            OnlineShop.objects.visible_to(request.user)
            .filter(
                platform_id=request.POST.get("platform") or None,
                shop_id=request.POST.get("shop_id", "").strip(),
            )
            .first()
        )
        try:
            if shop is None:
                raise ValidationError(
                    "网店：未在本辖区找到该平台的该店铺编号 / no such shop of that platform in "
                    "your jurisdiction"
                )
            maintenance.create_live_room(
                actor=request.user, shop=shop, **_room_values(request.POST)
            )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(request, "已登记直播间。")
        return redirect("registry:live-room-admin")
    rows = LiveRoom.objects.visible_to(request.user).select_related("shop__platform")[:500]
    return render(
        request,
        "registry/live_room_admin.html",
        {"rows": rows, "platforms": Platform.objects.visible_to(request.user)},
    )


@login_required
def live_room_edit(request, room_id: int):
    from wangjian.registry.models import LiveRoom

    room = get_visible_or_404(LiveRoom.objects, request.user, CAPABILITY, pk=room_id)
    if request.method == "POST":
        try:
            maintenance.edit_live_room(actor=request.user, room=room, **_room_values(request.POST))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
            return redirect("registry:live-room-edit", room_id=room.pk)
        messages.success(request, "已更新，修改前后的内容已记入审计日志。")
        return redirect("registry:live-room-admin")
    return render(request, "registry/live_room_edit.html", {"room": room})
