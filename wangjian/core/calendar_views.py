"""The working-day calendar page: a deadline calculator for everyone signed in, and year
tables (放假调休) for system administrators to enter from the 国务院办公厅 notice."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wangjian.core.access import not_found
from wangjian.core.actions.calendar import (
    CalendarDataError,
    enter_working_day_year,
    recompute_open_clocks,
)
from wangjian.core.models import WorkingDayYear
from wangjian.core.working_days import (
    CALENDAR_DAYS,
    COUNTING_BASIS,
    WORKING_DAYS,
    CalendarYearNotCovered,
    WorkingDayCalendar,
    add_working_days,
    calendar_day_deadline,
    missing_next_year,
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
    source_document = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        help_text=_(
            "国务院办公厅通知的名称及文号，如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）"
        ),
    )
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


class YearImportForm(forms.Form):
    """The same file ``wangjian calendar import-year`` reads."""

    file = forms.FileField(
        label=_("年度表文件（YAML 或 JSON）"),
        help_text=_(
            "字段：year、source_document、published_on、days（每项含 date、is_working_day、name）"
        ),
    )

    def clean_file(self):
        import yaml

        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError(_("文件过大（上限 200 KB）。"))
        try:
            data = yaml.safe_load(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            raise forms.ValidationError(_("文件不是 UTF-8 编码的 YAML 或 JSON。")) from error
        missing = [
            name
            for name in ("year", "source_document", "published_on", "days")
            if not isinstance(data, dict) or name not in data
        ]
        if missing:
            raise forms.ValidationError(
                _("文件缺少字段：{names}。").format(names="、".join(missing))
            )
        days = []
        for position, record in enumerate(data["days"] or [], start=1):
            try:
                day = record["date"]
                day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
                days.append((day, record["is_working_day"], record.get("name") or ""))
            except (TypeError, KeyError, ValueError) as error:
                raise forms.ValidationError(
                    _("days 第 {position} 项须含 date（YYYY-MM-DD）和 is_working_day。").format(
                        position=position
                    )
                ) from error
        published_on = data["published_on"]
        try:
            if not isinstance(published_on, dt.date):
                published_on = dt.date.fromisoformat(str(published_on))
            year = int(data["year"])
        except ValueError as error:
            raise forms.ValidationError(
                _("year 须为整数，published_on 须为 YYYY-MM-DD 日期。")
            ) from error
        return {
            "year": year,
            "source_document": str(data["source_document"]),
            "published_on": published_on,
            "days": days,
        }


def _entered(request, table) -> None:
    messages.success(
        request,
        _("{year} 年工作日表已保存，已重算 {count} 个时限。").format(
            year=table.year, count=getattr(table, "clocks_dated", 0)
        ),
    )


@login_required
@require_POST
def recompute_year(request, year: int):
    """Date the clocks that waited for ``year``'s table again (administrators only)."""
    if not request.user.has_capability("core.manage_calendar"):
        raise not_found()
    if not WorkingDayYear.objects.filter(year=year).exists():
        raise not_found()
    count = recompute_open_clocks(actor=request.user, year=year)
    messages.success(request, _("已重算 {count} 个时限。").format(count=count))
    return redirect("core:calendar")


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
    importing = request.method == "POST" and "file" in request.FILES
    year_form = import_form = None
    if can_manage:
        year_form = YearTableForm(
            request.POST if request.method == "POST" and not importing else None
        )
        import_form = (
            YearImportForm(request.POST or None, request.FILES or None)
            if importing
            else YearImportForm()
        )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = import_form if importing else year_form
        if form.is_valid():
            values = form.cleaned_data["file"] if importing else form.cleaned_data
            try:
                table = enter_working_day_year(actor=request.user, **values)
            except CalendarDataError as error:
                form.add_error("file" if importing else "days", str(error))
            else:
                _entered(request, table)
                return redirect("core:calendar")
    return render(
        request,
        "core/calendar.html",
        {
            "deadline_form": deadline_form,
            "result": result,
            "year_form": year_form,
            "import_form": import_form,
            "missing_year": missing_next_year(timezone.localdate()),
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
