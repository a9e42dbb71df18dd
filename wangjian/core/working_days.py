"""Working days (工作日) and statutory periods.

Which days are working days in China is not computable: 《全国年节及纪念日放假办法》 (国务院令
第795号, in force 2025-01-01) 第二条 fixes the holidays, but 第六条 and 第七条 let the State
Council move rest days around them (调休), and 国务院办公厅 publishes each year's arrangement in
a notice, usually in November or December of the year before. So a day is decided by, in order:

1. the year's table in the database (``WorkingDayYear`` and its ``CalendarDay`` exceptions),
   entered by an administrator from that notice. When a year has a table it wins, so a wrong or
   missing package year can be corrected;
2. the pinned ``chinesecalendar`` package (1.11.0, years 2004–2026);
3. otherwise ``CalendarYearNotCovered``. A deadline is never computed from a guessed calendar.

Counting rules (cite them with ``Deadline.basis``):

- The start day is not counted (《民法典》第二百零一条): ``add_working_days(d, 1)`` is the first
  working day after ``d``.
- A calendar-day period whose last day is a statutory holiday or rest day ends on the next
  working day (《民法典》第二百零三条).
- "X个工作日" skips weekends and holidays but counts 调休 make-up Saturdays and Sundays.
  That is standard practice; as an explicit legal rule it is unconfirmed (domain-rules.md §10).

Database reads are cached per ``WorkingDayCalendar``: one query per calendar year touched, so a
45-working-day deadline costs one or two queries, not one per day. Each public function makes a
fresh calendar unless one is passed in, so a table entered a moment ago is always seen.
"""

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar

# Article keys in the legal catalogue (wangjian/core/data/legal/instruments.yaml).
START_DAY_NOT_COUNTED = "civil-code-2020:201"
PERIOD_ENDS_AFTER_HOLIDAY = "civil-code-2020:203"
HOLIDAYS = "holiday-measures-2024:2"
HOLIDAY_ON_WEEKEND_COMPENSATED = "holiday-measures-2024:6"
ADJUSTED_REST_DAYS = "holiday-measures-2024:7"
# 《行政处罚法》第八十五条: "二日""三日""五日""七日" in that law are working days.
PENALTY_LAW_SHORT_PERIODS_ARE_WORKING_DAYS = "admin-penalty-law-2021:85"

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"

# The basis every computed period carries in addition to the rule that sets its length.
COUNTING_BASIS = {
    WORKING_DAYS: (START_DAY_NOT_COUNTED, HOLIDAYS, ADJUSTED_REST_DAYS),
    CALENDAR_DAYS: (START_DAY_NOT_COUNTED, PERIOD_ENDS_AFTER_HOLIDAY),
}


class CalendarYearNotCovered(LookupError):
    """No working-day data for a year: neither a database table nor the bundled package.

    The message is in the active language only (Chinese unless English is active)."""

    def __init__(self, year: int):
        from django.utils.translation import gettext

        self.year = year
        super().__init__(
            gettext(
                "{year} 年的工作日安排尚未录入：请系统管理员根据国务院办公厅发布的{year}年部分"
                "节假日安排通知录入该年度工作日表（“工作日历”页或 wangjian calendar "
                "import-year）。"
            ).format(year=year)
        )


# The 国务院办公厅 notice for a year usually appears in November or December of the year before;
# from this day on, administrators and chiefs are reminded while the next year is missing.
NEXT_YEAR_REMINDER_FROM = (11, 1)


def missing_next_year(today: dt.date) -> int | None:
    """The next year, from 1 November, while no table or package data covers it; else None."""
    if (today.month, today.day) < NEXT_YEAR_REMINDER_FROM:
        return None
    try:
        WorkingDayCalendar().source_of(today.year + 1)
    except CalendarYearNotCovered:
        return today.year + 1
    return None


def _require_date(value, name: str = "date") -> dt.date:
    # A datetime is a date subclass, but which calendar day it denotes depends on its time
    # zone; refusing it keeps a deadline from silently moving by a day.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"{name} 须为 datetime.date（不接受 datetime）/ {name} must be a datetime.date, "
            f"not {type(value).__name__}"
        )
    return value


@dataclass
class _YearRule:
    """How to decide days of one year: exceptions from a table, or the package."""

    source: str  # "table" or "package"
    exceptions: dict[dt.date, bool] = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        if self.source == "package":
            return chinese_calendar.is_workday(day)
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5


