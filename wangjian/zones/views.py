"""Pages of the zones app: staff pages for every role and the public zone pages.

Views parse input, read through ``visible_to`` / ``get_application_for`` and call one action;
a refused step comes back as a message (Chinese first, then English) on the application page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found
from wangjian.core.audit import record_personal_data_view
from wangjian.core.models import OrgUnit
from wangjian.zones import actions, forms
from wangjian.zones.access import get_application_for
from wangjian.zones.indicators import (
    basis_in_words,
    board,
    board_csv,
    chart_series,
    digital_economy,
)
from wangjian.zones.lifecycle import STEPS, ZoneStepRefused, overdue_summaries
from wangjian.zones.models import (
    CreationTask,
    IndicatorDefinition,
    Objection,
    Programme,
    ZoneApplication,
)
from wangjian.zones.programmes import article_label, cite_rule
from wangjian.zones.querysets import VIEW_CAPABILITY

# Steps with forms of their own (not the generic step form).
OWN_FORMS = {"prepare", "add_task", "report_progress", "answer_objection"}


def _require_view(user) -> None:
    if not user.has_capability(VIEW_CAPABILITY):
        raise not_found()


@login_required
def application_list(request):
    _require_view(request.user)
    applications = ZoneApplication.objects.visible_to(request.user).select_related(
        "programme", "division"
    )
    return render(
        request,
        "zones/application_list.html",
        {
            "applications": applications,
            "can_apply": request.user.has_capability("zones.apply"),
            "prepare_form": _prepare_form(),
        },
    )


def _prepare_form(data=None):
    form = forms.PrepareForm(data, initial={"on": timezone.localdate()})
    form.fields["programme"].choices = [
        (programme.pk, str(programme)) for programme in Programme.objects.all()
    ]
    return form


@login_required
@require_POST
def application_prepare(request):
    _require_view(request.user)
    form = _prepare_form(request.POST)
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
        return redirect("zones:application-list")
    programme = get_object_or_404(Programme, pk=form.cleaned_data["programme"])
    goals = [line.strip() for line in form.cleaned_data["goals"].splitlines() if line.strip()]
    try:
        application = actions.prepare_application(
            actor=request.user,
            programme=programme,
            name=form.cleaned_data["name"],
            on=form.cleaned_data["on"],
            goals=goals,
        )
    except ZoneStepRefused as error:
        messages.error(request, str(error))
        return redirect("zones:application-list")
    return redirect("zones:application-detail", application_id=application.pk)


@login_required
def programme_list(request):
    _require_view(request.user)
    programmes = []
    for programme in Programme.objects.prefetch_related("rubric_items"):
        rules = [cite_rule(programme, name) for name in programme.rules]
        programmes.append({"programme": programme, "rules": rules})
    return render(request, "zones/programme_list.html", {"programmes": programmes})


def _step_choices(application):
    return {
        "evaluator_unit": [
            (unit.pk, unit.name)
            for unit in OrgUnit.objects.filter(kind="evaluator", is_active=True)
        ],
        "item_key": [
            (item.key, f"{item.group_name}·{item.name}(≤{item.weight})")
            for item in application.programme.rubric_items.all()
        ],
        "kind": [],
    }


def _choices_for(step, application):
    choices = _step_choices(application)
    if step == "record_support":
        choices["kind"] = [("policy", "政策支持"), ("fund", "专项资金")]
    if step == "sanction":
        choices["kind"] = [
            (kind, actions.SANCTION_LABELS[kind])
            for kind in application.programme.rule("sanctions")["value"]
        ]
    return choices


WHO_MAY = {
    "zones.apply": actions.require_applicant,
    "zones.guide": actions.require_city_bureau,
    "zones.decide": actions.require_authority,
    "zones.evaluate": lambda user, application: actions.require_evaluator(
        user, application, declared=False
    ),
}


def _may_take(user, step, application) -> bool:
    """Offer a step only to whoever the action would accept for this application."""
    try:
        WHO_MAY[step.capability](user, application)
    except ZoneStepRefused:
        return False
    return True


def available_steps(user, application):
    steps = []
    for step in STEPS.values():
        if step.name in OWN_FORMS or step.name not in forms.STEP_FIELDS:
            continue
        if (
            application.state in step.from_states
            and user.has_capability(step.capability)
            and _may_take(user, step, application)
        ):
            form = forms.step_form_class(step.name, _choices_for(step.name, application))(
                initial={"on": timezone.localdate()}, prefix=step.name
            )
            steps.append({"step": step, "form": form})
    return steps


@login_required
def application_detail(request, application_id: int):
    application = get_application_for(request.user, application_id)
    objections = list(application.objections.all())
    if objections and request.user.has_capability("zones.decide"):
        record_personal_data_view(
            actor=request.user,
            target=application,
            division=application.division,
            fields=["objection.name", "objection.contact"],
            purpose="答复公示异议",
        )
    report = getattr(application, "report", None)
    context = {
        "application": application,
        # Each step in words: its label, not its name, and its basis as 《…》第四条.
        "steps": [
            (
                step,
                STEPS[step.step].label if step.step in STEPS else step.step,
                basis_in_words(step.article) if step.article else "—",
            )
            for step in application.steps.select_related("actor")
        ],
        "tasks": application.tasks.prefetch_related("reports"),
        "guidance": application.guidance.all(),
        "scores": application.scores.select_related("item"),
        "report": report,
        "objections": objections if request.user.has_capability("zones.decide") else [],
        "objection_count": len(objections),
        "summaries": application.annual_summaries.all(),
        "overdue": overdue_summaries(application, timezone.localdate()),
        "sanctions": application.sanctions.all(),
        "support": application.support.all(),
        "available_steps": available_steps(request.user, application),
        "can_apply": request.user.has_capability("zones.apply"),
        "can_decide": request.user.has_capability("zones.decide"),
        "task_form": forms.TaskForm(prefix="task"),
        "progress_form": forms.ProgressForm(
            prefix="progress", initial={"on": timezone.localdate()}
        ),
        "creation_rule": cite_rule(application.programme, "creation_period"),
        "notice_rule": cite_rule(application.programme, "public_notice_period"),
        "validity_rule": cite_rule(application.programme, "validity_period"),
    }
    return render(request, "zones/application_detail.html", context)


def _fields(*names):
    """The step's keyword arguments taken unchanged from the form fields of the same name."""
    return lambda data: {name: data[name] for name in names}


