"""Registry pages: entity search and profile (画像), submissions with upload, diff and error
report, flags, referrals and the entity-link confirmation queue. Views parse input, read through
``visible_to`` and ``access``, and call actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.audit import record_personal_data_view
from wangjian.core.listing import Column, build_listing, export_response
from wangjian.registry import access, actions
from wangjian.registry.choices import EntityStatus, EntityType, SubmissionChannel
from wangjian.registry.exports import ENTITY_HEADERS, entity_rows
from wangjian.registry.models import (
    EntityLink,
    Flag,
    MarketEntity,
    OnlineShop,
    Platform,
    Referral,
    Submission,
)
from wangjian.registry.reports import error_report_json, error_report_xlsx
from wangjian.registry.search import search
from wangjian.registry.submissions import UnreadableSubmission, current_period
from wangjian.registry.timeline import profile_facts_for, timeline_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered_entities(request):
    entities = MarketEntity.objects.visible_to(request.user).select_related("division")
    query = request.GET.get("q", "").strip()
    entities = search(entities, query)
    status = request.GET.get("status", "")
    if status in EntityStatus.values:
        entities = entities.filter(status=status)
    entity_type = request.GET.get("type", "")
    if entity_type in EntityType.values:
        entities = entities.filter(entity_type=entity_type)
    return entities, {"q": query, "status": status, "type": entity_type}


def _entity_columns():
    return (
        Column("name", _("名称"), ("name",)),
        Column("uscc", _("统一社会信用代码"), ("uscc",)),
        Column("type", _("主体类型"), ("entity_type",)),
        Column("division", _("所在区划"), ("division__name",)),
        Column("status", _("登记状态"), ("status",)),
        Column("established_on", _("成立日期"), ("established_on",)),
    )


@login_required
def entity_list(request):
    require_capability(request.user, "registry.view_entity")
    entities, filters = _filtered_entities(request)
    listing = build_listing(request, entities, columns=_entity_columns(), default_sort="name")
    return render(
        request,
        "registry/entity_list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": EntityStatus.choices,
            "types": EntityType.choices,
        },
    )


@login_required
def entity_export(request):
    require_capability(request.user, "registry.view_entity")
    entities, filters = _filtered_entities(request)
    return export_response(
        actor=request.user,
        list_name="registry.entities",
        title=_("市场主体"),
        headers=ENTITY_HEADERS,
        rows=entity_rows(entities),
        filters=filters,
        file_name="entities.xlsx",
    )


@login_required
def entity_profile(request, entity_id: int):
    entity = access.get_entity_for(request.user, entity_id)
    shops = (
        OnlineShop.objects.visible_to(request.user)
        .filter(entity=entity)
        .select_related("platform")
        .prefetch_related("live_rooms__hosts")
    )
    flags = Flag.objects.none()
    if request.user.has_capability("registry.view_flag"):
        flags = Flag.objects.visible_to(request.user).filter(shop__entity=entity)
    return render(
        request,
        "registry/entity_profile.html",
        {
            "entity": entity,
            "former_names": entity.former_names.all(),
            "shops": shops,
            "sites": entity.sites.all(),
            "licences": entity.licences.all(),
            "flags": flags,
            "timeline": timeline_for(entity, request.user),
            "profile_facts": profile_facts_for(entity, request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def shop_detail(request, shop_id: int):
    shop = access.get_shop_for(request.user, shop_id)
    show_personal = request.user.has_capability("registry.view_personal_data")
    if show_personal:
        record_personal_data_view(
            actor=request.user,
            target=shop,
            division=shop.division,
            fields=["contact", "person_id_masked"],
            purpose="registry shop page",
        )
    return render(
        request,
        "registry/shop_detail.html",
        {"shop": shop, "show_personal": show_personal, "links": shop.links.all()},
    )


@login_required
def submission_list(request):
    require_capability(request.user, "registry.view_submission")
    submissions = Submission.objects.visible_to(request.user).select_related("platform")
    platforms = Platform.objects.visible_to(request.user)
    if request.method == "POST":
        return _upload(request, platforms)
    page = Paginator(submissions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/submission_list.html",
        {
            "page": page,
            "platforms": platforms,
            "can_submit": request.user.has_capability("registry.submit"),
            "period": current_period(timezone.localdate()),
        },
    )


def _upload(request, platforms):
    platform = platforms.filter(pk=request.POST.get("platform") or 0).first()
    upload = request.FILES.get("file")
    if platform is None or upload is None:
        messages.error(request, _("请选择平台并上传文件。"))
        return redirect("registry:submission-list")
    try:
        receipt = actions.receive_submission(
            actor=request.user,
            platform=platform,
            file_name=upload.name,
            content=upload.read(),
            period=request.POST.get("period", ""),
            channel=SubmissionChannel.UPLOAD,
        )
    except PermissionDenied as error:
        raise not_found() from error
    except (UnreadableSubmission, ValidationError, ValueError) as error:
        messages.error(request, str(error))
        return redirect("registry:submission-list")
    if receipt.job is not None:
        messages.success(request, _("文件较大，已转为后台任务导入。"))
        return redirect("core:job-detail", job_id=receipt.job.pk)
    messages.success(request, receipt.outcome.summary)
    return redirect("registry:submission-detail", submission_id=receipt.outcome.submission.pk)


@login_required
def submission_detail(request, submission_id: int):
    submission = access.get_submission_for(request.user, submission_id)
    return render(
        request,
        "registry/submission_detail.html",
        {
            "submission": submission,
            "errors": submission.errors.all()[:500],
            "diff": submission.diff,
            "flags": (
                submission.flags.all()[:200]
                if request.user.has_capability("registry.view_flag")
                else []
            ),
        },
    )


@login_required
def submission_errors(request, submission_id: int, file_format: str):
    submission = access.get_submission_for(request.user, submission_id)
    if file_format == "xlsx":
        response = HttpResponse(error_report_xlsx(submission), content_type=XLSX)
    else:
        response = HttpResponse(error_report_json(submission), content_type="application/json")
    name = f"submission-{submission.pk}-errors.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def referral_list(request):
    """移送清单 in both directions: what this bureau listed for others (移出) and what other
    bureaus addressed to it (移入)."""
    require_capability(request.user, "registry.view_flag")
    direction = "in" if request.GET.get("direction") == "in" else "out"
    referrals = (
        Referral.objects.received_by(request.user)
        if direction == "in"
        else Referral.objects.sent_by(request.user)
    )
    referrals = referrals.select_related("shop__platform", "division", "target_division")
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/referral_list.html",
        {
            "page": page,
            "direction": direction,
            "incoming_count": Referral.objects.received_by(request.user).count(),
        },
    )


@login_required
def referral_detail(request, referral_id: int):
    referral = access.get_referral_for(request.user, referral_id)
    return render(
        request,
        "registry/referral_detail.html",
        {
            "referral": referral,
            "incoming": not referral.division.path.startswith(request.user.jurisdiction.path),
            "shop_visible": OnlineShop.objects.visible_to(request.user)
            .filter(pk=referral.shop_id)
            .exists(),
        },
    )


@login_required
def link_queue(request):
    require_capability(request.user, "registry.resolve_entities")
    state = request.GET.get("state", "pending")
    links = EntityLink.objects.visible_to(request.user).select_related("shop__platform", "entity")
    if state:
        links = links.filter(state=state)
    page = Paginator(links, 50).get_page(request.GET.get("page"))
    return render(request, "registry/link_queue.html", {"page": page, "state": state})


@login_required
@require_POST
def link_decide(request, link_id: int):
    link = access.get_entity_link_for(request.user, link_id)
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "")
    try:
        if decision == "reverse":
            actions.reverse_link_decision(actor=request.user, link=link, reason=reason)
        elif decision in ("confirm", "reject"):
            actions.decide_link(
                actor=request.user, link=link, confirm=decision == "confirm", reason=reason
            )
        else:
            raise ValidationError(_("未知的决定。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已记录决定。"))
    return redirect("registry:link-queue")
