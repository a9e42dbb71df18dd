"""以网管网 pages: the findings queue and a finding in its text, triage (confirm into a clue,
dismiss, reopen), scan batches and uploads, clues and their decisions, the dismissals export,
and the rule pack as live documentation.

Views parse input, call an action and show its refusal (Chinese first) with status 400 on the
same page; every rule is the actions'. Records are read through ``visible_to`` and the
``get_*_for`` lookups, so another bureau's record answers exactly like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.monitoring import actions, exports, forms, rulebook
from wangjian.monitoring.access import (
    get_batch_for,
    get_clue_for,
    get_decidable_clue_for,
    get_finding_for,
    get_reopenable_finding_for,
    get_triageable_finding_for,
)
from wangjian.monitoring.choices import ClueState, FindingState
from wangjian.monitoring.clue_rules import ClueRulesError, clue_rules_version
from wangjian.monitoring.engine.rules import load_rule_pack
from wangjian.monitoring.models import Clue, Finding, ScanBatch

PAGE_SIZE = 50
# Characters of the item's text shown each side of the match in the queue.
QUEUE_CONTEXT = 15


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


def _finding_text(finding) -> str:
    return finding.item.title if finding.field == "title" else finding.item.text


# --- Findings queue ----------------------------------------------------------------------------


def _pack_choices():
    pack = load_rule_pack(None)
    families = [
        (family, rulebook.family_label(family))
        for family in dict.fromkeys(rule.family for rule in pack.rules)
    ]
    return families, [(rule.id, f"{rule.id} {rule.title}") for rule in pack.rules]


def _filtered_findings(user, filters: dict):
    findings = Finding.objects.visible_to(user).select_related(
        "item", "shop", "entity", "division", "batch"
    )
    state = filters["state"]
    if state == forms.TRIAGE:
        findings = findings.for_triage()
    elif state != forms.ALL:
        findings = findings.filter(state=state)
    for name in ("verdict", "family", "rule"):
        if filters.get(name):
            findings = findings.filter(**{name: filters[name]})
    if filters.get("batch"):
        findings = findings.filter(batch_id=filters["batch"])
    if filters.get("shop"):
        findings = findings.filter(shop_id=filters["shop"])
    return findings


def _render_queue(request, *, error: str = "", status: int = 200):
    user = request.user
    families, rules = _pack_choices()
    form = forms.FindingFilterForm(request.GET, families=families, rules=rules)
    if form.is_valid():
        findings = _filtered_findings(user, form.filters())
    else:
        error = error or _form_error(form)
        status = 400
        findings = Finding.objects.none()
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    for finding in page:
        finding.span = rulebook.span_parts(
            _finding_text(finding), finding.start, finding.end, QUEUE_CONTEXT
        )
        finding.family_label = rulebook.family_label(finding.family)
    return render(
        request,
        "monitoring/findings.html",
        {
            "page": page,
            "form": form,
            "querystring": _querystring(request),
            "error": error,
            "may_triage": user.has_capability("monitoring.triage"),
            "may_export": user.has_capability("monitoring.export_dismissals"),
        },
        status=status,
    )


@login_required
def finding_list(request):
    require_capability(request.user, "monitoring.view_finding")
    return _render_queue(request)


@login_required
@require_POST
def findings_confirm(request):
    """Confirm several findings of one shop from the queue into one clue."""
    require_capability(request.user, "monitoring.triage")
    findings = [
        get_triageable_finding_for(request.user, value) for value in request.POST.getlist("finding")
    ]
    try:
        clue = actions.confirm_findings(
            actor=request.user,
            finding_ids=[finding.pk for finding in findings],
            note=request.POST.get("note", ""),
        )
    except actions.MonitoringError as error:
        return _render_queue(request, error=str(error), status=400)
    messages.success(
        request,
        _("已确认 %(count)d 条监测发现，登记为线索 %(number)s。")
        % {
            "count": len(findings),
            "number": clue.number,
        },
    )
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


# --- One finding -------------------------------------------------------------------------------


def _open_clues(user, finding):
    if finding.shop_id is None:
        return Clue.objects.none()
    return Clue.objects.visible_to(user).filter(
        state=ClueState.REGISTERED, shop_id=finding.shop_id, entity_id=finding.entity_id
    )


def _model_score(finding) -> str:
    """The second stage's calibrated score, as shown to the triaging regulator ("0.87")."""
    if finding.verdict != "needs_review" or not finding.context.startswith("score="):
        return ""
    return f"{float(finding.context.removeprefix('score=')):.2f}"


