"""Flag pages (提示): the bureau's working list with 处理 / 移送 / 忽略, one by one or on a
selection, and the platform's view of the flags on its own shops with its 已更正 answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found
from wangjian.core.choices import DivisionLevel
from wangjian.core.listing import Column, apply_search, build_listing, export_response
from wangjian.core.models import Division
from wangjian.registry import access, actions
from wangjian.registry.choices import PENDING_FLAG_STATES, FlagKind, FlagState
from wangjian.registry.models import Flag

PENDING = "pending"
SEARCH_FIELDS = (
    "detail",
    "shop__name",
    "shop__shop_id",
    "entity__name",
    "entity__uscc",
    "shop__operator_name",
)


def _columns():
    return (
        Column("number", _("编号"), ("id",)),
        Column("raised_on", _("日期"), ("raised_on",)),
        Column("kind", _("类型"), ("kind",)),
        Column("state", _("状态"), ("state",)),
        Column("shop", _("店铺"), ("shop__name",)),
        Column("detail", _("说明")),
        Column("legal_basis", _("依据")),
    )


def _can_see_flags(user) -> bool:
    return user.has_capability("registry.view_flag") or user.has_capability("registry.respond_flag")


def _filtered_flags(request):
    if not _can_see_flags(request.user):
        raise not_found()
    flags = Flag.objects.visible_to(request.user).select_related(
        "shop__platform", "division", "referred_division"
    )
    kind = request.GET.get("kind", "")
    if kind in FlagKind.values:
        flags = flags.filter(kind=kind)
    state = request.GET.get("state", PENDING)
    if state == PENDING:
        flags = flags.filter(state__in=PENDING_FLAG_STATES)
    elif state in FlagState.values:
        flags = flags.filter(state=state)
    else:
        state = ""
    query = request.GET.get("q", "").strip()
    number = query.lstrip("#")
    if number.isdigit():
        flags = flags.filter(pk=int(number))
    else:
        flags = apply_search(flags, query, SEARCH_FIELDS)
    return flags, {"kind": kind, "state": state, "q": query}


def _bureaus(user):
    own = user.jurisdiction
    bureaus = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    return bureaus.exclude(pk=own.pk) if own is not None else bureaus.none()


@login_required
def flag_list(request):
    flags, filters = _filtered_flags(request)
    can_manage = request.user.has_capability("registry.manage_flags")
    listing = build_listing(
        request, flags, columns=_columns(), default_sort="-raised_on", bulk=can_manage
    )
    return render(
        request,
        "registry/flag_list.html",
        {
            "listing": listing,
            "filters": filters,
            "kinds": FlagKind.choices,
            "states": [(PENDING, _("待处理（含平台已更正）")), *FlagState.choices],
            "can_manage": can_manage,
            "is_platform": request.user.has_capability("registry.respond_flag"),
            "outcomes": _outcomes(),
            "bureaus": _bureaus(request.user) if can_manage else [],
        },
    )


def _outcomes():
    return [
        (FlagState.CLOSED, _("处理（已核实并处理）")),
        (FlagState.REFERRED, _("移送其他辖区")),
        (FlagState.DISMISSED, _("忽略（说明理由）")),
    ]


@login_required
def flag_export(request):
    flags, filters = _filtered_flags(request)
    rows = (
        (
            flag.pk,
            flag.raised_on,
            flag.get_kind_display(),
            flag.get_state_display(),
            flag.shop.name if flag.shop else "",
            flag.shop.shop_id if flag.shop else "",
            flag.detail,
            flag.legal_basis,
            flag.handling_note,
            flag.correction_note,
        )
        for flag in flags.iterator(chunk_size=2000)
    )
    headers = [
        _("编号"),
        _("日期"),
        _("类型"),
        _("状态"),
        _("店铺"),
        _("店铺编号"),
        _("说明"),
        _("依据"),
        _("处理说明"),
        _("平台更正说明"),
    ]
    return export_response(
        actor=request.user,
        list_name="registry.flags",
        title=_("提示"),
        headers=headers,
        rows=rows,
        filters=filters,
        file_name="flags.xlsx",
    )


def _referred_division(request):
    code = request.POST.get("referred_division", "")
    if not code:
        return None
    return _bureaus(request.user).filter(code=code).first()


@login_required
@require_POST
def flag_bulk(request):
    if not request.user.has_capability("registry.manage_flags"):
        raise not_found()
    ids = [value for value in request.POST.getlist("flag") if value.isdigit()]
    back = request.POST.get("next", "")
    target = reverse("registry:flag-list") + (f"?{back}" if back else "")
    if not ids:
        messages.error(request, _("请先在列表中勾选要处理的提示。"))
        return redirect(target)
    handled, refused = actions.handle_flags(
        actor=request.user,
        flag_ids=[int(value) for value in ids],
        outcome=request.POST.get("outcome", ""),
        reason=request.POST.get("reason", ""),
        referred_division=_referred_division(request),
    )
    if handled:
        messages.success(
            request,
            _("已处理 {count} 条提示：{state}。").format(
                count=len(handled), state=handled[0].get_state_display()
            ),
        )
    for refusal in refused[:20]:
        messages.error(request, refusal)
    if len(refused) > 20:
        messages.error(request, _("另有 {count} 条未处理。").format(count=len(refused) - 20))
    return redirect(target)


@login_required
def flag_detail(request, flag_id: int):
    flag = access.get_flag_for(request.user, flag_id)
    can_manage = request.user.has_capability("registry.manage_flags")
    can_respond = request.user.has_capability("registry.respond_flag")
    if request.method == "POST":
        try:
            if can_respond:
                actions.report_flag_correction(
                    actor=request.user, flag=flag, note=request.POST.get("note", "")
                )
                messages.success(request, _("已提交更正说明，待监管部门确认。"))
            elif can_manage:
                flag = actions.handle_flag(
                    actor=request.user,
                    flag=flag,
                    outcome=request.POST.get("outcome", ""),
                    reason=request.POST.get("reason", ""),
                    referred_division=_referred_division(request),
                )
                messages.success(
                    request,
                    _("提示 #{id} 已记录为“{state}”。").format(
                        id=flag.pk, state=flag.get_state_display()
                    ),
                )
            else:
                raise not_found()
        except PermissionDenied as error:
            raise not_found() from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("registry:flag-detail", flag_id=flag.pk)
    pending = flag.state in PENDING_FLAG_STATES or actions.flag_received_by(request.user, flag)
    return render(
        request,
        "registry/flag_detail.html",
        {
            "flag": flag,
            "can_handle": can_manage and pending,
            "can_refer": can_manage and flag.state in PENDING_FLAG_STATES,
            "can_respond": can_respond and flag.state == FlagState.OPEN,
            "outcomes": _outcomes(),
            "bureaus": _bureaus(request.user) if can_manage else [],
            "shop_visible": flag.shop_id is not None,
        },
    )
