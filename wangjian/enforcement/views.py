"""执法办案 pages: the case register with filters, a case with its clocks, timeline, documents
and the approval steps; guidance issued and received.

Views parse input, call an action and show its refusal (Chinese first) with status 400 on the
same page; every rule is the actions'. Records are read through ``visible_to`` and the
``get_*_for`` lookups, so another bureau's record answers exactly like a missing one.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.working_days import CalendarYearNotCovered
from wangjian.enforcement import actions, documents, forms
from wangjian.enforcement.access import get_case_for, get_guidance_for
from wangjian.enforcement.actions.cases import (
    STAGE_CAPABILITY,
    SUBJECT_STATES,
    late_fee,
    next_stage,
    paused_days,
    publicity_key,
    publishable,
)
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.actions.records import RECORD_STATES
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    MEASURE_PERIOD,
    SUBJECT_STAGES,
    CaseState,
    GuidanceKind,
    Outcome,
    Stage,
    Subject,
)
from wangjian.enforcement.models import Case, Guidance
from wangjian.enforcement.procedure import ProcedureDataError, period_deadline, version_named

PAGE_SIZE = 50


def _form_error(form) -> str:
    problems = "；".join(
        f"{form.fields[name].label if name in form.fields else name}：{' '.join(errors)}"
        for name, errors in form.errors.items()
    )
    return f"表单有误：{problems} / invalid form: {form.errors.as_text()}"


def _querystring(request, without=("page",)) -> str:
    query = request.GET.copy()
    for name in without:
        query.pop(name, None)
    return query.urlencode()


# --- Case register -----------------------------------------------------------------------------


def _clue_choices(user):
    from wangjian.monitoring.choices import ClueState
    from wangjian.monitoring.models import Clue

    clues = (
        Clue.objects.visible_to(user)
        .filter(state__in=[ClueState.REGISTERED, ClueState.REFERRED])
        .exclude(enforcement_cases__isnull=False)
        .order_by("-discovered_on")[:100]
    )
    return [(clue.pk, f"{clue.number} · {clue.summary[:40]}") for clue in clues]


def _filtered_cases(user, form, today):
    """The register lists the cases the bureau holds, newest registration first (the primary
    key, so a page is read from the index); cases it transferred away are a filter of their own."""
    data = form.cleaned_data
    if data["state"] == forms.TRANSFERRED_OUT:
        cases = Case.objects.visible_to(user).exclude(pk__in=Case.objects.handled_by(user))
    else:
        cases = Case.objects.handled_by(user)
    cases = cases.order_by("-pk")
    if data["state"] == forms.OVERDUE:
        cases = cases.overdue(today)
    elif data["state"] and data["state"] != forms.TRANSFERRED_OUT:
        cases = cases.filter(state=data["state"])
    if data["source"]:
        cases = cases.filter(source_kind=data["source"])
    if data["article"]:
        article = data["article"].strip()
        cases = cases.filter(
            Q(penalty_article=article) | Q(violated_articles__icontains=f'"{article}"')
        )
    if data["officer"]:
        officer = data["officer"].strip()
        cases = cases.filter(
            Q(handler__username=officer) | Q(handler__display_name__icontains=officer)
        )
    return cases


def _render_cases(request, *, error="", status=200, clue_form=None, register_form=None):
    user = request.user
    require_capability(user, "enforcement.view_case")
    today = timezone.localdate()
    form = forms.CaseFilterForm(request.GET)
    if form.is_valid():
        cases = _filtered_cases(user, form, today)
    else:
        error, status, cases = _form_error(form), 400, Case.objects.none()
    # The page's ids first (read along the primary key, no joins), then its rows with their
    # related records: sorting the joined rows of a whole bureau would cost far more.
    page = Paginator(cases.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page_cases = Case.objects.visible_to(user).filter(pk__in=list(page.object_list))
    rows = page_cases.select_related("entity", "shop", "handler", "division")
    by_id = {case.pk: case for case in rows}
    page.object_list = [by_id[pk] for pk in page.object_list]
    overdue_ids = set(page_cases.overdue(today).values_list("pk", flat=True))
    for case in page:
        case.overdue = case.pk in overdue_ids
        case.next_due = _next_due(case)
    clue_form = clue_form or forms.ClueCaseForm()
    clue_form.fields["clue"].widget.choices = _clue_choices(user)
    context = {
        "page": page,
        "form": form,
        "error": error,
        "querystring": _querystring(request),
        "may_handle": user.has_capability("enforcement.handle"),
        "clue_form": clue_form,
        "register_form": register_form or forms.RegisterForm(initial={"found_on": today}),
    }
    return render(request, "enforcement/cases.html", context, status=status)


@login_required
def case_list(request):
    return _render_cases(request)


@login_required
@require_POST
def case_from_clue(request):
    from wangjian.monitoring.models import Clue

    require_capability(request.user, "enforcement.handle")
    form = forms.ClueCaseForm(request.POST)
    form.fields["clue"].widget.choices = _clue_choices(request.user)
    if not form.is_valid():
        return _render_cases(request, error=_form_error(form), status=400, clue_form=form)
    clue = Clue.objects.visible_to(request.user).filter(pk=form.cleaned_data["clue"]).first()
    if clue is None:
        raise not_found()
    try:
        case = actions.case_from_clue(actor=request.user, clue=clue)
    except EnforcementError as error:
        return _render_cases(request, error=str(error), status=400, clue_form=form)
    messages.success(request, _("已从线索登记案源，请在核查期限内提出是否立案的意见。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_register(request):
    from wangjian.registry.models import MarketEntity

    require_capability(request.user, "enforcement.handle")
    form = forms.RegisterForm(request.POST)
    if not form.is_valid():
        return _render_cases(request, error=_form_error(form), status=400, register_form=form)
    data = form.cleaned_data
    entity = None
    if data["entity_uscc"]:
        entity = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=data["entity_uscc"].strip().upper())
            .first()
        )
        if entity is None:
            return _render_cases(
                request,
                error=_(
                    "辖区内未找到该统一社会信用代码的市场主体 / no such entity in your jurisdiction"
                ),
                status=400,
                register_form=form,
            )
    try:
        case = actions.register_case(
            actor=request.user,
            conduct=data["conduct"],
            entity=entity,
            person_name=data["person_name"],
            person_id=data["person_id"],
            found_on=data["found_on"],
        )
    except EnforcementError as error:
        return _render_cases(request, error=str(error), status=400, register_form=form)
    messages.success(request, _("案源已登记，请在核查期限内提出是否立案的意见。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


# --- A case ------------------------------------------------------------------------------------


def _next_due(case):
    if case.state == CaseState.VERIFYING:
        return case.verification_due
    if case.state == CaseState.NOTIFIED:
        return case.statement_due
    if case.state in DECISION_CLOCK_STATES:
        return case.decision_due
    if case.state == CaseState.SERVED:
        return case.payment_due
    return None


def _clock(label, due, period, today, *, active=True, note=""):
    return {
        "label": label,
        "due": due,
        "citation": period.citation if period else "",
        "counting": period.counting if period else "",
        "overdue": bool(active and due and due < today),
        "active": active,
        "note": note,
    }


def case_clocks(case, today) -> list[dict]:
    """Every deadline of the case with its basis (the case page shows each)."""
    try:
        version = version_named(case.procedure_version)
    except ProcedureDataError:
        return []
    clocks = []
    if case.verification_due or case.state == CaseState.VERIFYING:
        clock = _clock(
            _("核查期限"),
            case.verification_due,
            None,
            today,
            active=case.state == CaseState.VERIFYING,
            note=case.verification_basis,
        )
        clocks.append(clock)
    if case.filed_on:
        paused = paused_days(case)
        note = []
        if paused:
            note.append(_("已扣除中止期间 {days} 日").format(days=paused))
        if case.extended_days:
            note.append(_("经负责人批准延长 {days} 日").format(days=case.extended_days))
        if case.pauses.filter(ended_on__isnull=True).exists():
            note.append(_("目前中止计算"))
        if case.decision_due is None:
            note.append(case.calendar_note)
        clocks.append(
            _clock(
                _("办案期限（作出处理决定）"),
                case.decision_due,
                version.period("decision_due"),
                today,
                active=case.state in DECISION_CLOCK_STATES,
                note="；".join(note),
            )
        )
    if case.review_due:
        clocks.append(
            _clock(
                _("法制审核期限"),
                case.review_due,
                version.period("legal_review_due"),
                today,
                active=case.state == CaseState.REVIEWING,
            )
        )
    if case.statement_due:
        clocks.append(
            _clock(
                _("陈述申辩期限"),
                case.statement_due,
                version.period("statement_due"),
                today,
                active=case.state == CaseState.NOTIFIED,
            )
        )
    if case.payment_due:
        accrued = late_fee(case, today)
        note = ""
        if accrued:
            note = _("已加处罚款 {amount} 元（每日按罚款数额百分之三，以罚款数额为限）").format(
                amount=accrued
            )
        clocks.append(
            _clock(
                _("缴纳罚款期限"),
                case.payment_due,
                version.period("payment_due"),
                today,
                active=case.state == CaseState.SERVED,
                note=note,
            )
        )
    if case.publicity_due:
        clocks.append(
            _clock(
                _("公示期限"),
                case.publicity_due,
                version.period(publicity_key(case)),
                today,
                active=case.published_on is None,
            )
        )
    for transfer in case.judicial_transfers.filter(answer="pending", received_on__isnull=False):
        period = version.period("judicial_acceptance_due")
        try:
            due = period_deadline(period, transfer.received_on).due
        except CalendarYearNotCovered:
            due = None
        clocks.append(
            _clock(
                _("公安机关审查移送案件（{organ}）").format(organ=transfer.organ),
                due,
                period,
                today,
                note=_("回执编号 {number}").format(number=transfer.receipt_number),
            )
        )
    for measure in case.measures.all():
        note = ""
        if measure.extended_days:
            note = _("经负责人批准延长 {days} 日").format(days=measure.extended_days)
        if measure.ended_on:
            note = _("已于 {on} 作出处理决定：{outcome}").format(
                on=measure.ended_on, outcome=measure.outcome
            )
        clocks.append(
            _clock(
                _("{kind}（{on} 采取）").format(
                    kind=measure.get_kind_display(), on=measure.started_on
                ),
                measure.due,
                version.period(MEASURE_PERIOD[measure.kind]),
                today,
                active=measure.ended_on is None,
                note=note,
            )
        )
    return clocks


def case_timeline(case) -> list[dict]:
    rows = [{"on": case.found_on, "what": _("登记案源"), "detail": case.source_note, "by": ""}]
    for step in case.approvals.select_related("actor"):
        rows.append(
            {
                "on": step.on,
                "what": f"{step.get_subject_display()} · {step.get_stage_display()}"
                + ("" if step.agreed else _("（不同意，退回）")),
                "detail": step.opinion,
                "by": str(step.actor),
            }
        )
    for pause in case.pauses.all():
        detail = pause.reason
        if pause.ended_on:
            detail += _("；{days} 日不计入办案期限").format(days=pause.days)
        rows.append(
            {
                "on": pause.started_on,
                "what": _("中止计算：") + pause.get_kind_display(),
                "detail": detail,
                "by": str(pause.recorded_by),
            }
        )
        if pause.ended_on:
            rows.append({"on": pause.ended_on, "what": _("恢复计算"), "detail": "", "by": ""})
    for transfer in case.transfers.select_related("from_division", "to_division"):
        rows.append(
            {
                "on": transfer.sent_on,
                "what": _("移送"),
                "detail": f"{transfer.from_division.name} → {transfer.to_division.name}："
                f"{transfer.reason}",
                "by": str(transfer.sent_by),
            }
        )
        if transfer.received_on:
            rows.append(
                {
                    "on": transfer.received_on,
                    "what": _("接收移送"),
                    "detail": "",
                    "by": str(transfer.received_by),
                }
            )
    for on, what in (
        (case.notified_on, _("告知")),
        (case.decided_on, _("作出决定")),
        (case.served_on, _("送达")),
        (case.executed_on, _("执行完毕")),
        (case.published_on, _("公示")),
        (case.publicity_withdrawn_on, _("撤回公示")),
        (case.closed_on, _("结案")),
    ):
        if on:
            rows.append({"on": on, "what": what, "detail": "", "by": ""})
    rows.sort(key=lambda row: row["on"])
    return rows


def _approval_choices(case, user):
    """The approval steps this user may take now (one per open subject)."""
    if case.transfer_pending or not Case.objects.handled_by(user).filter(pk=case.pk).exists():
        return []
    steps = []
    for subject, states in SUBJECT_STATES.items():
        if case.state not in states:
            continue
        stage = next_stage(case, subject)
        if (
            subject == Subject.PROPOSAL
            and stage == Stage.PROPOSE
            and (case.state != CaseState.INVESTIGATING)
        ):
            continue
        if not user.has_capability(STAGE_CAPABILITY[stage]):
            continue
        if stage == Stage.PROPOSE and user.pk != case.handler_id:
            continue
        if (
            subject == Subject.CLOSING
            and case.outcome == Outcome.PENALTY
            and (case.state != CaseState.EXECUTED)
        ):
            continue
        steps.append(
            {
                "subject": subject,
                "stage": stage,
                "label": f"{Subject(subject).label} · {Stage(stage).label}",
            }
        )
    return steps


def _steps(case, user):
    """The officer's other steps this user may take now."""
    if not user.has_capability("enforcement.handle"):
        return []
    if not Case.objects.handled_by(user).filter(pk=case.pk).exists():
        return []
    if case.transfer_pending:
        return ["receive"]
    steps = []
    if case.state == CaseState.NOTIFIED:
        steps += ["statement", "hearing"]
    if case.state == CaseState.HEARING:
        steps.append("hearing_closed")
    if case.state in DECISION_CLOCK_STATES:
        steps.append("resume" if case.pauses.filter(ended_on__isnull=True).exists() else "pause")
    if case.state == CaseState.DECIDED:
        steps.append("serve")
    if case.state == CaseState.SERVED and case.outcome == Outcome.PENALTY:
        steps.append("execute")
    if publishable(case) and case.decided_on and case.published_on is None:
        steps.append("publish")
    if case.published_on and case.publicity_withdrawn_on is None:
        steps.append("withdraw")
    return steps


