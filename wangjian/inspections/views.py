"""Inspection pages: plans (create, commit, draw), tasks with results and publication, the
item list and the inspector list for staff; public pages for published results and draw
records (no credit tiers on them). Views parse input, read through ``visible_to`` and
``access``, and call actions."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.listing import Column, apply_search, build_listing, export_response
from wangjian.core.messages import show_error
from wangjian.inspections import access, actions, forms
from wangjian.inspections.exports import published_results_csv
from wangjian.inspections.models import (
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    RecusalDeclaration,
)


def _record_response(record: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _plan_columns():
    return (
        Column("title", _("计划"), ("title",)),
        Column("year", _("年度"), ("year",)),
        Column("division", _("辖区"), ("division__name",)),
        Column("state", _("状态"), ("state",)),
        Column("drawn_on", _("抽取日期"), ("drawn_on",)),
    )


def _searched_plans(request, plans):
    query = request.GET.get("q", "").strip()
    return apply_search(plans, query, ("title", "year")), query


@login_required
def plan_export(request):
    require_capability(request.user, "inspections.view")
    plans = InspectionPlan.objects.visible_to(request.user).select_related("division")
    plans, query = _searched_plans(request, plans)
    rows = (
        (plan.title, plan.year, plan.division.name, plan.get_state_display(), plan.drawn_on)
        for plan in plans.order_by("-year", "-id").iterator()
    )
    return export_response(
        actor=request.user,
        list_name="inspections.plans",
        title=_("抽查计划"),
        headers=[_("计划"), _("年度"), _("辖区"), _("状态"), _("抽取日期")],
        rows=rows,
        filters={"q": query},
        file_name="inspection-plans.xlsx",
    )


@login_required
def plan_list(request):
    require_capability(request.user, "inspections.view")
    user = request.user
    plans = InspectionPlan.objects.visible_to(user).select_related("division")
    form = None
    if user.has_capability("inspections.plan"):
        form = forms.PlanForm(request.POST or None, prefix="plan")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            scope = {k: data[k] for k in ("entity_type", "industry") if data[k]}
            try:
                plan = actions.create_plan(
                    actor=user,
                    title=data["title"],
                    division=user.jurisdiction,
                    year=data["year"],
                    items=data["items"],
                    scope=scope,
                    algorithm=data["algorithm"],
                    team_size=data["team_size"],
                )
                return redirect("inspections:plan-detail", plan_id=plan.pk)
            except (ValidationError, PermissionDenied) as error:
                show_error(request, error)
    elif request.method == "POST":
        raise not_found()
    today = timezone.localdate()
    overdue = (
        InspectionResult.objects.visible_to(user)
        .overdue(today)
        .select_related("task__entity", "task__plan")
    )
    plans, query = _searched_plans(request, plans)
    listing = build_listing(request, plans, columns=_plan_columns(), default_sort="-year")
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": listing.page,
            "listing": listing,
            "query": query,
            "form": form,
            "overdue": overdue,
            "today": today,
        },
    )


@login_required
def plan_detail(request, plan_id: int):
    plan = access.get_plan_for(request.user, plan_id)
    tasks = (
        InspectionTask.objects.visible_to(request.user)
        .filter(plan=plan)
        .select_related("entity", "result")
        .prefetch_related("inspectors")
    )
    can_draw = request.user.has_capability("inspections.draw")
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "items": plan.items.all(),
            "strata": sorted(plan.object_record.get("plan", {}).items()),
            "commit_form": forms.CommitForm(prefix="commit") if can_draw else None,
            "draw_form": forms.DrawForm(prefix="draw") if can_draw else None,
        },
    )


@login_required
@require_POST
def plan_commit(request, plan_id: int):
    plan = access.get_plan_for(request.user, plan_id)
    require_capability(request.user, "inspections.draw")
    form = forms.CommitForm(request.POST, prefix="commit")
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            actions.commit_plan(
                actor=request.user,
                plan=plan,
                sources=form.cleaned_data["sources"],
                seed_commitment=form.cleaned_data["seed_commitment"].strip().lower(),
            )
            messages.success(request, _("已公布承诺"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("inspections:plan-detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_draw(request, plan_id: int):
    plan = access.get_plan_for(request.user, plan_id)
    require_capability(request.user, "inspections.draw")
    form = forms.DrawForm(request.POST, prefix="draw")
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            actions.draw_plan(
                actor=request.user,
                plan=plan,
                source_values=form.cleaned_data["values"],
                seed=form.cleaned_data["seed"],
            )
            messages.success(request, _("已抽取"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("inspections:plan-detail", plan_id=plan.pk)


@login_required
def plan_record(request, plan_id: int):
    plan = access.get_plan_for(request.user, plan_id)
    if not plan.object_record:
        raise not_found()
    return _record_response(plan.object_record, f"draw-{plan.public_id}.json")


@login_required
def task_detail(request, task_id: int):
    task = access.get_task_for(request.user, task_id)
    result = getattr(task, "result", None)
    return render(
        request,
        "inspections/task_detail.html",
        {
            "task": task,
            "result": result,
            "exclusions": task.inspector_record.get("exclusions", []),
            "form": forms.ResultForm(prefix="result")
            if result is None and request.user.has_capability("inspections.record_result")
            else None,
            "can_publish": request.user.has_capability("inspections.publish"),
        },
    )


@login_required
@require_POST
def task_result(request, task_id: int):
    task = access.get_task_for(request.user, task_id)
    require_capability(request.user, "inspections.record_result")
    form = forms.ResultForm(request.POST, request.FILES, prefix="result")
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        data = form.cleaned_data
        try:
            actions.record_result(
                actor=request.user,
                task=task,
                outcome=data["outcome"],
                result_on=data["result_on"],
                notes=data["notes"],
                attachments=[data["attachment"]] if data["attachment"] else [],
            )
            messages.success(request, _("已录入检查结果"))
        except (ValidationError, PermissionDenied) as error:
            show_error(request, error)
    return redirect("inspections:task-detail", task_id=task.pk)


@login_required
@require_POST
def result_publish(request, result_id: int):
    result = access.get_result_for(request.user, result_id)
    require_capability(request.user, "inspections.publish")
    try:
        actions.publish_result(actor=request.user, result=result)
        messages.success(request, _("已公示"))
    except (ValidationError, PermissionDenied) as error:
        show_error(request, error)
    return redirect("inspections:task-detail", task_id=result.task_id)


@login_required
def item_list(request):
    require_capability(request.user, "inspections.view")
    return render(request, "inspections/item_list.html", {"items": InspectionItem.objects.all()})


@login_required
def inspector_list(request):
    require_capability(request.user, "inspections.view")
    user = request.user
    inspectors = Inspector.objects.visible_to(user).select_related("division")
    recusals = RecusalDeclaration.objects.visible_to(user).select_related("inspector", "entity")
    return render(
        request,
        "inspections/inspector_list.html",
        {"inspectors": inspectors, "recusals": recusals, "today": timezone.localdate()},
    )


# --------------------------------------------------------------------------------------------
# Public pages (一公开): no sign-in, no credit tiers.


def _published():
    return (
        InspectionResult.objects.published()
        .select_related("task__entity", "task__plan")
        .prefetch_related("task__plan__items", "task__inspectors")
        .order_by("-published_on", "-id")
    )


def public_results(request):
    plans = InspectionPlan.objects.public().select_related("division").order_by("-id")
    return render(
        request, "inspections/public/results.html", {"results": _published(), "plans": plans}
    )


def public_results_csv(request):
    response = HttpResponse(published_results_csv(_published()), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="inspection-results.csv"'
    return response


def public_plan(request, public_id):
    plan = get_object_or_404(InspectionPlan.objects.public(), public_id=public_id)
    tasks = plan.tasks.select_related("entity").prefetch_related("inspectors")
    record = plan.object_record
    return render(
        request,
        "inspections/public/plan.html",
        {
            "plan": plan,
            "record": record,
            "strata": sorted(record.get("plan", {}).items()),
            "tasks": tasks,
            "items": plan.items.all(),
        },
    )


def public_plan_record(request, public_id):
    plan = get_object_or_404(InspectionPlan.objects.public(), public_id=public_id)
    return _record_response(plan.object_record, f"draw-{plan.public_id}.json")


def public_task_record(request, public_id):
    task = get_object_or_404(InspectionTask.objects.public(), public_id=public_id)
    return _record_response(task.inspector_record, f"inspectors-{task.public_id}.json")
