"""Entering and removing a year's working-day table (工作日年度表).

The table records only the exceptions to "Monday–Friday is a working day" that the 国务院办公厅
notice announces for the year: holidays that fall on a weekday and 调休 make-up working days on
a Saturday or Sunday. Anything else would restate the default and is rejected, because an entry
such as a "holiday" on a Sunday usually means the administrator mistyped a date.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
from wangjian.core.audit import record_event
from wangjian.core.error_codes import CoreErrorCode
from wangjian.core.models import CalendarDay, WorkingDayYear

CAPABILITY = "core.manage_calendar"
# Apps whose deadlines wait for a year's table register here (from their AppConfig.ready):
# ``fn(*, actor) -> int`` dates what it can once a table is entered, and returns how many.
YEAR_ENTERED_SUBSCRIBERS: list = []
NAME_MAX_LENGTH = CalendarDay._meta.get_field("name").max_length
SOURCE_MAX_LENGTH = WorkingDayYear._meta.get_field("source_document").max_length
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# Spelled out rather than strftime("%A"), which follows the process locale.
WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarDataError(CoreRefused, ValueError):
    """A year's table that cannot be right: the message says which entry and which rule."""

    default_code = CoreErrorCode.CALENDAR_ENTRY_INVALID


def _require_manager(actor) -> None:
    # Unlike reference-data loads, a calendar table is a person's reading of a notice, so the
    # audit log must name that person: there is no system actor here.
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise CoreNotPermitted(
            "录入工作日年度表须由已登录的管理员操作 / entering a working-day table needs a "
            "signed-in administrator",
        )
    if not actor.has_capability(CAPABILITY):
        raise CoreNotPermitted(
            "无权管理工作日年度表 / not permitted to manage the working-day calendar",
        )


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise CalendarDataError(f"年度 {year!r} 无效 / invalid year {year!r}")
    return year


def _check_date(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise CalendarDataError(f"{what} {value!r} 不是日期 / {what} {value!r} is not a date")
    return value


def _normalise_days(year: int, days: Iterable) -> list[tuple[dt.date, bool, str]]:
    entries = []
    seen: set[dt.date] = set()
    for position, entry in enumerate(days, start=1):
        try:
            day, working, name = entry
        except (TypeError, ValueError) as error:
            raise CalendarDataError(
                f"第 {position} 项应为（日期, 是否工作日, 说明）/ entry {position} must be "
                "(date, is_working_day, name)"
            ) from error
        day = _check_date(day, f"第 {position} 项日期 / entry {position} date")
        if not isinstance(working, bool):
            raise CalendarDataError(
                f"{day} 的“是否工作日”须为 true 或 false / {day}: is_working_day must be true "
                "or false"
            )
        name = "" if name is None else str(name).strip()
        if len(name) > NAME_MAX_LENGTH:
            raise CalendarDataError(
                f"{day} 的说明超过 {NAME_MAX_LENGTH} 字 / {day}: name longer than "
                f"{NAME_MAX_LENGTH} characters"
            )
        if day.year != year:
            raise CalendarDataError(f"{day} 不在 {year} 年内 / {day} is not in {year}")
        if day in seen:
            raise CalendarDataError(f"{day} 重复录入 / {day} is entered twice")
        seen.add(day)
        weekend = day.weekday() >= 5
        weekday_name = WEEKDAY_NAMES[day.weekday()]
        weekday_en = WEEKDAY_NAMES_EN[day.weekday()]
        if not working and weekend:
            raise CalendarDataError(
                f"{day}（{weekday_name}）本为休息日，不应作为放假日录入：年度表只记录落在工作日的"
                f"放假日和落在周末的调休上班日 / {day} ({weekday_en}) is already a rest day: the "
                "table lists only holidays on weekdays and make-up working days on weekends"
            )
        if working and not weekend:
            raise CalendarDataError(
                f"{day}（{weekday_name}）本为工作日，不应作为调休上班日录入：调休上班日应在周六或"
                f"周日 / {day} ({weekday_en}) is already a working day: make-up working days fall "
                "on a Saturday or Sunday"
            )
        entries.append((day, working, name))
    if not any(not working for _day, working, _name in entries):
        # 《全国年节及纪念日放假办法》 gives 13 holiday days a year; some always fall on
        # weekdays, so a table without one is incomplete.
        raise CalendarDataError(
            f"{year} 年度表中没有放假日，请按国务院办公厅通知完整录入 / the {year} table has "
            "no holidays: enter the whole State Council General Office notice"
        )
    return sorted(entries)


def _snapshot(table: WorkingDayYear | None) -> dict | None:
    if table is None:
        return None
    return {
        "year": table.year,
        "source_document": table.source_document,
        "published_on": table.published_on.isoformat(),
        "days": [
            [day.date.isoformat(), day.is_working_day, day.name]
            for day in table.days.order_by("date")
        ],
    }


def enter_working_day_year(
    *,
    actor,
    year: int,
    source_document: str,
    published_on: dt.date,
    days: Iterable,
) -> WorkingDayYear:
    """Replace ``year``'s working-day table with the given exceptions, atomically, and audit it.

    ``days`` holds ``(date, is_working_day, name)`` tuples: holidays on weekdays
    (``is_working_day=False``) and 调休 make-up days on weekends (``True``). Raise
    ``PermissionDenied`` unless the actor has ``core.manage_calendar``, and
    ``CalendarDataError`` for a date outside the year, a duplicate, a weekend "holiday", a
    weekday "make-up day", a table without holidays or a missing source document.
    """
    _require_manager(actor)
    year = _check_year(year)
    source_document = (source_document or "").strip()
    if not source_document or len(source_document) > SOURCE_MAX_LENGTH:
        raise CalendarDataError(
            f"须填写依据文件（国务院办公厅通知名称及文号，不超过 {SOURCE_MAX_LENGTH} 字）/ "
            f"source_document is required (the notice's title and number, at most "
            f"{SOURCE_MAX_LENGTH} characters)",
            code=CoreErrorCode.CALENDAR_SOURCE_MISSING,
            field="source_document",
        )
    published_on = _check_date(published_on, "发布日期 / published_on")
    entries = _normalise_days(year, days)
    with transaction.atomic():
        previous = WorkingDayYear.objects.select_for_update().filter(year=year).first()
        before = _snapshot(previous)
        if previous is not None:
            # Deleting and recreating rather than updating gives the new table its own
            # entered_by / entered_at, so the row says who entered what is now in force.
            previous.delete()
        table = WorkingDayYear.objects.create(
            year=year,
            source_document=source_document,
            published_on=published_on,
            entered_by=actor,
        )
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(year=table, date=day, is_working_day=working, name=name)
                for day, working, name in entries
            ]
        )
        record_event(
            actor=actor,
            event_type="core.working_day_year_entered",
            target=table,
            before=before,
            after=_snapshot(table),
        )
        transaction.on_commit(lambda: _announce_year_entered(actor, table))
    return table


