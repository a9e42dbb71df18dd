"""The working-day calendar page: a deadline calculator for everyone signed in, and year
tables (放假调休) for system administrators to enter from the 国务院办公厅 notice."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from wangjian.core.actions.calendar import CalendarDataError, enter_working_day_year
from wangjian.core.models import WorkingDayYear
from wangjian.core.working_days import (
    CALENDAR_DAYS,
    COUNTING_BASIS,
    WORKING_DAYS,
    CalendarYearNotCovered,
    WorkingDayCalendar,
    add_working_days,
    calendar_day_deadline,
)

PACKAGE_YEARS = (2004, 2026)


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("起算日"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("天数"), min_value=1, max_value=3650)
    unit = forms.ChoiceField(
        label=_("单位"), choices=[(WORKING_DAYS, _("工作日")), (CALENDAR_DAYS, _("自然日"))]
    )


class YearTableForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2004, max_value=2100)
    source_document = forms.CharField(label=_("依据文件"), max_length=200)
    published_on = forms.DateField(
        label=_("发布日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.CharField(
        label=_("放假与调休日"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("每行一天：日期 休/班 说明，例如 2027-01-01 休 元旦、2027-02-06 班 春节调休"),
    )

    def clean_days(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["days"].splitlines(), start=1):
            parts = line.split(maxsplit=2)
            if not parts:
                continue
            try:
                day = dt.date.fromisoformat(parts[0])
                kind = parts[1]
            except (ValueError, IndexError) as error:
                raise forms.ValidationError(
                    f"第 {number} 行格式应为“日期 休/班 说明” / line {number}: expected "
                    "'DATE 休|班 NAME'"
                ) from error
            if kind not in {"休", "班"}:
                raise forms.ValidationError(
                    f"第 {number} 行第二列应为 休 或 班 / line {number}: the second column must "
                    "be 休 (rest) or 班 (work)"
                )
            parsed.append((day, kind == "班", parts[2] if len(parts) > 2 else ""))
        return parsed


@login_required
def calendar_page(request):
    can_manage = request.user.has_capability("core.manage_calendar")
    result = None
    deadline_form = DeadlineForm(request.GET or None)
    if deadline_form.is_bound and deadline_form.is_valid():
        result = _compute(deadline_form)
        if isinstance(result, str):
            deadline_form.add_error(None, result)
            result = None
    year_form = YearTableForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if year_form.is_valid():
            try:
                enter_working_day_year(actor=request.user, **year_form.cleaned_data)
            except CalendarDataError as error:
                year_form.add_error("days", str(error))
            else:
                messages.success(request, _("年度工作日表已保存。"))
                return redirect("core:calendar")
    return render(
        request,
        "core/calendar.html",
        {
            "deadline_form": deadline_form,
            "result": result,
            "year_form": year_form,
            "tables": WorkingDayYear.objects.prefetch_related("days").order_by("-year"),
            "package_years": PACKAGE_YEARS,
        },
    )


def _compute(form: DeadlineForm):
    from wangjian.core.legal_catalogue import LegalBasisNotFound, cite

    start, amount, unit = (form.cleaned_data[name] for name in ("start", "amount", "unit"))
    calendar = WorkingDayCalendar()
    try:
        if unit == WORKING_DAYS:
            due = add_working_days(start, amount, calendar=calendar)
        else:
            due = calendar_day_deadline(start, amount, calendar=calendar)
    except CalendarYearNotCovered as error:
        return str(error)
    citations = []
    for key in COUNTING_BASIS[unit]:
        try:
            citations.append(cite(key))
        except LegalBasisNotFound:
            citations.append(key)
    return {
        "due": due,
        "citations": citations,
        "sources": [(year, calendar.source_of(year)) for year in range(start.year, due.year + 1)],
    }
