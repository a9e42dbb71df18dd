"""A case page: approval steps, documents, records, hearings, measures and transfer."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.enforcement import actions, documents, forms
from wangjian.enforcement.access import get_case_for
from wangjian.enforcement.actions.cases import (
    STAGE_CAPABILITY,
    SUBJECT_STATES,
    next_stage,
    publishable,
)
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.actions.records import RECORD_STATES
from wangjian.enforcement.choices import (
    DECISION_CLOCK_STATES,
    SUBJECT_STAGES,
    CaseState,
    Outcome,
    Stage,
    Subject,
)
from wangjian.enforcement.models import Case
from wangjian.enforcement.views.clocks import case_clocks, case_timeline
from wangjian.enforcement.views.common import _form_error


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
