"""协查 pages: the list (incoming, outgoing, referrals to convert), a new request, a request
with its thread and the steps open to the viewer's side, and attachment downloads. Views parse
input, read through ``visible_to`` and ``access``, and call actions."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.collaboration import access, actions, clocks, forms
from wangjian.collaboration.choices import RequestState, Side
from wangjian.collaboration.models import AssistanceRequest, RequestMessage
from wangjian.core.access import not_found, require_capability
from wangjian.core.messages import show_error


def _uploads(request) -> list[actions.Upload]:
    return [
        actions.Upload(name=f.name, content=f.read()) for f in request.FILES.getlist("attachments")
    ]


@login_required
def request_list(request):
    user = request.user
    require_capability(user, "collaboration.view_request")
    today = timezone.localdate()
    visible = AssistanceRequest.objects.visible_to(user).select_related(
        "requesting_unit", "receiving_unit"
    )
    incoming = visible.incoming_for(user)
    outgoing = visible.outgoing_for(user)
    context = {
        "today": today,
        "incoming": incoming,
        "outgoing": outgoing,
        "between": visible.exclude(pk__in=incoming.values("pk")).exclude(
            pk__in=outgoing.values("pk")
        ),
        "overdue_ids": set(visible.overdue(today).values_list("pk", flat=True)),
        "can_send": user.has_capability("collaboration.send_request"),
        "referrals": _referrals_to_convert(user),
        "clock_version": clocks.clocks_on(today),
    }
    return render(request, "collaboration/request_list.html", context)


def _referrals_to_convert(user):
    """The bureau's own 移送清单 rows not yet sent as 移送 requests (read through the registry)."""
    from wangjian.registry.models import Referral

    if not user.has_capability("collaboration.convert_referral") or user.jurisdiction is None:
        return []
    converted = (
        AssistanceRequest.objects.visible_to(user)
        .filter(referral__isnull=False)
        .values("referral_id")
    )
    return (
        Referral.objects.visible_to(user)
        .filter(division=user.jurisdiction)
        .exclude(pk__in=converted)
        .select_related("shop__platform", "target_division")[:200]
    )


@login_required
def request_new(request):
    user = request.user
    require_capability(user, "collaboration.send_request")
    form = forms.RequestForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entity = _entity_by_uscc(user, data["receiving_unit"], data["entity_uscc"])
            created = actions.send_request(
                actor=user,
                receiving_unit=data["receiving_unit"],
                subject_text=data["subject_text"],
                questions=data["questions"],
                requested_by=data["requested_by"],
                entity=entity,
                attachments=_uploads(request),
            )
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                f"已发出协查请求 {created.number}，受理期限 {created.accept_due_on}，答复期限 "
                f"{created.answer_due_on} / request sent",
            )
            return redirect("collaboration:request-detail", request_id=created.pk)
    return render(
        request,
        "collaboration/request_new.html",
        {"form": form, "clock_version": clocks.clocks_on(timezone.localdate())},
    )


def _entity_by_uscc(user, receiving_unit, uscc: str):
    from wangjian.registry.models import MarketEntity

    uscc = (uscc or "").strip().upper()
    if not uscc:
        return None
    entity = actions.subject_scope(MarketEntity, user, receiving_unit).filter(uscc=uscc).first()
    if entity is None:
        raise ValidationError(
            f"协查请求：统一社会信用代码 {uscc} 未在本辖区或协查单位辖区的主体库中找到；"
            f"可不填代码，只写协查对象 / USCC {uscc} is not in the registry of either jurisdiction"
        )
    return entity


@login_required
def request_detail(request, request_id: int):
    user = request.user
    assistance = access.get_request_for(user, request_id)
    side = access.side_of(user, assistance)
    thread = (
        RequestMessage.objects.visible_to(user)
        .filter(request=assistance)
        .select_related("author", "author_unit")
        .prefetch_related("attachments")
    )
    state = assistance.state
    receiving = side == Side.RECEIVING and user.has_capability("collaboration.answer_request")
    requesting = side == Side.REQUESTING and user.has_capability("collaboration.send_request")
    context = {
        "assistance": assistance,
        "side": Side(side),
        "thread": thread,
        "evidence": assistance.evidence.all(),
        "overdue": assistance.is_overdue_on(timezone.localdate()),
        "can_accept": receiving and state == RequestState.SENT,
        "can_ask_more": receiving and state in (RequestState.SENT, RequestState.ACCEPTED),
        "can_answer": receiving and state == RequestState.ACCEPTED,
        "can_decline": receiving
        and state in (RequestState.SENT, RequestState.ACCEPTED, RequestState.MORE_INFO),
        "can_supplement": requesting and state == RequestState.MORE_INFO,
        "can_post": side != Side.OBSERVER,
        "accept_form": forms.AcceptForm(),
        "note_form": forms.NoteForm(),
        "answer_form": forms.AnswerForm(),
        "decline_form": forms.DeclineForm(),
    }
    return render(request, "collaboration/request_detail.html", context)


