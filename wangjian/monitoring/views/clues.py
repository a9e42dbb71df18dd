"""Clues (线索): the list, one clue, its extension and decision, and the clue record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import require_capability
from wangjian.monitoring import actions, forms, rulebook
from wangjian.monitoring.access import get_clue_for, get_decidable_clue_for
from wangjian.monitoring.choices import ClueState
from wangjian.monitoring.clue_rules import ClueRulesError, clue_rules_version
from wangjian.monitoring.models import Clue, Finding
from wangjian.monitoring.views.common import PAGE_SIZE, _form_error, _querystring
from wangjian.monitoring.views.verification import verification_context

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
