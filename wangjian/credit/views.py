"""Credit pages for bureau staff: the overview (lists, repairs due, tier distribution), an
entity's credit record with its tier explained, and the list and repair workflows. Tiers are
internal: no public page shows them. Views parse input, read through ``visible_to`` and
``access``, and call actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.messages import show_error
from wangjian.credit import access, actions, forms
from wangjian.credit.choices import ListEntryState, RepairKind, RepairState
from wangjian.credit.models import (
    CreditEvent,
    CreditListEntry,
    RepairApplication,
    TierAssessment,
    TierRun,
)
from wangjian.credit.rules import all_rules, citation


@login_required
def overview(request):
    require_capability(request.user, "credit.view_record")
    user = request.user
    today = timezone.localdate()
    entries = CreditListEntry.objects.visible_to(user).select_related("entity")
    repairs = RepairApplication.objects.visible_to(user).select_related("entity")
    context = {
        "notified": entries.filter(state=ListEntryState.NOTIFIED),
        "listed_counts": dict(
            entries.filter(state=ListEntryState.LISTED)
            .values_list("list_kind")
            .annotate(n=Count("id"))
            .values_list("list_kind", "n")
        ),
        "pending_repairs": repairs.filter(state=RepairState.PENDING).order_by("due_on"),
        "today": today,
        "rules": all_rules(),
    }
    if user.has_capability("credit.view_tier"):
        context["tier_counts"] = dict(
            TierAssessment.objects.visible_to(user)
            .filter(is_current=True)
            .values("tier")
            .annotate(n=Count("id"))
            .values_list("tier", "n")
        )
        context["runs"] = TierRun.objects.select_related("model").filter(kind="monthly")[:5]
    context["can_recompute"] = user.has_capability("credit.recompute")
    return render(request, "credit/overview.html", context)


@login_required
def entity_record(request, entity_id: int):
    entity = access.get_credit_entity_for(request.user, entity_id)
    user = request.user
    context = {
        "entity": entity,
        "events": CreditEvent.objects.visible_to(user).filter(entity=entity),
        "entries": CreditListEntry.objects.visible_to(user).filter(entity=entity),
        "repairs": RepairApplication.objects.visible_to(user).filter(entity=entity),
        "notify_form": forms.NotifyListingForm(prefix="notify"),
        "repair_form": forms.RepairForm(prefix="repair"),
        "statement_form": forms.StatementForm(prefix="statement"),
        "decide_form": forms.DecideListingForm(prefix="decide"),
        "remove_form": forms.RemoveForm(prefix="remove"),
        "decide_repair_form": forms.DecideRepairForm(prefix="repair-decision"),
        "can_manage": user.has_capability("credit.manage_lists"),
        "can_decide": user.has_capability("credit.decide_listing"),
        "can_recompute": user.has_capability("credit.recompute"),
    }
    if user.has_capability("credit.view_tier"):
        from wangjian.credit.tiers import explain

        history = list(
            TierAssessment.objects.visible_to(user)
            .filter(entity=entity)
            .select_related("run__model")
            .order_by("-run_id")
        )
        context["history"] = history
        current = next((a for a in history if a.is_current), None)
        context["explanation"] = explain(current) if current else None
    for event in context["events"]:
        event.citation = citation(event.legal_basis)
    return render(request, "credit/entity_record.html", context)


def _post_form(request, form_class, prefix):
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
        return None
    return form.cleaned_data


@login_required
@require_POST
def notify(request, entity_id: int):
    entity = access.get_credit_entity_for(request.user, entity_id)
    require_capability(request.user, "credit.manage_lists")
    data = _post_form(request, forms.NotifyListingForm, "notify")
    if data is not None:
        penalty = None
        if data["penalty_event"]:
            penalty = (
                CreditEvent.objects.visible_to(request.user)
                .filter(pk=data["penalty_event"], entity=entity)
                .first()
            )
        try:
            actions.notify_listing(
                actor=request.user,
                entity=entity,
                list_kind=data["list_kind"],
                ground=data["ground"],
                ground_basis=data["ground_basis"],
                notified_on=data["notified_on"],
                penalty_event=penalty,
            )
            messages.success(request, _("已告知"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("credit:entity", entity_id=entity.pk)


@login_required
@require_POST
def entry_step(request, entry_id: int, step: str):
    entry = access.get_list_entry_for(request.user, entry_id)
    steps = {
        "statement": (forms.StatementForm, "credit.manage_lists", actions.record_statement),
        "decide": (forms.DecideListingForm, "credit.decide_listing", actions.decide_listing),
        "remove": (forms.RemoveForm, "credit.decide_listing", actions.remove_from_list),
    }
    if step not in steps:
        raise not_found()
    form_class, capability, action = steps[step]
    require_capability(request.user, capability)
    data = _post_form(request, form_class, step)
    if data is not None:
        try:
            action(actor=request.user, entry=entry, **data)
            messages.success(request, _("已办理"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("credit:entity", entity_id=entry.entity_id)


@login_required
@require_POST
def repair_apply(request, entity_id: int):
    entity = access.get_credit_entity_for(request.user, entity_id)
    require_capability(request.user, "credit.manage_lists")
    data = _post_form(request, forms.RepairForm, "repair")
    if data is not None:
        target = {}
        if data["kind"] == RepairKind.PENALTY_PUBLICITY_STOP:
            target["penalty_event"] = (
                CreditEvent.objects.visible_to(request.user)
                .filter(pk=data["target"], entity=entity)
                .first()
            )
        else:
            target["list_entry"] = (
                CreditListEntry.objects.visible_to(request.user)
                .filter(pk=data["target"], entity=entity)
                .first()
            )
        try:
            actions.apply_for_repair(
                actor=request.user,
                entity=entity,
                kind=data["kind"],
                applied_on=data["applied_on"],
                statement=data["statement"],
                **target,
            )
            messages.success(request, _("已受理修复申请"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("credit:entity", entity_id=entity.pk)


@login_required
@require_POST
def repair_decide(request, repair_id: int):
    application = access.get_repair_for(request.user, repair_id)
    require_capability(request.user, "credit.decide_listing")
    data = _post_form(request, forms.DecideRepairForm, "repair-decision")
    if data is not None:
        try:
            actions.decide_repair(actor=request.user, application=application, **data)
            messages.success(request, _("已作出修复决定"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("credit:entity", entity_id=application.entity_id)


@login_required
@require_POST
def recompute_entity(request, entity_id: int):
    entity = access.get_credit_entity_for(request.user, entity_id)
    require_capability(request.user, "credit.recompute")
    actions.recompute_tiers(actor=request.user, entity_ids=[entity.pk])
    messages.success(request, _("已重新分类"))
    return redirect("credit:entity", entity_id=entity.pk)


@login_required
@require_POST
def start_monthly(request):
    from wangjian.core.actions.jobs import start_job

    require_capability(request.user, "credit.recompute")
    today = timezone.localdate()
    job = start_job(
        actor=request.user,
        kind="credit.monthly_tiers",
        title=f"{today:%Y年%m月}信用风险分类",
        parameters={"as_of": today.isoformat()},
    )
    messages.success(request, _("已启动分类任务 #{pk}").format(pk=job.pk))
    return redirect("credit:overview")
