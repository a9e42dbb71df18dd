"""The findings queue, one finding in its text, triage and the dismissals export."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.listing import (
    Column,
    apply_search,
    build_listing,
    export_response,
    search_terms,
)
from wangjian.monitoring import actions, exports, forms, rulebook
from wangjian.monitoring.access import (
    get_finding_for,
    get_reopenable_finding_for,
    get_triageable_finding_for,
)
from wangjian.monitoring.choices import ClueState, FindingState
from wangjian.monitoring.engine.rules import current_rule_pack
from wangjian.monitoring.models import Clue, Finding
from wangjian.monitoring.views.common import (
    PAGE_SIZE,
    QUEUE_CONTEXT,
    _finding_text,
    _form_error,
    _querystring,
)

# --- Findings queue ----------------------------------------------------------------------------


def _pack_choices():
    pack = current_rule_pack(None)
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
    for term in search_terms(filters.get("shop", "")):
        findings = findings.filter(
            Q(shop__name__icontains=term)
            | Q(shop__shop_id__iexact=term)
            | Q(item__shop_reference__iexact=term)
        )
    return apply_search(
        findings, filters.get("q", ""), ("item__external_id", "item__title", "match")
    )


def _group_columns():
    return (
        Column("item", _("信息"), ("item__external_id",)),
        Column("family", _("规则族与命中内容"), ("family",)),
        Column("shop", _("店铺/主体"), ("item__shop__name",)),
        Column("division", _("辖区"), ("item__division__name",)),
        Column("date", _("日期"), ("latest",)),
        Column("state", _("状态")),
    )


@dataclass
class FindingGroup:
    """One record and rule family in the queue, with every match the family found in it."""

    item: object
    family: str
    family_label: str
    findings: list = field(default_factory=list)

    @property
    def first(self):
        return self.findings[0]

    @property
    def open_ids(self) -> str:
        return ",".join(str(f.pk) for f in self.findings if f.state == FindingState.OPEN)

    @property
    def states(self) -> list[str]:
        return list(dict.fromkeys(f.get_state_display() for f in self.findings))


def _grouped_page(request, findings):
    """The queue shows one row per record and rule family (not one per matched term); the
    grouping is done here, the engine still stores one finding per match."""
    groups = findings.values("item_id", "family").annotate(latest=Max("id"))
    listing = build_listing(
        request,
        groups,
        columns=_group_columns(),
        default_sort="-date",
        per_page=PAGE_SIZE,
        tiebreak=("item_id", "family"),
    )
    keys = [(group["item_id"], group["family"]) for group in listing.page]
    members = findings.filter(item_id__in={item_id for item_id, _f in keys}).order_by("start")
    by_key = {key: FindingGroup(None, key[1], rulebook.family_label(key[1])) for key in keys}
    for finding in members:
        group = by_key.get((finding.item_id, finding.family))
        if group is None:
            continue
        group.item = finding.item
        finding.span = rulebook.span_parts(
            _finding_text(finding), finding.start, finding.end, QUEUE_CONTEXT
        )
        group.findings.append(finding)
    rows = [by_key[key] for key in keys if by_key[key].findings]
    return listing, rows


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
    listing, rows = _grouped_page(request, findings)
    listing.bulk = user.has_capability("monitoring.triage")
    return render(
        request,
        "monitoring/findings.html",
        {
            "listing": listing,
            "rows": rows,
            # Every finding shown on this page, group by group.
            "page": [finding for row in rows for finding in row.findings],
            "form": form,
            "querystring": _querystring(request),
            "error": error,
            "may_triage": user.has_capability("monitoring.triage"),
            "may_export": user.has_capability("monitoring.export_dismissals"),
        },
        status=status,
    )


@login_required
def findings_export(request):
    """The filtered queue as XLSX, one row per finding (audited: texts can name people)."""
    require_capability(request.user, "monitoring.view_finding")
    families, rules = _pack_choices()
    form = forms.FindingFilterForm(request.GET, families=families, rules=rules)
    if not form.is_valid():
        return _render_queue(request)
    filters = form.filters()
    rows = (
        (
            finding.pk,
            finding.item.external_id,
            finding.item.title,
            rulebook.family_label(finding.family),
            finding.rule,
            finding.match,
            finding.get_verdict_display(),
            finding.shop.name if finding.shop else finding.item.shop_reference,
            finding.division.name,
            finding.created_at.date(),
            finding.get_state_display(),
        )
        for finding in _filtered_findings(request.user, filters).order_by("-id").iterator()
    )
    headers = [
        _("编号"),
        _("信息编号"),
        _("标题"),
        _("规则族"),
        _("规则"),
        _("命中内容"),
        _("判定"),
        _("店铺"),
        _("辖区"),
        _("日期"),
        _("状态"),
    ]
    return export_response(
        actor=request.user,
        list_name="monitoring.findings",
        title=_("监测发现"),
        headers=headers,
        rows=rows,
        filters={key: str(value or "") for key, value in filters.items()},
        file_name="findings.xlsx",
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
        get_triageable_finding_for(request.user, value)
        for raw in request.POST.getlist("finding")
        # A queue row carries every open finding of its record and rule family.
        for value in raw.split(",")
        if value
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
    pack = current_rule_pack(None)
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
        "source_type_label": rulebook.SOURCE_TYPE_LABELS.get(
            finding.item.source_type, finding.item.source_type
        ),
        "category_label": rulebook.category_label(finding.item.category),
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