def _render_finding(request, finding_id, *, error="", bound=None):
    user = request.user
    finding = get_finding_for(user, finding_id)
    pack = load_rule_pack(None)
    try:
        rule = pack.rule(finding.rule)
    except KeyError:
        rule = None
    open_clues = _open_clues(user, finding)
    bound = bound or {}
    context = {
        "finding": finding,
        "item": finding.item,
        "span": rulebook.span_parts(_finding_text(finding), finding.start, finding.end),
        "family_label": rulebook.family_label(finding.family),
        "model_score": _model_score(finding),
        "severity_label": rulebook.severity_label(finding.severity) if finding.severity else "—",
        "legal": list(rulebook.legal_texts(finding.legal_basis).values()),
        "rule": rule,
        "rule_in_pack": rule is not None and finding.rule_pack == pack.label,
        "pack_label": pack.label,
        "others": Finding.objects.visible_to(user)
        .filter(item_id=finding.item_id)
        .exclude(pk=finding.pk)
        .order_by("start", "rule"),
        "may_triage": user.has_capability("monitoring.triage")
        and finding.state == FindingState.OPEN,
        "may_reopen": user.has_capability("monitoring.decide_clue")
        and finding.state == FindingState.DISMISSED,
        "confirm_form": bound.get("confirm") or forms.ConfirmForm(open_clues=open_clues),
        "dismiss_form": bound.get("dismiss") or forms.DismissForm(),
        "reopen_form": bound.get("reopen") or forms.NoteForm(),
        "error": error,
    }
    return render(request, "monitoring/finding_detail.html", context, status=400 if error else 200)


@login_required
def finding_detail(request, finding_id: int):
    return _render_finding(request, finding_id)


@login_required
@require_POST
def finding_confirm(request, finding_id: int):
    finding = get_triageable_finding_for(request.user, finding_id)
    form = forms.ConfirmForm(request.POST, open_clues=_open_clues(request.user, finding))
    if not form.is_valid():
        return _render_finding(
            request, finding.pk, error=_form_error(form), bound={"confirm": form}
        )
    try:
        clue = actions.confirm_findings(
            actor=request.user,
            finding_ids=[finding.pk],
            note=form.cleaned_data["note"],
            clue=form.cleaned_data["clue"],
        )
    except actions.MonitoringError as error:
        return _render_finding(request, finding.pk, error=str(error), bound={"confirm": form})
    messages.success(
        request,
        _("监测发现 #%(id)d 已确认，线索 %(number)s。")
        % {
            "id": finding.pk,
            "number": clue.number,
        },
    )
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


@login_required
@require_POST
def finding_dismiss(request, finding_id: int):
    finding = get_triageable_finding_for(request.user, finding_id)
    form = forms.DismissForm(request.POST)
    form.is_valid()  # free text fields: the action checks the reason and the note
    try:
        actions.dismiss_finding(
            actor=request.user,
            finding=finding,
            reason=form.cleaned_data.get("reason", ""),
            note=form.cleaned_data.get("note", ""),
        )
    except actions.MonitoringError as error:
        return _render_finding(request, finding.pk, error=str(error), bound={"dismiss": form})
    messages.success(request, _("监测发现 #%(id)d 已排除。") % {"id": finding.pk})
    return redirect("monitoring:findings")


@login_required
@require_POST
def finding_reopen(request, finding_id: int):
    finding = get_reopenable_finding_for(request.user, finding_id)
    form = forms.NoteForm(request.POST)
    form.is_valid()
    try:
        actions.reopen_finding(
            actor=request.user, finding=finding, note=form.cleaned_data.get("note", "")
        )
    except actions.MonitoringError as error:
        return _render_finding(request, finding.pk, error=str(error), bound={"reopen": form})
    messages.success(request, _("监测发现 #%(id)d 已重新列入待研判。") % {"id": finding.pk})
    return redirect("monitoring:finding-detail", finding_id=finding.pk)


# --- Batches -----------------------------------------------------------------------------------


def _platforms(user):
    from wangjian.registry.models import Platform

    return Platform.objects.visible_to(user).order_by("name")


