"""Pages of the platforms app. Views parse input, read through ``visible_to`` and ``access``,
and call actions; refusals come back as messages on the page they were made from."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wangjian.core.access import require_capability
from wangjian.core.messages import show_error
from wangjian.platforms import access, actions, classification
from wangjian.platforms.choices import DeclarationState, RestrictionAbility
from wangjian.platforms.models import (
    ObligationDeclaration,
    PlatformClassification,
    RuleChangeNotice,
    SelfAssessment,
)
from wangjian.platforms.obligations import evaluate, parse_period, previous_half_year
from wangjian.registry.models import Platform

LINE_ROWS = 4


def _date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"{label} 须为日期（YYYY-MM-DD）/ {label} must be a date (YYYY-MM-DD)"
        ) from error


def _int(value: str, label: str) -> int:
    try:
        return int((value or "").replace(",", "").strip())
    except ValueError as error:
        raise ValidationError(f"{label} 须为整数 / {label} must be a whole number") from error


@login_required
def index(request):
    require_capability(request.user, "platforms.view_platform")
    platforms = Platform.objects.visible_to(request.user).select_related("entity")
    current = {
        c.platform_id: c
        for c in PlatformClassification.objects.visible_to(request.user)
        .filter(is_current=True)
        .order_by("platform_id", "-year")
    }
    pending = ObligationDeclaration.objects.none()
    if request.user.has_capability("platforms.review"):
        pending = (
            ObligationDeclaration.objects.visible_to(request.user)
            .filter(state=DeclarationState.PENDING)
            .select_related("platform")
        )
    rows = [(platform, current.get(platform.pk)) for platform in platforms]
    return render(
        request,
        "platforms/index.html",
        {"rows": rows, "pending": pending, "rules": classification.current_rules()},
    )


def _half_year(request) -> str:
    period = request.GET.get("period") or previous_half_year(timezone.localdate())
    try:
        parse_period(period)
    except ValueError:
        period = previous_half_year(timezone.localdate())
    return period if len(period) == 7 else previous_half_year(timezone.localdate())


@login_required
def platform_detail(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    user = request.user
    rules = classification.current_rules()
    history = list(
        PlatformClassification.objects.visible_to(user)
        .filter(platform=platform, is_current=True)
        .order_by("-year")
    )
    latest = history[0] if history else None
    period = _half_year(request)
    results = evaluate(platform, period, tier=latest.tier if latest else None)
    context = {
        "platform": platform,
        "rules": rules,
        "history": history,
        "rule_sets": classification.rule_sets(),
        "period": period,
        "results": results,
        "submissions": platform.submissions.all()[:20],
        "rule_changes": RuleChangeNotice.objects.visible_to(user).filter(platform=platform),
        "declarations": ObligationDeclaration.objects.visible_to(user).filter(platform=platform),
        "assessments": SelfAssessment.objects.visible_to(user).filter(platform=platform),
        "line_rows": range(1, LINE_ROWS + 1),
        "subtype_choices": rules.subtype_choices(),
        "restriction_choices": RestrictionAbility.choices,
        "this_year": timezone.localdate().year,
        "can_record": user.has_capability("platforms.record_inputs"),
        "can_declare": user.has_capability("platforms.declare_obligation"),
        "can_review": user.has_capability("platforms.review"),
        "can_record_rule_change": user.has_capability("platforms.record_rule_change"),
        "findings": _findings_awaiting(user, platform),
    }
    return render(request, "platforms/platform_detail.html", context)


def _findings_awaiting(user, platform):
    """Monitoring findings about the platform's shops that a regulator confirmed: the platform
    should act on them (电子商务法 第二十九条)."""
    from wangjian.monitoring.models import Finding

    if not user.has_capability("platforms.view_platform"):
        return []
    return list(
        Finding.objects.filter(shop__platform=platform, state="confirmed")
        .select_related("shop")
        .order_by("-id")[:50]
    )


@login_required
@require_POST
def record_inputs(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    require_capability(request.user, "platforms.record_inputs")
    data = request.POST
    try:
        lines = []
        for row in range(1, LINE_ROWS + 1):
            name = data.get(f"line_name_{row}", "").strip()
            if not name:
                continue
            category, _sep, subtype = data.get(f"line_subtype_{row}", "").partition(".")
            lines.append(
                {
                    "name": name,
                    "category": category,
                    "subtype": subtype,
                    "is_main": data.get("line_main") == str(row),
                    "is_core": bool(data.get(f"line_core_{row}")),
                }
            )
        outcome = actions.record_year_inputs(
            actor=request.user,
            platform=platform,
            year=_int(data.get("year"), "年度"),
            annual_active_users=_int(data.get("annual_active_users"), "年活跃用户数"),
            business_lines=lines,
            market_value_100m=data.get("market_value_100m", "").replace(",", ""),
            restriction_ability=data.get("restriction_ability", ""),
            source=data.get("source", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            f"已记录 {outcome.year} 年度输入，分级结果：{outcome.get_tier_display()}"
            "（依据征求意见稿，仅供参考）",
        )
    return redirect("platforms:platform", platform_id=platform.pk)


@login_required
@require_POST
def declare(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    require_capability(request.user, "platforms.declare_obligation")
    try:
        actions.declare_obligation(
            actor=request.user,
            platform=platform,
            obligation_key=request.POST.get("obligation", ""),
            period=request.POST.get("period", ""),
            statement=request.POST.get("statement", ""),
            evidence=request.POST.get("evidence", ""),
        )
    except (ValidationError, PermissionDenied, ValueError) as error:
        show_error(request, error)
    else:
        messages.success(request, "已提交履行声明，待监管人员审核后计为已履行。")
    return redirect("platforms:platform", platform_id=platform.pk)


@login_required
@require_POST
def review_declaration(request, declaration_id: int):
    declaration = access.get_declaration_for(request.user, declaration_id)
    try:
        actions.review_declaration(
            actor=request.user,
            declaration=declaration,
            accept=request.POST.get("decision") == "accept",
            comment=request.POST.get("comment", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, "已审核该履行声明。")
    return redirect("platforms:platform", platform_id=declaration.platform_id)


@login_required
@require_POST
def record_rule_change(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    require_capability(request.user, "platforms.record_rule_change")
    try:
        actions.record_rule_change(
            actor=request.user,
            platform=platform,
            title=request.POST.get("title", ""),
            url=request.POST.get("url", ""),
            published_on=_date(request.POST.get("published_on"), "公示日期"),
            effective_on=_date(request.POST.get("effective_on"), "施行日期"),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, "已记录规则变更公示。")
    return redirect("platforms:platform", platform_id=platform.pk)