STEPS = {
    "accept": forms.AcceptForm,
    "more": forms.NoteForm,
    "supplement": forms.NoteForm,
    "message": forms.NoteForm,
    "answer": forms.AnswerForm,
    "decline": forms.DeclineForm,
}


@login_required
@require_POST
def request_step(request, request_id: int, step: str):
    user = request.user
    assistance = access.get_request_for(user, request_id)
    if step not in STEPS:
        raise not_found()
    form = STEPS[step](request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写必填项"))
        return redirect("collaboration:request-detail", request_id=assistance.pk)
    data = form.cleaned_data
    try:
        if step == "accept":
            actions.accept_request(actor=user, request=assistance, note=data["note"])
        elif step == "more":
            actions.ask_for_more(actor=user, request=assistance, body=data["body"])
        elif step == "supplement":
            actions.send_supplement(
                actor=user, request=assistance, body=data["body"], attachments=_uploads(request)
            )
        elif step == "message":
            actions.post_message(
                actor=user, request=assistance, body=data["body"], attachments=_uploads(request)
            )
        elif step == "answer":
            actions.answer_request(
                actor=user,
                request=assistance,
                findings=data["findings"],
                evidence_bundle_ids=re.split(r"[\s,，、]+", data["evidence"]),
            )
        else:
            actions.decline_request(actor=user, request=assistance, reason=data["reason"])
        messages.success(request, _("已办理"))
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("collaboration:request-detail", request_id=assistance.pk)


@login_required
def attachment_download(request, attachment_id: int):
    attachment = access.get_attachment_for(request.user, attachment_id)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(attachment.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def referral_convert(request, referral_id: int):
    from wangjian.registry.models import Referral

    user = request.user
    require_capability(user, "collaboration.convert_referral")
    # Only the referring bureau's own rows: the receiving bureau answers the request instead.
    referral = (
        Referral.objects.visible_to(user).filter(pk=referral_id, division=user.jurisdiction).first()
    )
    if referral is None:
        raise not_found()
    try:
        created = actions.convert_referral(actor=user, referral=referral)
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
        return redirect("collaboration:request-list")
    messages.success(request, _("已移送：{number}").format(number=created.number))
    return redirect("collaboration:request-detail", request_id=created.pk)


# --------------------------------------------------------------------------------------------
# 联合惩戒


@login_required
def discipline_list(request):
    from wangjian.collaboration.models import DisciplineNotice

    user = request.user
    require_capability(user, "collaboration.view_discipline")
    notices = DisciplineNotice.objects.visible_to(user).select_related(
        "list_entry__entity", "partner__org_unit"
    )
    context = {
        "waiting": notices.filter(state__in=["sent", "removal_notified"]),
        "done": notices.filter(state__in=["feedback", "lift_confirmed"]),
        "is_partner": user.has_capability("collaboration.record_measure"),
        "can_dispatch": user.has_capability("collaboration.dispatch_discipline"),
    }
    return render(request, "collaboration/discipline_list.html", context)


@login_required
@require_POST
def discipline_dispatch(request):
    require_capability(request.user, "collaboration.dispatch_discipline")
    try:
        sent, removals = actions.dispatch_list_entries(actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            f"已推送 {sent} 条名单信息，告知移出 {removals} 条 / {sent} entries sent, "
            f"{removals} removals notified",
        )
    return redirect("collaboration:discipline-list")


@login_required
def notice_detail(request, notice_id: int):
    from wangjian.collaboration.models import AppliedMeasure

    user = request.user
    notice = access.get_notice_for(user, notice_id)
    is_partner = (
        user.has_capability("collaboration.record_measure")
        and user.org_unit_id == notice.partner.org_unit_id
    )
    context = {
        "notice": notice,
        "entry": notice.list_entry,
        "applied": AppliedMeasure.objects.visible_to(user).filter(notice=notice),
        "can_record": is_partner and notice.state in ("sent", "feedback"),
        "can_lift": is_partner and notice.state == "removal_notified",
        "measure_form": forms.MeasureForm(notice=notice),
        "feedback_form": forms.FeedbackForm(),
        "lift_form": forms.LiftForm(),
    }
    return render(request, "collaboration/notice_detail.html", context)


@login_required
@require_POST
def notice_step(request, notice_id: int, step: str):
    user = request.user
    notice = access.get_notice_for(user, notice_id)
    steps = {"measure": forms.MeasureForm, "feedback": forms.FeedbackForm, "lift": forms.LiftForm}
    if step not in steps:
        raise not_found()
    form_class = steps[step]
    form = (
        form_class(request.POST, notice=notice)
        if form_class is forms.MeasureForm
        else form_class(request.POST)
    )
    if not form.is_valid():
        messages.error(request, _("请填写必填项"))
        return redirect("collaboration:notice-detail", notice_id=notice.pk)
    data = form.cleaned_data
    try:
        if step == "measure":
            actions.record_measure(actor=user, notice=notice, **data)
        elif step == "feedback":
            actions.record_feedback(actor=user, notice=notice, **data)
        else:
            actions.confirm_lift(actor=user, notice=notice, **data)
        messages.success(request, _("已办理"))
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("collaboration:notice-detail", notice_id=notice.pk)


# --------------------------------------------------------------------------------------------
# 风险预警


@login_required
def alert_list(request):
    from wangjian.collaboration.models import RiskAlert
    from wangjian.collaboration.risk import precision, rules_on

    user = request.user
    require_capability(user, "collaboration.view_warning")
    alerts = RiskAlert.objects.visible_to(user).select_related("entity", "assigned_to")
    if request.method == "POST":
        from wangjian.core.models import Division

        division = Division.objects.filter(code=request.POST.get("division", "")).first()
        try:
            if division is None:
                raise not_found()
            actions.subscribe(
                actor=user, division=division, signals=request.POST.getlist("signals")
            )
            messages.success(request, _("已订阅"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        return redirect("collaboration:alert-list")
    from wangjian.collaboration.models import AlertSubscription

    context = {
        "subscriptions": AlertSubscription.objects.filter(user=user).select_related("division"),
        "subscribed": actions.subscribed_alerts(user).select_related("entity", "assigned_to"),
        "divisions": [user.jurisdiction, *user.jurisdiction.children.order_by("code")]
        if user.jurisdiction
        else [],
        "mine": alerts.open().filter(assigned_to=user),
        "open": alerts.open().exclude(assigned_to=user),
        "closed": alerts.exclude(state__in=["open", "acknowledged"])[:100],
        "can_evaluate": user.has_capability("collaboration.evaluate_warnings"),
        "rules": rules_on(timezone.localdate()),
        "precision": precision(alerts, timezone.localdate()),
    }
    return render(request, "collaboration/alert_list.html", context)


@login_required
@require_POST
def alert_evaluate(request):
    require_capability(request.user, "collaboration.evaluate_warnings")
    raised, updated = actions.evaluate_risk(actor=request.user)
    messages.success(
        request, f"新发预警 {raised} 条，更新 {updated} 条 / {raised} raised, {updated} updated"
    )
    return redirect("collaboration:alert-list")


@login_required
def alert_detail(request, alert_id: int):
    user = request.user
    alert = access.get_alert_for(user, alert_id)
    can_handle = user.has_capability("collaboration.handle_warning") and alert.state in (
        "open",
        "acknowledged",
    )
    context = {"alert": alert, "can_handle": can_handle, "decline_form": forms.DeclineForm()}
    return render(request, "collaboration/alert_detail.html", context)


@login_required
@require_POST
def alert_step(request, alert_id: int, step: str):
    user = request.user
    alert = access.get_alert_for(user, alert_id)
    if step not in ("acknowledge", "dismiss", "clue"):
        raise not_found()
    try:
        if step == "acknowledge":
            actions.acknowledge_alert(actor=user, alert=alert)
        elif step == "dismiss":
            actions.dismiss_alert(actor=user, alert=alert, reason=request.POST.get("reason", ""))
        else:
            clue = actions.open_clue_for_alert(actor=user, alert=alert)
            messages.success(request, _("已登记线索 {number}").format(number=clue.number))
            return redirect("monitoring:clue-detail", clue_id=clue.pk)
        messages.success(request, _("已办理"))
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("collaboration:alert-detail", alert_id=alert.pk)


# --------------------------------------------------------------------------------------------
# 专项整治


@login_required
def campaign_list(request):
    from wangjian.collaboration.models import Campaign

    user = request.user
    require_capability(user, "collaboration.view_campaign")
    can_manage = user.has_capability("collaboration.manage_campaign")
    form = forms.CampaignForm(request.POST or None, user=user) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise not_found()
        if form.is_valid():
            try:
                campaign = actions.create_campaign(actor=user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                show_error(request, error)
            else:
                messages.success(request, _("已发起专项整治"))
                return redirect("collaboration:campaign-detail", campaign_id=campaign.pk)
    context = {
        "campaigns": Campaign.objects.visible_to(user).select_related("lead_unit"),
        "form": form,
    }
    return render(request, "collaboration/campaign_list.html", context)


@login_required
def campaign_detail(request, campaign_id: int):
    from wangjian.collaboration.campaigns import campaign_counts
    from wangjian.collaboration.models import (
        CampaignScan,
        CampaignTask,
        MeetingRecord,
        ProgressReport,
    )
    from wangjian.monitoring.rulebook import family_label

    user = request.user
    campaign = access.get_campaign_for(user, campaign_id)
    can_manage = user.has_capability("collaboration.manage_campaign")
    context = {
        "campaign": campaign,
        "members": campaign.member_units.order_by("name"),
        "families": [family_label(f) for f in campaign.families],
        "tasks": CampaignTask.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("owner_unit"),
        "reports": ProgressReport.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("unit", "task"),
        "meetings": MeetingRecord.objects.visible_to(user).filter(campaign=campaign),
        "scans": CampaignScan.objects.filter(campaign=campaign).select_related("batch")
        if user.has_capability("monitoring.view_finding")
        else [],
        "can_scan": can_manage and user.has_capability("monitoring.scan") and campaign.families,
        "counts": campaign_counts(campaign, user)
        if user.has_capability("monitoring.view_finding")
        else None,
        "can_manage": can_manage,
        "can_report": user.has_capability("collaboration.report_progress"),
        "task_form": forms.TaskForm(campaign=campaign),
        "progress_form": forms.ProgressForm(),
        "meeting_form": forms.MeetingForm(),
        "today": timezone.localdate(),
    }
    return render(request, "collaboration/campaign_detail.html", context)


@login_required
@require_POST
def campaign_step(request, campaign_id: int, step: str):
    from wangjian.collaboration.models import CampaignTask

    user = request.user
    campaign = access.get_campaign_for(user, campaign_id)
    if step == "task":
        form = forms.TaskForm(request.POST, campaign=campaign)
    elif step == "progress":
        form = forms.ProgressForm(request.POST)
    elif step == "meeting":
        form = forms.MeetingForm(request.POST)
    elif step == "scan":
        from wangjian.monitoring.actions import MonitoringError

        if not user.has_capability("collaboration.manage_campaign"):
            raise not_found()
        try:
            scan = actions.launch_campaign_scan(actor=user, campaign=campaign)
            messages.success(
                request, f"已发起监测扫描：{scan.batch.file_name} / themed monitoring scan queued"
            )
        except (ValidationError, PermissionDenied, MonitoringError) as error:
            show_error(request, error)
        return redirect("collaboration:campaign-detail", campaign_id=campaign.pk)
    else:
        raise not_found()
    if not form.is_valid():
        messages.error(request, _("请填写必填项"))
        return redirect("collaboration:campaign-detail", campaign_id=campaign.pk)
    data = form.cleaned_data
    try:
        if step == "task":
            actions.add_task(actor=user, campaign=campaign, **data)
        elif step == "progress":
            task = None
            if data["task"]:
                task = (
                    CampaignTask.objects.visible_to(user)
                    .filter(pk=data["task"], campaign=campaign)
                    .first()
                )
                if task is None:
                    raise not_found()
            actions.report_progress(
                actor=user, campaign=campaign, body=data["body"], task=task, done=data["done"]
            )
        else:
            actions.record_meeting(actor=user, campaign=campaign, **data)
        messages.success(request, _("已办理"))
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("collaboration:campaign-detail", campaign_id=campaign.pk)


# --------------------------------------------------------------------------------------------
# 数字经济监测指标


@login_required
def indicator_rounds(request):
    from wangjian.collaboration.indicators import indicators
    from wangjian.collaboration.models import IndicatorRound, IndicatorValue

    user = request.user
    require_capability(user, "collaboration.view_indicators")
    if request.method == "POST":
        require_capability(user, "collaboration.open_round")
        try:
            opened = actions.open_round(actor=user, period=request.POST.get("period", ""))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        else:
            messages.success(request, _("已开启 {period} 指标采集").format(period=opened.period))
            return redirect("collaboration:indicator-round", round_id=opened.pk)
    rounds = list(IndicatorRound.objects.visible_to(user).order_by("starts_on")[:12])
    values = {
        (v.round_id, v.indicator): v.value
        for v in IndicatorValue.objects.visible_to(user).filter(round__in=rounds)
    }
    trend = [
        (spec, [values.get((r.pk, key)) for r in rounds]) for key, spec in indicators().items()
    ]
    context = {
        "rounds": rounds,
        "trend": trend,
        "charts": [trend_chart(spec, rounds, series) for spec, series in trend],
        "can_open": user.has_capability("collaboration.open_round"),
    }
    return render(request, "collaboration/indicator_rounds.html", context)


@login_required
def indicator_round(request, round_id: int):
    from wangjian.collaboration.indicators import catalogue, indicators
    from wangjian.collaboration.models import IndicatorValue, PartnerDepartment

    user = request.user
    current = access.get_round_for(user, round_id)
    if request.method == "POST":
        try:
            actions.enter_value(
                actor=user,
                round=current,
                indicator=request.POST.get("indicator", ""),
                value=request.POST.get("value", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("已填报"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
        return redirect("collaboration:indicator-round", round_id=current.pk)
    from wangjian.collaboration.discipline import departments

    entered = {
        v.indicator: v for v in IndicatorValue.objects.visible_to(user).filter(round=current)
    }
    partner = PartnerDepartment.objects.filter(org_unit=user.org_unit_id).first()
    owners = {**departments(), "bureau": "市场监管部门（系统计算）"}
    rows = [
        {
            "key": key,
            "spec": spec,
            "owner": owners.get(spec["owner"], spec["owner"]),
            "value": entered.get(key),
            "mine": partner is not None
            and spec["method"] == "entered"
            and partner.department == spec["owner"],
        }
        for key, spec in indicators().items()
    ]
    context = {
        "round": current,
        "rows": rows,
        "today": timezone.localdate(),
        "due_status": catalogue()["due_days_status"],
    }
    return render(request, "collaboration/indicator_round.html", context)


# --------------------------------------------------------------------------------------------
# 物联感知


def trend_chart(spec: dict, rounds, series) -> dict:
    """One indicator's trend as bars (<meter>, no script, no inline style): scaled to the target
    when the catalogue sets one, else to the largest value of the series (and said so)."""
    target = spec.get("target")
    known = [v for v in series if v is not None]
    scale = target if target else (max(known) if known else 0)
    points = [
        {"period": r.period, "value": v, "missing": v is None}
        for r, v in zip(rounds, series, strict=True)
    ]
    return {"spec": spec, "scale": scale or 1, "against_target": bool(target), "points": points}


@login_required
def device_alert_list(request):
    from django.db.models import Count

    from wangjian.collaboration.iot import kinds
    from wangjian.collaboration.models import DeviceAlert
    from wangjian.monitoring.rulebook import SEVERITY_LABELS

    user = request.user
    require_capability(user, "collaboration.view_device_alert")
    alerts = DeviceAlert.objects.visible_to(user)
    labels = {key: spec["label"] for key, spec in kinds().items()}
    rows = [
        {
            "alert": alert,
            "kind": labels.get(alert.kind, alert.kind),
            "severity": SEVERITY_LABELS.get(alert.severity, alert.severity),
        }
        for alert in alerts.select_related("entity").order_by("-occurred_at", "-id")[:200]
    ]
    by_kind = [
        (labels.get(row["kind"], row["kind"]), row["n"])
        for row in alerts.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    thresholds = [
        (spec["label"], spec["clue_threshold"])
        for spec in kinds().values()
        if spec.get("clue_threshold")
    ]
    context = {
        "rows": rows,
        "by_kind": by_kind,
        "total": alerts.count(),
        "thresholds": thresholds,
        "can_open_clues": user.has_capability("monitoring.triage"),
    }
    return render(request, "collaboration/device_alerts.html", context)


@login_required
@require_POST
def device_alert_clues(request):
    """Open clues for the device alerts over their kind's threshold (the clue flow)."""
    user = request.user
    if not (
        user.has_capability("collaboration.view_device_alert")
        and user.has_capability("monitoring.triage")
    ):
        raise not_found()
    try:
        opened = actions.open_device_clues(actor=user)
        if opened:
            numbers = "、".join(clue.number for clue in opened)
            messages.success(request, _("已登记线索 {numbers}").format(numbers=numbers))
        else:
            messages.info(
                request, "没有达到转线索阈值的告警 / no device alerts over their clue threshold"
            )
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("collaboration:device-alert-list")