def _render_batches(request, *, upload_form=None, error="", status=200):
    user = request.user
    batches = ScanBatch.objects.visible_to(user).select_related("platform", "job")
    may_scan = user.has_capability("monitoring.scan")
    return render(
        request,
        "monitoring/batches.html",
        {
            "page": Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_scan": may_scan,
            "upload_form": upload_form or forms.UploadForm(platforms=_platforms(user)),
            "error": error,
        },
        status=status,
    )


@login_required
def batch_list(request):
    require_capability(request.user, "monitoring.view_batch")
    return _render_batches(request)


@login_required
@require_POST
def batch_upload(request):
    require_capability(request.user, "monitoring.scan")
    form = forms.UploadForm(request.POST, request.FILES, platforms=_platforms(request.user))
    if not form.is_valid():
        return _render_batches(request, upload_form=form, error=_form_error(form), status=400)
    upload = form.cleaned_data["file"]
    try:
        receipt = actions.submit_upload(
            actor=request.user,
            file_name=upload.name,
            content=upload.read(),
            platform=form.cleaned_data["platform"],
        )
    except actions.MonitoringError as error:
        return _render_batches(request, upload_form=form, error=str(error), status=400)
    if receipt.already_received:
        messages.info(
            request,
            _("该文件已收到（批次 #%(id)d），未重复扫描 / this file was already received")
            % {"id": receipt.batch.pk},
        )
    else:
        messages.success(request, _("文件已收到，正在后台扫描。"))
    return redirect("monitoring:batch-detail", batch_id=receipt.batch.pk)


@login_required
@require_POST
def registry_scan(request):
    require_capability(request.user, "monitoring.scan")
    try:
        batch = actions.start_registry_scan(actor=request.user)
    except actions.MonitoringError as error:
        return _render_batches(request, error=str(error), status=400)
    messages.success(request, _("已开始扫描登记店铺首页。"))
    return redirect("monitoring:batch-detail", batch_id=batch.pk)


def _labelled(counts: dict, labels: dict) -> list[tuple[str, str, int]]:
    # Sorted here: PostgreSQL's jsonb does not keep the keys in the order they were written.
    return [(key, str(labels.get(key, key)), count) for key, count in sorted(counts.items())]


@login_required
def batch_detail(request, batch_id: int):
    from wangjian.core.models import Job

    user = request.user
    batch = get_batch_for(user, batch_id)
    job = Job.objects.visible_to(user).filter(pk=batch.job_id).first() if batch.job_id else None
    may_view_findings = user.has_capability("monitoring.view_finding")
    summary = batch.summary or {}
    return render(
        request,
        "monitoring/batch_detail.html",
        {
            "batch": batch,
            "job": job if user.has_capability("core.view_job") else None,
            "by_verdict": _labelled(summary.get("by_verdict", {}), rulebook.VERDICT_LABELS),
            "by_family": _labelled(summary.get("by_family", {}), rulebook.FAMILY_LABELS),
            "may_view_findings": may_view_findings,
            "visible_findings": Finding.objects.visible_to(user).filter(batch=batch).count()
            if may_view_findings
            else 0,
        },
    )


# --- Clues -------------------------------------------------------------------------------------


@login_required
def clue_list(request):
    require_capability(request.user, "monitoring.view_finding")
    today = timezone.localdate()
    form = forms.ClueFilterForm(request.GET)
    clues = Clue.objects.visible_to(request.user).select_related("shop", "entity", "division")
    error, status = "", 200
    if not form.is_valid():
        error, status, clues = _form_error(form), 400, Clue.objects.none()
    elif form.cleaned_data["state"] == forms.OVERDUE:
        clues = clues.filter(state=ClueState.REGISTERED, due_on__lt=today)
    elif form.cleaned_data["state"]:
        clues = clues.filter(state=form.cleaned_data["state"])
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    for clue in page:
        clue.overdue = (
            clue.state == ClueState.REGISTERED and clue.due_on is not None and clue.due_on < today
        )
    return render(
        request,
        "monitoring/clues.html",
        {"page": page, "form": form, "error": error, "querystring": _querystring(request)},
        status=status,
    )


def capture_urls(clue, findings) -> list[tuple[str, str]]:
    """The pages a clue rests on, each once: the pages of its findings, then the shop's home
    page, with what each is (第三方监测取证 captures them as evidence of the clue)."""
    pages = {}
    for finding in findings:
        if finding.item.url:
            pages.setdefault(
                finding.item.url, _("信息页面 {number}").format(number=finding.item.external_id)
            )
    if clue.shop is not None and clue.shop.url:
        pages.setdefault(clue.shop.url, _("店铺首页"))
    return list(pages.items())


