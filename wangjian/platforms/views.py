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
from wangjian.platforms.choices import ActionKind, DeclarationState, RestrictionAbility
from wangjian.platforms.guides import business_types_for_subtype
from wangjian.platforms.models import (
    ComplianceGuide,
    ObligationDeclaration,
    PlatformActionRequest,
    PlatformClassification,
    PlatformNotice,
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
        .order_by("platform_id", "year")  # the latest year comes last and wins
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
    kinds = business_types_for_subtype(latest.category, latest.subtype) if latest else []
    results = evaluate(platform, period, tier=latest.tier if latest else None, business_types=kinds)
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
        "guides": ComplianceGuide.objects.published().filter(business_type__in=kinds),
        "odr_queue": _odr_queue(user, platform),
        "action_requests": PlatformActionRequest.objects.visible_to(user).filter(platform=platform)[
            :50
        ],
        "notices": PlatformNotice.objects.visible_to(user).filter(platform=platform)[:50],
        "today": timezone.localdate(),
        "action_kinds": ActionKind.choices,
        "can_request_action": user.has_capability("platforms.request_action"),
        "can_send_notice": user.has_capability("platforms.send_notice"),
    }
    return render(request, "platforms/platform_detail.html", context)


def _odr_queue(user, platform):
    """Complaints in ODR against the platform that are not answered yet."""
    from wangjian.complaints.models import Complaint

    if not user.has_capability("complaints.view_complaint"):
        return []
    return list(
        Complaint.objects.visible_to(user)
        .filter(platform=platform, odr_applies=True, odr_answer="", odr_outcome="")
        .order_by("received_on", "id")[:50]
    )