class WorkingDayCalendar:
    """Working-day lookups with each year's data loaded once.

    Keep one instance for a batch of computations (a report over many cases); the functions
    below make a fresh one per call otherwise. ``use_tables=False`` answers from the package
    alone: for a database that has no tables yet, where no administrator can have entered one.
    """

    def __init__(self, *, use_tables: bool = True):
        self._years: dict[int, _YearRule] = {}
        self._use_tables = use_tables

    def _rule(self, year: int) -> _YearRule:
        rule = self._years.get(year)
        if rule is None:
            rule = self._years[year] = self._load(year)
        return rule

    def _load(self, year: int) -> _YearRule:
        if self._use_tables:
            table = self._load_table(year)
            if table is not None:
                return table
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError as error:
            raise CalendarYearNotCovered(year) from error
        return _YearRule("package")

    @staticmethod
    def _load_table(year: int) -> _YearRule | None:
        from wangjian.core.models import WorkingDayYear

        # One query: the LEFT JOIN yields a single row of Nones for a table without exceptions,
        # and no row at all when the year has no table.
        rows = list(
            WorkingDayYear.objects.filter(year=year).values_list(
                "id", "days__date", "days__is_working_day"
            )
        )
        if rows:
            return _YearRule(
                "table",
                {day: working for _id, day, working in rows if day is not None},
            )
        return None

    def source_of(self, year: int) -> str:
        """``"table"`` or ``"package"``: where the year's data comes from (or raise)."""
        return self._rule(year).source

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (raise ``CalendarYearNotCovered`` if unknown)."""
        day = _require_date(day)
        return self._rule(day.year).is_working_day(day)


def _calendar(calendar: WorkingDayCalendar | None) -> WorkingDayCalendar:
    return calendar if calendar is not None else WorkingDayCalendar()


def is_working_day(day: dt.date, *, calendar: WorkingDayCalendar | None = None) -> bool:
    """Whether ``day`` is a working day: Monday–Friday and not a holiday, or a 调休 make-up day.

    Raise ``CalendarYearNotCovered`` when the year has neither a table nor package data.
    """
    return _calendar(calendar).is_working_day(day)


def add_working_days(
    start: dt.date, n: int, *, calendar: WorkingDayCalendar | None = None
) -> dt.date:
    """The ``n``-th working day after ``start`` (the start day is not counted, 民法典 第二百零一条).

    ``n == 0`` returns ``start`` itself, whether or not it is a working day. A negative ``n``
    counts backward: ``add_working_days(d, -1)`` is the last working day before ``d``.
    """
    _require_date(start, "start")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n 须为整数 / n must be an int, not {type(n).__name__}")
    cal = _calendar(calendar)
    step = dt.timedelta(days=1 if n > 0 else -1)
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if cal.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, *, calendar: WorkingDayCalendar | None = None
) -> int:
    """The number of working days ``d`` with ``start < d <= end``.

    The start day is excluded and the end day included, matching ``add_working_days``: when
    ``end`` is a working day, ``add_working_days(start, working_days_between(start, end)) ==
    end``. When ``end < start`` the result is minus the count for ``(end, start]``, so swapping
    the arguments negates it; ``start == end`` gives 0.
    """
    _require_date(start, "start")
    _require_date(end, "end")
    if end < start:
        return -working_days_between(end, start, calendar=calendar)
    cal = _calendar(calendar)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count


def next_working_day(day: dt.date, *, calendar: WorkingDayCalendar | None = None) -> dt.date:
    """The first working day strictly after ``day`` (``add_working_days(day, 1)``)."""
    return add_working_days(day, 1, calendar=calendar)


def calendar_day_deadline(
    start: dt.date, n_days: int, *, calendar: WorkingDayCalendar | None = None
) -> dt.date:
    """The last day of a period of ``n_days`` calendar days starting on ``start``.

    The start day is not counted (民法典 第二百零一条), so the period nominally ends on
    ``start + n_days``. If that day is a statutory holiday or rest day, the period ends on the
    next working day (民法典 第二百零三条); a 调休 make-up Saturday counts as a working day.
    """
    _require_date(start, "start")
    if isinstance(n_days, bool) or not isinstance(n_days, int) or n_days < 1:
        raise ValueError(
            f"期间天数须为正整数，实为 {n_days!r} / n_days must be a positive int, got {n_days!r}"
        )
    cal = _calendar(calendar)
    last = start + dt.timedelta(days=n_days)
    if cal.is_working_day(last):
        return last
    return next_working_day(last, calendar=cal)


@dataclass(frozen=True)
class Deadline:
    """A computed due date with what it rests on.

    ``basis`` lists article keys of the legal catalogue: first the rule that sets the period
    (passed by the caller, e.g. ``complaint-handling-interim-measures-2019:14``), then the
    counting rules in ``COUNTING_BASIS``. ``calendar_sources`` records, per year touched,
    whether the package or an administrator's table decided the days.
    """

    start: dt.date
    amount: int
    unit: str
    due: dt.date
    basis: tuple[str, ...]
    calendar_sources: tuple[tuple[int, str], ...]

    def citations(self) -> list[str]:
        """The basis as formatted citations (needs the loaded legal catalogue)."""
        from wangjian.core.legal_catalogue import cite

        return [cite(key) for key in self.basis]


def deadline(
    start: dt.date,
    amount: int,
    unit: str,
    *,
    basis: str | tuple[str, ...] | list[str],
    calendar: WorkingDayCalendar | None = None,
) -> Deadline:
    """Compute a deadline of ``amount`` working days or calendar days after ``start``.

    ``basis`` is the article key (or keys) of the rule that sets the period; it is required so
    that no deadline is computed without a citable source.
    """
    rule_basis = (basis,) if isinstance(basis, str) else tuple(basis)
    if not rule_basis or not all(isinstance(key, str) and ":" in key for key in rule_basis):
        raise ValueError(
            "期限须注明法律依据条文键，如 admin-penalty-law-2021:60 / a deadline needs the "
            "article key of its legal basis, e.g. admin-penalty-law-2021:60"
        )
    cal = _calendar(calendar)
    if unit == WORKING_DAYS:
        if amount < 1:
            raise ValueError(f"期限天数须为正数 / amount must be positive, got {amount}")
        due = add_working_days(start, amount, calendar=cal)
    elif unit == CALENDAR_DAYS:
        due = calendar_day_deadline(start, amount, calendar=cal)
    else:
        raise ValueError(
            f"未知期间单位 {unit!r}，应为 {WORKING_DAYS} 或 {CALENDAR_DAYS} / unknown unit "
            f"{unit!r}: expected {WORKING_DAYS} or {CALENDAR_DAYS}"
        )
    years = range(start.year, due.year + 1)
    return Deadline(
        start=start,
        amount=amount,
        unit=unit,
        due=due,
        basis=rule_basis + COUNTING_BASIS[unit],
        calendar_sources=tuple((year, cal.source_of(year)) for year in years),
    )
