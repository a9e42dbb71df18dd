"""The case register (案件登记) with filters, and cases opened from a clue or registered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found, require_capability
from wangjian.core.listing import Column, apply_search, build_listing
from wangjian.enforcement import actions, forms
from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.models import Case
from wangjian.enforcement.views.clocks import _next_due
from wangjian.enforcement.views.common import PAGE_SIZE, _form_error, _querystring

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
    return apply_search(cases, data.get("q", ""), CASE_SEARCH_FIELDS)


# Search by what people know of a case: its number, the party, the shop's name or code.
CASE_SEARCH_FIELDS = ("number", "party_name", "shop__name", "shop__shop_id", "entity__uscc")


def _case_columns():
    return (
        Column("registered", _("案号"), ("pk",)),
        Column("party", _("当事人"), ("party_name",)),
        Column("source", _("来源"), ("source_kind",)),
        Column("state", _("状态"), ("state",)),
        Column("next_due", _("下一期限")),
        Column("handler", _("承办人"), ("handler__username",)),
    )


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
    listing = build_listing(
        request,
        cases.values_list("pk", flat=True),
        columns=_case_columns(),
        default_sort="-registered",
        per_page=PAGE_SIZE,
        tiebreak=(),
    )
    page = listing.page
    rows = Case.objects.filter(pk__in=list(page.object_list)).select_related(
        "entity", "shop", "handler", "division"
    )
    by_id = {case.pk: case for case in rows}
    page.object_list = [by_id[pk] for pk in page.object_list]
    overdue_ids = set(
        Case.objects.filter(pk__in=[case.pk for case in page])
        .overdue(today)
        .values_list("pk", flat=True)
    )
    for case in page:
        case.overdue = case.pk in overdue_ids
        case.next_due = _next_due(case)
    clue_form = clue_form or forms.ClueCaseForm()
    clue_form.fields["clue"].widget.choices = _clue_choices(user)
    context = {
        "page": page,
        "listing": listing,
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
