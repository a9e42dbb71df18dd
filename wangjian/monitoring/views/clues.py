"""Clues (线索): the list, one clue, its extension and decision, and the clue record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import require_capability
from wangjian.core.listing import Column, apply_search, build_listing, export_response
from wangjian.monitoring import actions, forms, rulebook
from wangjian.monitoring.access import get_clue_for, get_decidable_clue_for
from wangjian.monitoring.choices import ClueState
from wangjian.monitoring.clue_rules import ClueRulesError, clue_rules_version
from wangjian.monitoring.models import Clue, Finding
from wangjian.monitoring.views.common import PAGE_SIZE, _form_error
from wangjian.monitoring.views.verification import verification_context

# --- Clues -------------------------------------------------------------------------------------


CLUE_SEARCH_FIELDS = (
    "number",
    "summary",
    "shop__name",
    "shop__shop_id",
    "entity__name",
    "entity__uscc",
)


def _clue_columns():
    return (
        Column("number", _("线索编号"), ("number",)),
        Column("shop", _("涉及店铺/主体"), ("shop__name",)),
        Column("division", _("辖区"), ("division__name",)),
        Column("discovered_on", _("发现日期"), ("discovered_on",)),
        Column("due_on", _("核查期限"), ("due_on",)),
        Column("handler", _("承办人"), ("handler__username",)),
        Column("state", _("状态"), ("state",)),
    )


def _filtered_clues(request):
    today = timezone.localdate()
    form = forms.ClueFilterForm(request.GET)
    clues = Clue.objects.visible_to(request.user).select_related(
        "shop", "entity", "division", "handler"
    )
    if not form.is_valid():
        return form, Clue.objects.none(), {}
    state = form.cleaned_data["state"]
    if state == forms.OVERDUE:
        clues = clues.filter(state=ClueState.REGISTERED, due_on__lt=today)
    elif state:
        clues = clues.filter(state=state)
    query = request.GET.get("q", "").strip()
    clues = apply_search(clues, query, CLUE_SEARCH_FIELDS)
    return form, clues, {"state": state, "q": query}


@login_required
def clue_list(request):
    require_capability(request.user, "monitoring.view_finding")
    today = timezone.localdate()
    form, clues, filters = _filtered_clues(request)
    error, status = ("", 200) if form.is_valid() else (_form_error(form), 400)
    listing = build_listing(
        request, clues, columns=_clue_columns(), default_sort="-discovered_on", per_page=PAGE_SIZE
    )
    for clue in listing.page:
        clue.overdue = (
            clue.state == ClueState.REGISTERED and clue.due_on is not None and clue.due_on < today
        )
    return render(
        request,
        "monitoring/clues.html",
        {
            "listing": listing,
            "page": listing.page,
            "form": form,
            "query": filters.get("q", ""),
            "error": error,
        },
        status=status,
    )


@login_required
def clue_export(request):
    require_capability(request.user, "monitoring.view_finding")
    _form, clues, filters = _filtered_clues(request)
    rows = (
        (
            clue.number,
            clue.shop.name if clue.shop else "",
            clue.entity.name if clue.entity else "",
            clue.division.name,
            clue.discovered_on,
            clue.due_on,
            str(clue.handler or ""),
            clue.get_state_display(),
            clue.summary,
        )
        for clue in clues.order_by("-discovered_on", "-id").iterator()
    )
    headers = [
        _("线索编号"),
        _("涉及店铺"),
        _("涉及主体"),
        _("辖区"),
        _("发现日期"),
        _("核查期限"),
        _("承办人"),
        _("状态"),
        _("线索摘要"),
    ]
    return export_response(
        actor=request.user,
        list_name="monitoring.clues",
        title=_("线索"),
        headers=headers,
        rows=rows,
        filters=filters,
        file_name="clues.xlsx",
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
        "may_extend": user.has_capability("monitoring.decide_clue")
        and clue.state == ClueState.REGISTERED,
        "may_decide": user.has_capability("monitoring.decide_clue")
        and clue.state == ClueState.REGISTERED
        and clue.submitted_at is not None,
        **verification_context(user, clue),
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


# --- Clue record (案件来源登记表) ----------------------------------------------------------------


@login_required
def clue_record(request, clue_id: int):
    """The clue's 案件来源登记表 as PDF; it names only officials, so viewing it is not audited."""
    from wangjian.core.documents import DocumentNotIssuable
    from wangjian.monitoring.documents import render_clue_record_pdf

    clue = get_clue_for(request.user, clue_id)
    try:
        pdf = render_clue_record_pdf(clue, request.user)
    except DocumentNotIssuable as error:
        messages.error(request, str(error))
        return redirect("monitoring:clue-detail", clue.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{clue.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