def _materials(*keys):
    return lambda data: {"materials": {key: data[key] for key in keys}}


def _evaluator_unit(data):
    return {"evaluator_unit": get_object_or_404(OrgUnit, pk=data["evaluator_unit"])}


def _annual_summary(data):
    return {"year": int(data["year"]), "text": data["text"]}


# Each lifecycle step posted from the application page: the action it calls and how its keyword
# arguments come from the step's form. Every action also takes the actor, the application and
# the date the step was taken.
STEP_ACTIONS = {
    "consent": (actions.record_consent, _fields("document")),
    "submit": (
        actions.submit_application,
        _materials("application_report", "overall_plan", "action_plan"),
    ),
    "review": (actions.review_application, _fields("opinion")),
    "reject": (actions.reject_application, _fields("reason")),
    "approve": (actions.approve_creation, _fields("meeting", "document")),
    "give_guidance": (actions.give_guidance, _fields("text")),
    "apply_acceptance": (
        actions.apply_for_acceptance,
        _materials("work_report", "special_policies", "city_opinion", "other"),
    ),
    "entrust": (actions.entrust_evaluator, _evaluator_unit),
    "declare": (actions.declare_conflict_of_interest, _fields("has_conflict", "statement")),
    "score": (actions.score_item, _fields("item_key", "score", "evidence", "comment")),
    "open_questionnaire": (actions.open_questionnaire, _fields()),
    "record_feedback": (
        actions.record_public_feedback,
        _fields("channel", "summary", "favourable"),
    ),
    "issue_report": (actions.issue_evaluation_report, _fields("conclusion")),
    "start_notice": (actions.start_public_notice, _fields()),
    "designate": (actions.designate_zone, _fields("meeting", "document")),
    "record_support": (actions.record_support, _fields("kind", "description", "amount_yuan")),
    "submit_summary": (actions.submit_annual_summary, _annual_summary),
    "expire": (actions.mark_expired, _fields()),
    "apply_reevaluation": (
        actions.apply_for_reevaluation,
        _fields("application_letter", "city_opinion"),
    ),
    "renew": (actions.renew_designation, _fields("document", "reevaluation")),
    "sanction": (actions.impose_sanction, _fields("kind", "reason", "rectify_by")),
}


def _call_step(step, user, application, data):
    if step not in STEP_ACTIONS:
        raise not_found()
    action, arguments = STEP_ACTIONS[step]
    return action(actor=user, application=application, on=data.get("on"), **arguments(data))


@login_required
@require_POST
def application_step(request, application_id: int, step: str):
    application = get_application_for(request.user, application_id)
    if step not in forms.STEP_FIELDS:
        raise not_found()
    form = forms.step_form_class(step, _choices_for(step, application))(request.POST, prefix=step)
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            _call_step(step, request.user, application, form.cleaned_data)
            messages.success(request, f"已办理「{STEPS[step].label}」。")
        except ZoneStepRefused as error:
            messages.error(request, str(error))
    return redirect("zones:application-detail", application_id=application.pk)