def _record_officers(case, user):
    from wangjian.inspections.models import Inspector

    return (
        Inspector.objects.visible_to(user)
        .filter(active=True, division=case.division)
        .exclude(user=user)
    )


def _may_record(case, user) -> bool:
    return (
        user.has_capability("enforcement.handle")
        and not case.transfer_pending
        and case.state in RECORD_STATES
        and Case.objects.handled_by(user).filter(pk=case.pk).exists()
    )


def _hearing_hosts(case):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role__in=("regulator", "section_chief"),
            org_unit__division=case.division,
        )
        .exclude(pk=case.handler_id)
        .order_by("pk")
    )


def _render_case(
    request, case_id, *, error="", approval_form=None, record_form=None, hearing_form=None
):
    user = request.user
    case = get_case_for(user, case_id)
    today = timezone.localdate()
    may_record = _may_record(case, user)
    may_handle = (
        user.has_capability("enforcement.handle")
        and not case.transfer_pending
        and Case.objects.handled_by(user).filter(pk=case.pk).exists()
    )
    step_labels = dict(forms.StepForm.base_fields["step"].choices)
    context = {
        "case": case,
        "clocks": case_clocks(case, today),
        "timeline": case_timeline(case),
        "documents": documents.available_documents(case),
        "approvals": _approval_choices(case, user),
        "approval_form": approval_form or forms.ApprovalForm(),
        "steps": [(step, step_labels[step]) for step in _steps(case, user)],
        "step_form": forms.StepForm(),
        "may_transfer": user.has_capability("enforcement.approve")
        and not case.transfer_pending
        and case.state in (CaseState.VERIFYING, *DECISION_CLOCK_STATES)
        and Case.objects.handled_by(user).filter(pk=case.pk).exists(),
        "transfer_form": forms.TransferForm(),
        "read_only": not Case.objects.handled_by(user).filter(pk=case.pk).exists(),
        "subject_stages": {
            key: [str(Stage(s).label) for s in v] for key, v in SUBJECT_STAGES.items()
        },
        "answer": case.exemption_answer or {},
        "violated": documents._legal_rows(case.violated_articles),
        "penalty_basis": documents._legal_rows([case.penalty_article]),
        "records": case.records.prefetch_related("attachments"),
        "may_record": may_record,
        "record_form": record_form
        or (forms.CaseRecordForm(officers=_record_officers(case, user)) if may_record else None),
        "acknowledgement_form": forms.RecordAcknowledgementForm(),
        "hearings": case.hearings.select_related("host", "pause"),
        "measures": case.measures.all(),
        "measure_form": forms.MeasureForm() if may_record else None,
        "measure_step_form": forms.MeasureStepForm(),
        "may_approve": may_handle and user.has_capability("enforcement.approve"),
        "judicial_transfers": case.judicial_transfers.all(),
        "judicial_form": forms.JudicialForm(),
        "may_handle": may_handle,
        "hearing_form": hearing_form
        or (
            forms.HearingRecordForm(hosts=_hearing_hosts(case))
            if may_record and case.state == CaseState.HEARING
            else None
        ),
        "error": error,
    }
    return render(request, "enforcement/case_detail.html", context, status=400 if error else 200)