def _findings_awaiting(user, platform):
    """Monitoring findings about the platform's shops that a regulator confirmed: the platform
    should act on them (电子商务法 第二十九条)."""
    from wangjian.monitoring.models import Finding

    if not user.has_capability("platforms.view_platform"):
        return []
    # Bureau staff see the findings routed to their jurisdiction; the platform's own account
    # (reached only through its platform link) sees those about its shops.
    findings = (
        Finding.objects.visible_to(user)
        if user.jurisdiction is not None
        else Finding.objects.about_platform_of(user)
    )
    return list(
        findings.filter(shop__platform=platform, state="confirmed")
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


# --------------------------------------------------------------------------------------------
# 数据合规自评估


@login_required
def assessments(request):
    require_capability(request.user, "platforms.view_assessment")
    from wangjian.platforms.models import RectificationItem
    from wangjian.registry.models import MarketEntity

    user = request.user
    rows = SelfAssessment.objects.visible_to(user).select_related("entity", "platform")
    today = timezone.localdate()
    overdue = (
        RectificationItem.objects.filter(
            assessment__in=rows, completed_on__isnull=True, due_on__lt=today
        )
        .select_related("assessment__entity")
        .order_by("due_on")
    )
    context = {
        "rows": rows,
        "overdue": overdue,
        "can_start": user.has_capability("platforms.self_assess"),
        "can_export": user.has_capability("platforms.export_assessments"),
        "own_platforms": Platform.objects.visible_to(user)
        if user.role == "platform_operator"
        else [],
        "own_entities": MarketEntity.objects.visible_to(user) if user.role == "merchant" else [],
    }
    return render(request, "platforms/assessments.html", context)


@login_required
@require_POST
def start_assessment(request):
    require_capability(request.user, "platforms.self_assess")
    from wangjian.registry.access import get_entity_for

    try:
        if request.POST.get("platform"):
            platform = access.get_platform_for(request.user, request.POST["platform"])
            assessment = actions.start_assessment(actor=request.user, platform=platform)
        else:
            entity = get_entity_for(request.user, request.POST.get("entity"))
            assessment = actions.start_assessment(actor=request.user, entity=entity)
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
        return redirect("platforms:assessments")
    messages.success(request, "已新建自评估草稿，可分次填写，全部答复后提交。")
    return redirect("platforms:assessment", assessment_id=assessment.pk)


def _answers_from(post, questionnaire) -> dict:
    return {
        item["key"]: {
            "answer": post.get(f"answer_{item['key']}", ""),
            "note": post.get(f"note_{item['key']}", ""),
            "evidence": post.get(f"evidence_{item['key']}", ""),
        }
        for item in questionnaire.items()
        if f"answer_{item['key']}" in post
    }


@login_required
def assessment_detail(request, assessment_id: int):
    from wangjian.platforms.selfassessment import ANSWER_LABELS, questionnaire_version

    assessment = access.get_assessment_for(request.user, assessment_id)
    user = request.user
    questionnaire = questionnaire_version(assessment.questionnaire_version)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step in ("save", "submit") and user.has_capability("platforms.self_assess"):
                actions.save_answers(
                    actor=user,
                    assessment=assessment,
                    answers=_answers_from(request.POST, questionnaire),
                )
                if step == "submit":
                    actions.submit_assessment(actor=user, assessment=assessment)
                    messages.success(request, "已提交，得分与整改计划见下方，等待监管部门审核。")
                else:
                    messages.success(request, "草稿已保存。")
            elif step == "comment":
                actions.comment_assessment(
                    actor=user, assessment=assessment, text=request.POST.get("text", "")
                )
                messages.success(request, "意见已添加。")
            elif step == "review" and user.has_capability("platforms.review_assessment"):
                actions.review_assessment(
                    actor=user,
                    assessment=assessment,
                    accept=request.POST.get("decision") == "accept",
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, "审核结果已记录。")
            elif step == "rectified":
                item = assessment.rectifications.get(pk=_int(request.POST.get("item"), "整改事项"))
                actions.complete_rectification(
                    actor=user, item=item, note=request.POST.get("note", "")
                )
                messages.success(request, "已记录整改完成情况。")
            else:
                raise PermissionDenied("无此权限 / not permitted")
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        except assessment.rectifications.model.DoesNotExist:
            show_error(request, "未找到该整改事项 / no such rectification item")
        return redirect("platforms:assessment", assessment_id=assessment.pk)
    editable = assessment.state in ("draft", "returned") and user.has_capability(
        "platforms.self_assess"
    )
    topics = [
        {
            "title": topic["title"],
            "items": [
                {
                    "item": item,
                    "choices": questionnaire.choices_for(item),
                    "saved": assessment.answers.get(item["key"], {}),
                    "label": ANSWER_LABELS.get(
                        assessment.answers.get(item["key"], {}).get("answer", ""), "未答复"
                    ),
                }
                for item in topic["items"]
            ],
        }
        for topic in questionnaire.topics
    ]
    history = list(
        SelfAssessment.objects.visible_to(user)
        .filter(entity=assessment.entity, platform=assessment.platform, submitted_on__isnull=False)
        .order_by("submitted_on", "id")
    )
    topic_titles = list(dict.fromkeys(t for h in history for t in h.topic_scores))
    history_rows = [(h, [h.topic_scores.get(t, "—") for t in topic_titles]) for h in history]
    return render(
        request,
        "platforms/assessment_detail.html",
        {
            "assessment": assessment,
            "questionnaire": questionnaire,
            "topics": topics,
            "editable": editable,
            "can_review": user.has_capability("platforms.review_assessment")
            and assessment.state == "submitted",
            "is_respondent": user.has_capability("platforms.self_assess"),
            "can_comment": user.has_capability("platforms.self_assess")
            or user.has_capability("platforms.review_assessment"),
            "history_rows": history_rows,
            "topic_titles": topic_titles,
            "today": timezone.localdate(),
        },
    )


@login_required
def export_assessments(request):
    """The district's submitted self-assessments as an XLSX workbook."""
    from django.http import HttpResponse

    from wangjian.platforms.exports import assessments_xlsx

    require_capability(request.user, "platforms.export_assessments")
    rows = (
        SelfAssessment.objects.visible_to(request.user)
        .filter(submitted_on__isnull=False)
        .select_related("entity", "platform")
        .prefetch_related("rectifications")
    )
    response = HttpResponse(
        assessments_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="self-assessments.xlsx"'
    return response


# --------------------------------------------------------------------------------------------
# 合规指引 (public once published)


def guides(request):
    from wangjian.platforms.choices import BusinessType
    from wangjian.platforms.models import ComplianceGuide

    user = request.user
    rows = ComplianceGuide.objects.visible_to(user).select_related("division")
    can_manage = user.is_authenticated and user.has_capability("platforms.manage_guides")
    return render(
        request,
        "platforms/guides.html",
        {
            "rows": rows,
            "can_manage": can_manage,
            "business_types": BusinessType.choices,
            "mine": ComplianceGuide.objects.published().filter(
                business_type__in=_own_business_types(user)
            ),
        },
    )


def _own_business_types(user) -> list[str]:
    """The business types of a platform account's platforms, or of the platforms a merchant's
    shops trade on, from their current classification."""
    from wangjian.registry.models import OnlineShop

    if not user.is_authenticated or user.jurisdiction is not None:
        return []
    if user.role == "platform_operator":
        platform_ids = Platform.objects.visible_to(user).values_list("pk", flat=True)
    elif user.role == "merchant":
        platform_ids = OnlineShop.objects.visible_to(user).values_list("platform_id", flat=True)
    else:
        return []
    kinds = []
    for category, subtype in PlatformClassification.objects.filter(
        platform_id__in=list(platform_ids), is_current=True
    ).values_list("category", "subtype"):
        kinds.extend(business_types_for_subtype(category, subtype))
    return list(dict.fromkeys(kinds))


def guide_detail(request, guide_id: int):
    guide = access.get_guide_for(request.user, guide_id)
    user = request.user
    can_publish = (
        user.is_authenticated
        and user.has_capability("platforms.manage_guides")
        and guide.state == "draft"
    )
    return render(
        request,
        "platforms/guide_detail.html",
        {"guide": guide, "c": guide.content, "can_publish": can_publish},
    )


def guide_pdf(request, guide_id: int):
    """The published guide as a PDF; a draft has no PDF (nothing unpublished leaves the office)."""
    from django.http import HttpResponse

    from wangjian.core.access import not_found
    from wangjian.platforms.guides import render_pdf

    guide = access.get_guide_for(request.user, guide_id)
    if guide.state != "published":
        raise not_found()
    from wangjian.core.documents import DocumentNotIssuable

    try:
        pdf = render_pdf(guide)
    except DocumentNotIssuable as error:
        messages.error(request, str(error))
        return redirect("platforms:guide", guide.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{guide.business_type}.pdf"'
    return response


@login_required
@require_POST
def draft_guide(request):
    require_capability(request.user, "platforms.manage_guides")
    try:
        guide = actions.draft_guide(
            actor=request.user, business_type=request.POST.get("business_type", "")
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
        return redirect("platforms:guides")
    messages.success(request, "已生成指引草稿，请核对后发布；发布后内容冻结。")
    return redirect("platforms:guide", guide_id=guide.pk)


@login_required
@require_POST
def publish_guide(request, guide_id: int):
    require_capability(request.user, "platforms.manage_guides")
    guide = access.get_guide_for(request.user, guide_id)
    try:
        actions.publish_guide(actor=request.user, guide=guide)
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, "指引已发布，公众可在合规指引页面查看和下载。")
    return redirect("platforms:guide", guide_id=guide.pk)


# --------------------------------------------------------------------------------------------
# 平台处置要求 and 通知


def _uploads(request):
    return [
        actions.Upload(name=f.name, content=f.read()) for f in request.FILES.getlist("attachments")
    ]


def _request_action(request, *, platform=None, finding=None, clue=None):
    try:
        outcome = actions.request_platform_action(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            subject=request.POST.get("subject", ""),
            reason=request.POST.get("reason", ""),
            platform=platform,
            finding=finding,
            clue=clue,
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
        return None
    messages.success(
        request,
        f"已向 {outcome.platform.name} 发出处置要求 #{outcome.pk}，处置期限 {outcome.due_on}"
        f"（{outcome.working_days} 个工作日）。平台答复后将显示在处置要求页面。",
    )
    return redirect("platforms:action-request", request_id=outcome.pk)


@login_required
@require_POST
def request_action_for_platform(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    require_capability(request.user, "platforms.request_action")
    return _request_action(request, platform=platform) or redirect(
        "platforms:platform", platform_id=platform.pk
    )


@login_required
@require_POST
def request_action_for_finding(request, finding_id: int):
    finding = access.get_finding_for(request.user, finding_id)
    return _request_action(request, finding=finding) or redirect(
        "monitoring:finding-detail", finding.pk
    )


@login_required
@require_POST
def request_action_for_clue(request, clue_id: int):
    clue = access.get_clue_for(request.user, clue_id)
    return _request_action(request, clue=clue) or redirect("monitoring:clue-detail", clue.pk)


@login_required
def action_requests(request):
    from wangjian.platforms.models import PlatformActionRequest

    require_capability(request.user, "platforms.view_platform")
    rows = (
        PlatformActionRequest.objects.visible_to(request.user)
        .select_related("platform", "shop")
        .order_by("state", "due_on", "id")
    )
    return render(
        request,
        "platforms/action_requests.html",
        {"rows": rows[:200], "today": timezone.localdate()},
    )


@login_required
def action_request_detail(request, request_id: int):
    from wangjian.platforms.choices import ActionReply

    item = access.get_action_request_for(request.user, request_id)
    return render(
        request,
        "platforms/action_request_detail.html",
        {
            "item": item,
            "today": timezone.localdate(),
            "attachments": item.attachments.all(),
            "platform_visible": Platform.objects.visible_to(request.user)
            .filter(pk=item.platform_id)
            .exists(),
            "reply_choices": ActionReply.choices,
            "can_reply": request.user.has_capability("platforms.reply_action")
            and item.state == "awaiting",
        },
    )


@login_required
@require_POST
def reply_action_request(request, request_id: int):
    item = access.get_action_request_for(request.user, request_id)
    require_capability(request.user, "platforms.reply_action")
    try:
        actions.reply_to_action_request(
            actor=request.user,
            request=item,
            reply=request.POST.get("reply", ""),
            note=request.POST.get("note", ""),
            attachments=_uploads(request),
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, f"已答复处置要求 #{item.pk}，监管部门可在本页查看答复。")
    return redirect("platforms:action-request", request_id=item.pk)


@login_required
def action_reply_attachment(request, request_id: int, attachment_id: int):
    from urllib.parse import quote

    from django.http import HttpResponse

    from wangjian.core.access import not_found

    item = access.get_action_request_for(request.user, request_id)
    attachment = item.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise not_found()
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def send_notice(request, platform_id: int):
    platform = access.get_platform_for(request.user, platform_id)
    require_capability(request.user, "platforms.send_notice")
    try:
        due = request.POST.get("due_on", "").strip()
        notice = actions.send_notice(
            actor=request.user,
            platform=platform,
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            due_on=_date(due, "办理期限") if due else None,
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
        return redirect("platforms:platform", platform_id=platform.pk)
    messages.success(request, f"已向 {platform.name} 发出通知，平台确认收到后记录送达时间。")
    return redirect("platforms:notice", notice_id=notice.pk)


@login_required
def notice_detail(request, notice_id: int):
    notice = access.get_notice_for(request.user, notice_id)
    return render(
        request,
        "platforms/notice_detail.html",
        {
            "notice": notice,
            "can_answer": request.user.has_capability("platforms.answer_notice"),
        },
    )


@login_required
@require_POST
def acknowledge_notice(request, notice_id: int):
    notice = access.get_notice_for(request.user, notice_id)
    require_capability(request.user, "platforms.answer_notice")
    try:
        actions.acknowledge_notice(actor=request.user, notice=notice)
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, "已确认收到通知，送达时间已记录。如需回复，请填写下方回复。")
    return redirect("platforms:notice", notice_id=notice.pk)


@login_required
@require_POST
def answer_notice(request, notice_id: int):
    notice = access.get_notice_for(request.user, notice_id)
    require_capability(request.user, "platforms.answer_notice")
    try:
        actions.answer_notice(
            actor=request.user, notice=notice, answer=request.POST.get("answer", "")
        )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(request, "已回复通知，监管部门可在本页查看。")
    return redirect("platforms:notice", notice_id=notice.pk)