@login_required
@require_POST
def task_add(request, application_id: int):
    application = get_application_for(request.user, application_id)
    form = forms.TaskForm(request.POST, prefix="task")
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            actions.add_creation_task(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ZoneStepRefused as error:
            messages.error(request, str(error))
    return redirect("zones:application-detail", application_id=application.pk)


@login_required
@require_POST
def task_progress(request, application_id: int, task_id: int):
    application = get_application_for(request.user, application_id)
    task = get_object_or_404(
        CreationTask.objects.visible_to(request.user), pk=task_id, application=application
    )
    form = forms.ProgressForm(request.POST, prefix="progress")
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            actions.report_task_progress(actor=request.user, task=task, **form.cleaned_data)
        except ZoneStepRefused as error:
            messages.error(request, str(error))
    return redirect("zones:application-detail", application_id=application.pk)


@login_required
@require_POST
def objection_answer(request, application_id: int, objection_id: int):
    application = get_application_for(request.user, application_id)
    objection = get_object_or_404(Objection, pk=objection_id, application=application)
    try:
        actions.answer_objection(
            actor=request.user,
            objection=objection,
            on=timezone.localdate(),
            answer=request.POST.get("answer", ""),
        )
    except ZoneStepRefused as error:
        messages.error(request, str(error))
    return redirect("zones:application-detail", application_id=application.pk)


@login_required
def report_pdf(request, application_id: int):
    from wangjian.zones.report import render_report_pdf

    application = get_application_for(request.user, application_id)
    report = getattr(application, "report", None)
    if report is None:
        raise not_found()
    from wangjian.core.documents import DocumentNotIssuable

    try:
        pdf = render_report_pdf(report)
    except DocumentNotIssuable as error:
        messages.error(request, str(error))
        return redirect("zones:application-detail", application_id=application.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="zone-report-{application.pk}.pdf"'
    return response


@login_required
def indicator_board(request, application_id: int):
    application = get_application_for(request.user, application_id)
    rows = board(application)
    form = forms.IndicatorForm(prefix="indicator")
    form.fields["indicator_key"].choices = [
        (indicator.key, f"{indicator.name}({indicator.unit})")
        for indicator in IndicatorDefinition.objects.filter(kind="entered")
    ]
    return render(
        request,
        "zones/indicators.html",
        {
            "application": application,
            "rows": rows,
            "series": chart_series(rows),
            "digital_economy": digital_economy(application, request.user),
            "form": form,
            "can_enter": request.user.has_capability("zones.enter_indicator"),
        },
    )


@login_required
@require_POST
def indicator_enter(request, application_id: int):
    application = get_application_for(request.user, application_id)
    form = forms.IndicatorForm(request.POST, prefix="indicator")
    form.fields["indicator_key"].choices = [
        (indicator.key, indicator.name)
        for indicator in IndicatorDefinition.objects.filter(kind="entered")
    ]
    if not form.is_valid():
        messages.error(request, _("表单有误：{errors}").format(errors=form.errors.as_text()))
    else:
        try:
            actions.enter_indicator_value(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ZoneStepRefused as error:
            messages.error(request, str(error))
    return redirect("zones:indicator-board", application_id=application.pk)


@login_required
def indicator_export(request, application_id: int):
    application = get_application_for(request.user, application_id)
    response = HttpResponse("\ufeff" + board_csv(application), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="zone-{application.pk}-indicators.csv"'
    return response


# ---------------------------------------------------------------------------------------------
# Public pages: no sign-in (第二十五条 公示, 第三十一条 社会评价)


def public_list(request):
    applications = ZoneApplication.objects.public().select_related("programme", "division")
    return render(request, "zones/public/zone_list.html", {"applications": applications})


def _public_application(public_id):
    return get_object_or_404(
        ZoneApplication.objects.public().select_related("programme", "division"),
        public_id=public_id,
    )


def public_detail(request, public_id):
    application = _public_application(public_id)
    assignment = getattr(application, "assignment", None)
    questionnaire_open = (
        application.state == "evaluating"
        and assignment is not None
        and assignment.questionnaire_open
    )
    programme = application.programme
    return render(
        request,
        "zones/public/zone_detail.html",
        {
            "application": application,
            "objection_form": forms.ObjectionForm(),
            "questionnaire_open": questionnaire_open,
            "questions": programme.questionnaire.get("questions", []),
            "scale": range(1, int(programme.questionnaire.get("scale", 5)) + 1),
            "notice_basis": article_label(programme.rule("public_notice_period")["article"]),
            "validity_basis": article_label(programme.rule("validity_period")["article"]),
            "sanctions": application.sanctions.all(),
            "answered": application.objections.exclude(answered_on=None).count(),
        },
    )


@require_POST
def public_objection(request, public_id):
    application = _public_application(public_id)
    form = forms.ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, f"请完整填写异议 / please complete the objection: {form.errors.as_text()}"
        )
        return redirect("zones:public-detail", public_id=application.public_id)
    try:
        actions.submit_objection(
            application=application, on=timezone.localdate(), **form.cleaned_data
        )
        messages.success(request, "异议已收到,省局将在作出决定前答复。")
    except ZoneStepRefused as error:
        messages.error(request, str(error))
    return redirect("zones:public-detail", public_id=application.public_id)


@require_POST
def public_questionnaire(request, public_id):
    application = _public_application(public_id)
    answers = {
        question["key"]: request.POST.get(question["key"])
        for question in application.programme.questionnaire.get("questions", [])
    }
    try:
        actions.submit_questionnaire_response(
            application=application, answers=answers, comment=request.POST.get("comment", "")
        )
        messages.success(request, "感谢参与社会评价。")
    except ZoneStepRefused as error:
        messages.error(request, str(error))
    return redirect("zones:public-detail", public_id=application.public_id)