@login_required
def case_detail(request, case_id: int):
    return _render_case(request, case_id)


@login_required
@require_POST
def case_approve(request, case_id: int):
    case = get_case_for(request.user, case_id)
    data = request.POST.copy()
    if "subject_stage" in data and "/" in data["subject_stage"]:
        data["subject"], data["stage"] = data["subject_stage"].split("/", 1)
    form = forms.ApprovalForm(data)
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form), approval_form=form)
    data = form.cleaned_data
    try:
        actions.approval_step(
            actor=request.user,
            case=case,
            subject=data["subject"],
            stage=data["stage"],
            opinion=data["opinion"],
            agreed=data["agreed"],
            payload=form.payload(),
        )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error), approval_form=form)
    messages.success(request, _("已记录审批意见。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_step(request, case_id: int):
    case = get_case_for(request.user, case_id)
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form))
    data, user = form.cleaned_data, request.user
    on, text = data.get("on") or None, data.get("text") or ""
    step = data["step"]
    try:
        if step in ("statement", "hearing"):
            actions.record_statement(
                actor=user, case=case, statement=text, hearing_requested=step == "hearing", on=on
            )
        elif step == "hearing_closed":
            actions.close_hearing(actor=user, case=case, note=text, on=on)
        elif step == "pause":
            actions.pause_case(actor=user, case=case, kind=data["kind"], reason=text, started_on=on)
        elif step == "resume":
            actions.resume_case(actor=user, case=case, ended_on=on)
        elif step == "serve":
            actions.serve_decision(actor=user, case=case, on=on)
        elif step == "execute":
            actions.record_execution(actor=user, case=case, note=text, on=on)
        elif step == "publish":
            actions.publish_penalty(actor=user, case=case, on=on)
        elif step == "withdraw":
            actions.withdraw_publicity(
                actor=user, case=case, reason=text, changed_on=on or timezone.localdate()
            )
        else:
            actions.receive_transfer(actor=user, case=case, on=on)
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error))
    messages.success(request, _("已记录。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_transfer(request, case_id: int):
    from wangjian.core.models import Division

    case = get_case_for(request.user, case_id)
    form = forms.TransferForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form))
    code = form.cleaned_data["to_division"].strip()
    division = Division.objects.filter(code=code.ljust(12, "0")).first()
    if division is None:
        return _render_case(
            request, case.pk, error=_("接收机关辖区代码无效 / unknown division code")
        )
    try:
        actions.transfer_case(
            actor=request.user, case=case, to_division=division, reason=form.cleaned_data["reason"]
        )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error))
    messages.success(request, _("已移送，待接收机关签收。本局仍可查阅本案。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
def case_document(request, case_id: int, slug: str):
    case = get_case_for(request.user, case_id)
    if slug not in documents.CASE_DOCUMENTS:
        raise not_found()
    try:
        pdf = documents.render_case_document(case, slug)
    except EnforcementError as error:
        return _render_case(request, case.pk, error=str(error))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{case.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def case_record_add(request, case_id: int):
    case = get_case_for(request.user, case_id)
    form = forms.CaseRecordForm(
        request.POST, request.FILES, officers=_record_officers(case, request.user)
    )
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form), record_form=form)
    data = form.cleaned_data
    upload = data.get("attachment")
    try:
        actions.make_case_record(
            actor=request.user,
            case=case,
            kind=data["kind"],
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            place=data["place"],
            officers=[request.user, get_user_model().objects.get(pk=data["co_officer"])],
            subject_name=data["subject_name"],
            subject_role=data["subject_role"],
            questions=form.pairs(),
            observations=data["observations"],
            files=[(upload.name, upload.read())] if upload else [],
        )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error), record_form=form)
    messages.success(request, _("已制作笔录。请当事人核对签字后记录签字情况，并出具笔录 PDF。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_record_acknowledge(request, case_id: int, record_id: int):
    case = get_case_for(request.user, case_id)
    record = case.records.filter(pk=record_id).first()
    if record is None:
        raise not_found()
    form = forms.RecordAcknowledgementForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form))
    data = form.cleaned_data
    try:
        actions.acknowledge_case_record(
            actor=request.user,
            record=record,
            state=data["state"],
            note=data["note"],
            on=data.get("on") or None,
        )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error))
    messages.success(request, _("已记录签字情况。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_hearing(request, case_id: int):
    case = get_case_for(request.user, case_id)
    form = forms.HearingRecordForm(request.POST, hosts=_hearing_hosts(case))
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form), hearing_form=form)
    data = form.cleaned_data
    try:
        actions.record_hearing(
            actor=request.user,
            case=case,
            held_on=data["held_on"],
            place=data["place"],
            host=get_user_model().objects.get(pk=data["host"]),
            participants=data["participants"],
            party_statement=data["party_statement"],
            officer_statement=data["officer_statement"],
        )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error), hearing_form=form)
    messages.success(request, _("已记录听证笔录；办案期限已恢复计算。下一步：提出处理决定。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_measure(request, case_id: int):
    """Take a measure (no ``measure``), or extend/end one (``measure`` and ``op``)."""
    case = get_case_for(request.user, case_id)
    user = request.user
    try:
        if request.POST.get("measure"):
            measure = case.measures.filter(pk=request.POST.get("measure", "")).first()
            form = forms.MeasureStepForm(request.POST)
            if measure is None:
                raise not_found()
            if not form.is_valid():
                return _render_case(request, case.pk, error=_form_error(form))
            data = form.cleaned_data
            if data["op"] == "extend":
                actions.extend_measure(
                    actor=user, measure=measure, reason=data["text"], on=data["on"] or None
                )
            else:
                actions.end_measure(
                    actor=user, measure=measure, outcome=data["text"], on=data["on"] or None
                )
        else:
            form = forms.MeasureForm(request.POST)
            if not form.is_valid():
                return _render_case(request, case.pk, error=_form_error(form))
            data = form.cleaned_data
            actions.take_measure(
                actor=user,
                case=case,
                kind=data["kind"],
                items=data["items"],
                reason=data["reason"],
                on=data["on"] or None,
            )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error))
    messages.success(request, _("已记录。期限及其依据见“期限”一栏。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
@require_POST
def case_judicial(request, case_id: int):
    case = get_case_for(request.user, case_id)
    form = forms.JudicialForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case.pk, error=_form_error(form))
    data, user = form.cleaned_data, request.user
    on = data["on"] or timezone.localdate()
    try:
        if data["op"] == "transfer":
            actions.transfer_to_judiciary(
                actor=user,
                case=case,
                organ=data["organ"],
                reason=data["text"],
                materials=data["materials"],
                on=on,
            )
        elif data["op"] == "receipt":
            actions.record_judicial_receipt(
                actor=user, case=case, receipt_number=data["receipt_number"], received_on=on
            )
        else:
            actions.record_judicial_answer(
                actor=user, case=case, accepted=data["op"] == "accepted", note=data["text"], on=on
            )
    except (EnforcementError, PermissionDenied) as error:
        return _render_case(request, case.pk, error=str(error))
    messages.success(request, _("已记录移送司法机关的办理情况。"))
    return redirect("enforcement:case-detail", case_id=case.pk)


@login_required
def case_record_document(request, case_id: int, record_id: int):
    case = get_case_for(request.user, case_id)
    record = case.records.select_related("case").filter(pk=record_id).first()
    if record is None:
        raise not_found()
    response = HttpResponse(
        documents.render_record_document(record), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="record-{case.pk}-{record.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_register_export(request):
    from wangjian.enforcement.exports import case_register_xlsx

    require_capability(request.user, "enforcement.view_case")
    response = HttpResponse(
        case_register_xlsx(Case.objects.visible_to(request.user)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="case-register-{stamp}.xlsx"'
    return response


# --- Guidance ----------------------------------------------------------------------------------


def _hotspot_for(user, hotspot_id):
    """The complaint hot spot a guidance is issued from, if the user may see it."""
    from wangjian.complaints.models import HotSpot

    if not str(hotspot_id or "").isdigit():
        return None
    return HotSpot.objects.visible_to(user).filter(pk=int(hotspot_id)).first()


def _hotspot_initial(user, query) -> dict:
    hotspot = _hotspot_for(user, query.get("hotspot"))
    if hotspot is None:
        return {}
    initial = {"hotspot": hotspot.pk, "kind": GuidanceKind.REMINDER}
    if hotspot.dimension == "platform":
        initial["platform_name"] = hotspot.value
    return initial


def _render_guidance_list(request, *, error="", form=None):
    user = request.user
    require_capability(user, "enforcement.view_guidance")
    items = Guidance.objects.visible_to(user).select_related("entity", "platform")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        due = item.follow_up_date
        item.overdue = bool(due and due < today and item.state != "closed")
    context = {
        "page": page,
        "error": error,
        "staff": user.jurisdiction is not None,
        "may_issue": user.has_capability("enforcement.handle"),
        "form": form or forms.GuidanceForm(initial=_hotspot_initial(user, request.GET)),
        "hotspot": _hotspot_for(user, (form.data if form else request.GET).get("hotspot")),
        "querystring": _querystring(request),
    }
    return render(request, "enforcement/guidance.html", context, status=400 if error else 200)


@login_required
def guidance_list(request):
    return _render_guidance_list(request)


@login_required
@require_POST
def guidance_issue(request):
    from wangjian.registry.models import MarketEntity, Platform

    require_capability(request.user, "enforcement.handle")
    form = forms.GuidanceForm(request.POST)
    if not form.is_valid():
        return _render_guidance_list(request, error=_form_error(form), form=form)
    data = form.cleaned_data
    entity = platform = None
    if data["entity_uscc"]:
        entity = (
            MarketEntity.objects.visible_to(request.user)
            .filter(uscc=data["entity_uscc"].strip().upper())
            .first()
        )
    if data["platform_name"]:
        platform = (
            Platform.objects.visible_to(request.user)
            .filter(name=data["platform_name"].strip())
            .first()
        )
    hotspot = _hotspot_for(request.user, data.get("hotspot"))
    if data.get("hotspot") and hotspot is None:
        return _render_guidance_list(
            request, error=_("未找到该投诉热点 / the hot spot was not found"), form=form
        )
    if (data["entity_uscc"] and entity is None) or (data["platform_name"] and platform is None):
        return _render_guidance_list(
            request, error=_("未找到该对象 / the recipient was not found"), form=form
        )
    try:
        guidance = actions.issue_guidance(
            actor=request.user,
            kind=data["kind"],
            content=data["content"],
            entity=entity,
            platform=platform,
            legal_basis=[key.strip() for key in data["legal_basis"].split(",") if key.strip()],
            meeting_at=data["meeting_at"],
            meeting_place=data["meeting_place"],
            participants=data["participants"],
            rectification_due=data["rectification_due"],
            follow_up_due=data["follow_up_due"],
            hotspot=hotspot,
        )
    except EnforcementError as error:
        return _render_guidance_list(request, error=str(error), form=form)
    messages.success(request, _("文书已发出；对象有账号的，将在其页面签收和答复。"))
    return redirect("enforcement:guidance-detail", guidance_id=guidance.pk)


def _render_guidance(request, guidance_id, *, error=""):
    user = request.user
    guidance = get_guidance_for(user, guidance_id)
    staff = user.jurisdiction is not None
    today = timezone.localdate()
    due = guidance.follow_up_date
    context = {
        "guidance": guidance,
        "staff": staff,
        "recipient": not staff and user.has_capability("enforcement.answer_guidance"),
        "may_handle": staff and user.has_capability("enforcement.handle"),
        "overdue": bool(due and due < today and guidance.state != "closed"),
        "is_interview": guidance.kind == GuidanceKind.INTERVIEW,
        "form": forms.GuidanceStepForm(),
        "error": error,
    }
    return render(
        request, "enforcement/guidance_detail.html", context, status=400 if error else 200
    )


@login_required
def guidance_detail(request, guidance_id: int):
    return _render_guidance(request, guidance_id)


@login_required
@require_POST
def guidance_step(request, guidance_id: int):
    guidance = get_guidance_for(request.user, guidance_id)
    form = forms.GuidanceStepForm(request.POST)
    if not form.is_valid():
        return _render_guidance(request, guidance.pk, error=_form_error(form))
    data, user = form.cleaned_data, request.user
    try:
        if data["step"] == "acknowledge":
            actions.acknowledge_guidance(actor=user, guidance=guidance)
        elif data["step"] == "answer":
            actions.answer_guidance(actor=user, guidance=guidance, answer=data["text"])
        elif data["step"] == "interview_record":
            actions.record_interview(
                actor=user,
                guidance=guidance,
                record_text=data["text"],
                commitment=data["commitment"],
                follow_up_due=data["follow_up_due"],
            )
        else:
            actions.recheck_guidance(
                actor=user,
                guidance=guidance,
                rectified=bool(data.get("rectified")),
                result=data["text"],
            )
    except (EnforcementError, PermissionDenied) as error:
        return _render_guidance(request, guidance.pk, error=str(error))
    messages.success(request, _("已记录。"))
    return redirect("enforcement:guidance-detail", guidance_id=guidance.pk)


@login_required
def guidance_document(request, guidance_id: int):
    guidance = get_guidance_for(request.user, guidance_id)
    try:
        pdf = documents.render_guidance_document(guidance)
    except EnforcementError as error:
        return _render_guidance(request, guidance.pk, error=str(error))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guidance-{guidance.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