def _announce_year_entered(actor, table) -> None:
    # Runs right after the commit, before the caller regains control outside a transaction,
    # so the page that entered the table can say how many clocks got their date.
    table.clocks_dated = _date_waiting_clocks(actor)


def _date_waiting_clocks(actor) -> int:
    return sum(int(subscriber(actor=actor) or 0) for subscriber in list(YEAR_ENTERED_SUBSCRIBERS))


def recompute_open_clocks(*, actor, year: int) -> int:
    """Date every open clock that waited for a working-day table (complaints, clues …).

    Entering a table does this on its own; this action repeats it on request (after a
    correction, or when a job failed). Each dated clock writes its own audit event; this one
    records who asked and how many were dated. Raise ``PermissionDenied`` as for entering and
    ``CalendarDataError`` when ``year`` has no table.
    """
    _require_manager(actor)
    year = _check_year(year)
    table = WorkingDayYear.objects.filter(year=year).first()
    if table is None:
        raise CalendarDataError(
            f"{year} 年没有工作日年度表 / there is no working-day table for {year}",
            code=CoreErrorCode.CALENDAR_YEAR_MISSING,
        )
    count = _date_waiting_clocks(actor)
    with transaction.atomic():
        WorkingDayYear.objects.select_for_update().filter(pk=table.pk).first()
        record_event(
            actor=actor,
            event_type="core.working_day_clocks_recomputed",
            target=table,
            after={"year": year, "clocks_dated": count},
        )
    return count


def delete_working_day_year(*, actor, year: int, reason: str) -> None:
    """Remove ``year``'s table so the package (or nothing) decides that year again.

    Raise ``PermissionDenied`` as for entering, and ``CalendarDataError`` when the year has no
    table or no reason is given.
    """
    _require_manager(actor)
    year = _check_year(year)
    reason = (reason or "").strip()
    if not reason:
        raise CalendarDataError(
            "删除工作日年度表须说明理由 / a reason is required to delete a working-day table",
            code=CoreErrorCode.REASON_MISSING,
            field="reason",
        )
    with transaction.atomic():
        table = WorkingDayYear.objects.select_for_update().filter(year=year).first()
        if table is None:
            raise CalendarDataError(
                f"{year} 年没有工作日年度表 / there is no working-day table for {year}",
                code=CoreErrorCode.CALENDAR_YEAR_MISSING,
            )
        before = _snapshot(table)
        target = ("core.workingdayyear", table.pk, str(table))
        table.delete()
        record_event(
            actor=actor,
            event_type="core.working_day_year_deleted",
            target=target,
            before=before,
            reason=reason,
        )