def _render_clue(request, clue_id, *, error="", bound=None):
    user = request.user
    clue = get_clue_for(user, clue_id)
    try:
        rules = clue_rules_version(clue.rules_version)
    except ClueRulesError:
        rules = None
    bound = bound or {}
    today = timezone.localdate()
    findings = list(Finding.objects.visible_to(user).filter(clue=clue).select_related("item"))
    context = {
        "clue": clue,
        "rules": rules,
        "findings": findings,
        "capture_urls": capture_urls(clue, findings),
        "legal": list(rulebook.legal_texts(clue.legal_basis).values()),
        "overdue": clue.state == ClueState.REGISTERED
        and clue.due_on is not None
        and clue.due_on < today,
        "may_decide": user.has_capability("monitoring.decide_clue")
        and clue.state == ClueState.REGISTERED,
        "extend_form": bound.get("extend") or forms.ExtendForm(),
        "decide_form": bound.get("decide") or forms.DecideForm(),
        "error": error,
    }
    return render(request, "monitoring/clue_detail.html", context, status=400 if error else 200)


@login_required
def clue_detail(request, clue_id: int):
    return _render_clue(request, clue_id)


def _decidable_clue(user, clue_id) -> Clue:
    return get_decidable_clue_for(user, clue_id)


@login_required
@require_POST
def clue_extend(request, clue_id: int):
    clue = _decidable_clue(request.user, clue_id)
    form = forms.ExtendForm(request.POST)
    form.is_valid()
    try:
        actions.extend_clue(actor=request.user, clue=clue, reason=form.cleaned_data["reason"])
    except actions.MonitoringError as error:
        return _render_clue(request, clue.pk, error=str(error), bound={"extend": form})
    messages.success(request, _("核查期限已延长。"))
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


@login_required
@require_POST
def clue_decide(request, clue_id: int):
    clue = _decidable_clue(request.user, clue_id)
    form = forms.DecideForm(request.POST)
    form.is_valid()
    try:
        actions.decide_clue(
            actor=request.user,
            clue=clue,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except actions.MonitoringError as error:
        return _render_clue(request, clue.pk, error=str(error), bound={"decide": form})
    messages.success(request, _("已作出决定。"))
    return redirect("monitoring:clue-detail", clue_id=clue.pk)


# --- Dismissals export -------------------------------------------------------------------------


@login_required
def dismissals_export(request, file_format: str):
    require_capability(request.user, "monitoring.export_dismissals")
    findings = Finding.objects.visible_to(request.user)
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        # A byte-order mark so spreadsheet programs read the Chinese header as UTF-8.
        response = HttpResponse(
            "\ufeff" + exports.dismissals_csv(findings), content_type="text/csv; charset=utf-8"
        )
    elif file_format == "xlsx":
        response = HttpResponse(
            exports.dismissals_xlsx(findings),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise not_found()
    response["Content-Disposition"] = f'attachment; filename="dismissals-{stamp}.{file_format}"'
    return response


# --- Rules -------------------------------------------------------------------------------------


@login_required
def rule_list(request):
    require_capability(request.user, "monitoring.view_rules")
    pack = load_rule_pack(None)
    return render(
        request, "monitoring/rules.html", {"pack": pack, "groups": rulebook.rule_groups(pack)}
    )


@login_required
def rule_detail(request, rule_id: str):
    require_capability(request.user, "monitoring.view_rules")
    engine = actions.engine()
    try:
        rule = engine.pack.rule(rule_id)
    except KeyError as error:
        raise not_found() from error
    return render(
        request,
        "monitoring/rule_detail.html",
        {
            "pack": engine.pack,
            "view": rulebook.rule_view(rule),
            "runs": rulebook.run_examples(rule, engine),
            "queue_url": f"{reverse('monitoring:findings')}?rule={rule.id}&state=all",
            "may_view_findings": request.user.has_capability("monitoring.view_finding"),
        },
    )


# --- Clue record (案件来源登记表) ----------------------------------------------------------------


@login_required
def clue_record(request, clue_id: int):
    """The clue's 案件来源登记表 as PDF; it names only officials, so viewing it is not audited."""
    from wangjian.monitoring.documents import render_clue_record_pdf

    clue = get_clue_for(request.user, clue_id)
    response = HttpResponse(
        render_clue_record_pdf(clue, request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{clue.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
