"""Working days: the package years, administrator tables, counting rules and the table actions."""

import datetime as dt
import re

import pytest

from wangjian.core.actions.calendar import (
    CalendarDataError,
    delete_working_day_year,
    enter_working_day_year,
)
from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.actions.refusals import CoreNotPermitted
from wangjian.core.models import AuditEvent, CalendarDay, WorkingDayYear
from wangjian.core.working_days import (
    CALENDAR_DAYS,
    WORKING_DAYS,
    CalendarYearNotCovered,
    Deadline,
    WorkingDayCalendar,
    add_working_days,
    calendar_day_deadline,
    deadline,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date

NOT_COVERED_2027 = (
    "2027 年的工作日安排尚未录入：请系统管理员根据国务院办公厅发布的2027年部分节假日安排通知录入"
    "该年度工作日表（“工作日历”页或 wangjian calendar import-year）。"
)

# Test data shaped like a notice, not a real 2027 arrangement (none was published when this
# was written).
TEST_2027_SOURCE = "测试数据：2027年部分节假日安排（非真实通知）"
TEST_2027_DAYS = [
    (D(2027, 1, 1), False, "元旦"),
    (D(2027, 2, 8), False, "春节"),
    (D(2027, 2, 9), False, "春节"),
    (D(2027, 2, 10), False, "春节"),
    (D(2027, 2, 11), False, "春节"),
    (D(2027, 2, 12), False, "春节"),
    (D(2027, 2, 20), True, "春节调休上班"),
]


def enter_2027(actor):
    return enter_working_day_year(
        actor=actor,
        year=2027,
        source_document=TEST_2027_SOURCE,
        published_on=D(2026, 11, 10),
        days=TEST_2027_DAYS,
    )


# --------------------------------------------------------------------------------------------
# The package years (2025, 2026: domain-rules.md §10)


@pytest.mark.django_db
def test_seven_working_days_across_national_day_2026_count_the_make_up_saturday():
    assert add_working_days(D(2026, 9, 30), 7) == D(2026, 10, 15)


@pytest.mark.django_db
def test_seven_working_days_across_spring_festival_2026_count_both_make_up_saturdays():
    assert add_working_days(D(2026, 2, 12), 7) == D(2026, 2, 28)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 1, 1), False),  # 元旦, Wednesday
        (D(2025, 1, 26), True),  # Sunday make-up day for 春节
        (D(2025, 1, 28), False),  # 除夕, a holiday since the 2024 amendment
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),  # Saturday make-up day
        (D(2025, 4, 27), True),  # Sunday make-up day for 劳动节
        (D(2025, 5, 2), False),  # the second 劳动节 day
        (D(2025, 5, 5), False),
        (D(2025, 6, 2), False),  # 端午
        (D(2025, 9, 28), True),  # Sunday make-up day for 国庆
        (D(2025, 10, 8), False),
        (D(2025, 10, 11), True),  # Saturday make-up day
        (D(2025, 10, 12), False),  # an ordinary Sunday
        (D(2026, 1, 2), False),
        (D(2026, 1, 4), True),  # Sunday make-up day for 元旦
        (D(2026, 2, 14), True),
        (D(2026, 2, 23), False),
        (D(2026, 4, 6), False),  # 清明, Monday
        (D(2026, 5, 5), False),
        (D(2026, 5, 9), True),  # Saturday make-up day
        (D(2026, 6, 19), False),  # 端午, Friday
        (D(2026, 9, 20), True),  # Sunday make-up day for 国庆
        (D(2026, 9, 25), False),  # 中秋, Friday
        (D(2026, 10, 7), False),
        (D(2026, 10, 10), True),
        (D(2026, 3, 10), True),  # an ordinary Tuesday
        (D(2026, 3, 14), False),  # an ordinary Saturday
    ],
)
def test_holidays_and_make_up_days_of_2025_and_2026(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.django_db
def test_zero_working_days_is_the_start_date_even_on_a_holiday():
    assert add_working_days(D(2026, 10, 1), 0) == D(2026, 10, 1)


@pytest.mark.django_db
def test_negative_n_counts_backward_over_holidays_and_make_up_days():
    assert add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert add_working_days(D(2026, 2, 24), -1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 24), -2) == D(2026, 2, 13)
    assert add_working_days(D(2026, 10, 15), -7) == D(2026, 9, 30)


@pytest.mark.django_db
def test_working_days_between_excludes_the_start_and_includes_the_end():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 15)) == 7
    assert working_days_between(D(2026, 10, 15), D(2026, 9, 30)) == -7
    assert working_days_between(D(2026, 10, 8), D(2026, 10, 8)) == 0
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    # Across the year boundary: 1/1–1/3 off, 1/4 a Sunday make-up day, 1/5 a Monday.
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 5)) == 2


@pytest.mark.django_db
def test_next_working_day_is_strictly_after_and_may_be_a_make_up_saturday():
    assert next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert next_working_day(D(2026, 10, 9)) == D(2026, 10, 10)
    assert next_working_day(D(2026, 3, 10)) == D(2026, 3, 11)


@pytest.mark.django_db
def test_calendar_day_period_ending_on_a_holiday_ends_on_the_next_working_day():
    # 9/24 + 7 days = 10/1, a holiday; 10/1–10/7 off, so the period ends on 10/8.
    assert calendar_day_deadline(D(2026, 9, 24), 7) == D(2026, 10, 8)


@pytest.mark.django_db
def test_calendar_day_period_ending_on_a_working_day_or_make_up_day_is_not_moved():
    assert calendar_day_deadline(D(2026, 3, 1), 3) == D(2026, 3, 4)
    assert calendar_day_deadline(D(2026, 10, 3), 7) == D(2026, 10, 10)


@pytest.mark.django_db
def test_calendar_day_period_ending_on_an_ordinary_weekend_moves_to_monday():
    assert calendar_day_deadline(D(2026, 3, 1), 6) == D(2026, 3, 9)


def test_calendar_day_period_must_be_positive():
    with pytest.raises(ValueError, match="n_days must be a positive int, got 0"):
        calendar_day_deadline(D(2026, 3, 1), 0)


def test_datetimes_are_refused_because_their_day_depends_on_the_time_zone():
    with pytest.raises(TypeError, match=r"must be a datetime\.date, not datetime"):
        is_working_day(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_deadline_carries_the_rule_and_the_counting_basis():
    result = deadline(
        D(2026, 9, 30),
        7,
        WORKING_DAYS,
        basis="complaint-handling-interim-measures-2019:14",
    )

    assert result == Deadline(
        start=D(2026, 9, 30),
        amount=7,
        unit=WORKING_DAYS,
        due=D(2026, 10, 15),
        basis=(
            "complaint-handling-interim-measures-2019:14",
            "civil-code-2020:201",
            "holiday-measures-2024:2",
            "holiday-measures-2024:7",
        ),
        calendar_sources=((2026, "package"),),
    )


@pytest.mark.django_db
def test_deadline_citations_come_from_the_legal_catalogue():
    load_legal_catalogue()
    result = deadline(D(2026, 9, 24), 7, CALENDAR_DAYS, basis=("admin-penalty-law-2021:60",))

    assert result.due == D(2026, 10, 8)
    assert result.citations() == [
        "《中华人民共和国行政处罚法》第六十条（2021年1月22日修订，2021-07-15施行）",
        "《中华人民共和国民法典》第二百零一条（2020年5月28日通过，2021-01-01施行）",
        "《中华人民共和国民法典》第二百零三条（2020年5月28日通过，2021-01-01施行）",
    ]


def test_a_deadline_without_a_legal_basis_is_refused():
    with pytest.raises(ValueError, match="a deadline needs the article key of its legal basis"):
        deadline(D(2026, 9, 30), 7, WORKING_DAYS, basis=())


@pytest.mark.django_db
def test_a_45_working_day_period_reads_each_year_once(django_assert_max_num_queries):
    # Crosses from 2025 into 2026: one query per year, not one per day.
    with django_assert_max_num_queries(2):
        due = add_working_days(D(2025, 11, 20), 45)
    # 29 working days left in 2025 after 11/20; 1/1–1/3 off, Sunday 1/4 a make-up day (30),
    # then three full weeks.
    assert due == D(2026, 1, 23)


@pytest.mark.django_db
def test_a_shared_calendar_reads_a_year_only_once(django_assert_max_num_queries):
    calendar = WorkingDayCalendar()
    with django_assert_max_num_queries(1):
        for n in (5, 15, 45):
            add_working_days(D(2026, 3, 2), n, calendar=calendar)


# --------------------------------------------------------------------------------------------
# Years the package does not cover, and administrator tables


@pytest.mark.django_db
def test_2027_is_not_covered_until_a_table_is_entered(system_admin):
    with pytest.raises(CalendarYearNotCovered) as raised:
        is_working_day(D(2027, 1, 4))
    assert raised.value.year == 2027
    assert str(raised.value) == NOT_COVERED_2027

    enter_2027(system_admin)

    assert is_working_day(D(2027, 1, 1)) is False
    assert is_working_day(D(2027, 1, 4)) is True
    assert is_working_day(D(2027, 2, 20)) is True
    assert is_working_day(D(2027, 2, 21)) is False
    assert add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 15)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


@pytest.mark.django_db
def test_entering_a_table_writes_an_audit_event_with_the_whole_table(system_admin):
    table = enter_2027(system_admin)

    event = AuditEvent.objects.get(event_type="core.working_day_year_entered")
    assert event.actor == system_admin
    assert event.target_type == "core.workingdayyear"
    assert event.target_id == str(table.pk)
    assert event.before is None
    assert event.after == {
        "year": 2027,
        "source_document": TEST_2027_SOURCE,
        "published_on": "2026-11-10",
        "days": [
            ["2027-01-01", False, "元旦"],
            ["2027-02-08", False, "春节"],
            ["2027-02-09", False, "春节"],
            ["2027-02-10", False, "春节"],
            ["2027-02-11", False, "春节"],
            ["2027-02-12", False, "春节"],
            ["2027-02-20", True, "春节调休上班"],
        ],
    }
    assert table.entered_by == system_admin


@pytest.mark.django_db
def test_a_45_working_day_period_in_a_table_year_costs_one_query(
    system_admin, django_assert_max_num_queries
):
    enter_2027(system_admin)
    with django_assert_max_num_queries(1):
        due = add_working_days(D(2027, 1, 4), 45)
    # 19 working days in January after 1/4, 5 in 2/1–2/5, none in 2/8–2/12, 5 in 2/15–2/19,
    # Saturday 2/20, 5 in 2/22–2/26, then 3/1–3/5 and 3/8–3/12.
    assert due == D(2027, 3, 12)


@pytest.mark.django_db
def test_a_table_wins_over_the_package_and_replacing_it_is_audited(system_admin):
    first = [(D(2026, 3, 10), False, "更正测试")]
    enter_working_day_year(
        actor=system_admin,
        year=2026,
        source_document="测试数据：更正表一",
        published_on=D(2025, 11, 4),
        days=first,
    )
    assert is_working_day(D(2026, 3, 10)) is False
    # The table replaces the package for the whole year, so National Day is now a weekday.
    assert is_working_day(D(2026, 10, 1)) is True

    enter_working_day_year(
        actor=system_admin,
        year=2026,
        source_document="测试数据：更正表二",
        published_on=D(2025, 11, 4),
        days=[(D(2026, 3, 11), False, "更正测试")],
    )
    assert is_working_day(D(2026, 3, 10)) is True
    assert WorkingDayYear.objects.count() == 1
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [D(2026, 3, 11)]
    replaced = AuditEvent.objects.filter(event_type="core.working_day_year_entered").last()
    assert replaced.before == {
        "year": 2026,
        "source_document": "测试数据：更正表一",
        "published_on": "2025-11-04",
        "days": [["2026-03-10", False, "更正测试"]],
    }


@pytest.mark.django_db
def test_deleting_a_table_returns_the_year_to_the_package_and_is_audited(system_admin):
    enter_working_day_year(
        actor=system_admin,
        year=2026,
        source_document="测试数据：更正表",
        published_on=D(2025, 11, 4),
        days=[(D(2026, 3, 10), False, "更正测试")],
    )
    delete_working_day_year(actor=system_admin, year=2026, reason="更正表录入错误")

    assert is_working_day(D(2026, 3, 10)) is True
    assert is_working_day(D(2026, 10, 1)) is False
    event = AuditEvent.objects.get(event_type="core.working_day_year_deleted")
    assert event.reason == "更正表录入错误"
    assert event.after is None
    assert event.before["days"] == [["2026-03-10", False, "更正测试"]]


@pytest.mark.django_db
def test_deleting_a_year_without_a_table_is_refused(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        delete_working_day_year(actor=system_admin, year=2027, reason="测试")
    assert (
        raised.value.in_both_languages
        == "2027 年没有工作日年度表 / there is no working-day table for 2027"
    )


# --------------------------------------------------------------------------------------------
# Validation and permissions


def _enter(actor, days, year=2027, source=TEST_2027_SOURCE):
    return enter_working_day_year(
        actor=actor, year=year, source_document=source, published_on=D(2026, 11, 10), days=days
    )


@pytest.mark.django_db
def test_a_holiday_on_a_weekend_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, [*TEST_2027_DAYS, (D(2027, 1, 2), False, "元旦")])
    assert raised.value.in_both_languages == (
        "2027-01-02（星期六）本为休息日，不应作为放假日录入：年度表只记录落在工作日的放假日和落在"
        "周末的调休上班日 / 2027-01-02 (Saturday) is already a rest day: the table lists only "
        "holidays on weekdays and make-up working days on weekends"
    )
    assert WorkingDayYear.objects.count() == 0


@pytest.mark.django_db
def test_a_make_up_day_on_a_weekday_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, [*TEST_2027_DAYS, (D(2027, 1, 4), True, "调休")])
    assert raised.value.in_both_languages == (
        "2027-01-04（星期一）本为工作日，不应作为调休上班日录入：调休上班日应在周六或周日 / "
        "2027-01-04 (Monday) is already a working day: make-up working days fall on a Saturday "
        "or Sunday"
    )


@pytest.mark.django_db
def test_a_date_outside_the_year_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, [*TEST_2027_DAYS, (D(2026, 12, 31), False, "元旦")])
    assert raised.value.in_both_languages == "2026-12-31 不在 2027 年内 / 2026-12-31 is not in 2027"


@pytest.mark.django_db
def test_a_duplicate_date_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, [*TEST_2027_DAYS, (D(2027, 1, 1), False, "元旦")])
    assert raised.value.in_both_languages == "2027-01-01 重复录入 / 2027-01-01 is entered twice"


@pytest.mark.django_db
def test_a_table_without_holidays_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, [(D(2027, 2, 20), True, "调休")])
    assert re.search("the 2027 table has no holidays", raised.value.en)


@pytest.mark.django_db
def test_a_table_without_its_source_document_is_rejected(system_admin):
    with pytest.raises(CalendarDataError) as raised:
        _enter(system_admin, TEST_2027_DAYS, source="  ")
    assert re.search("source_document is required", raised.value.en)


@pytest.mark.django_db
def test_a_failed_replacement_leaves_the_previous_table_in_place(system_admin):
    enter_2027(system_admin)
    with pytest.raises(CalendarDataError):
        _enter(system_admin, [(D(2027, 1, 3), False, "元旦")])
    assert CalendarDay.objects.count() == len(TEST_2027_DAYS)
    assert AuditEvent.objects.filter(event_type="core.working_day_year_entered").count() == 1


@pytest.mark.django_db
def test_a_regulator_may_not_enter_or_delete_a_table(regulator, system_admin):
    with pytest.raises(CoreNotPermitted) as raised:
        enter_2027(regulator)
    assert (raised.value.code, raised.value.zh, raised.value.en) == (
        "not_permitted",
        "无权管理工作日年度表",
        "not permitted to manage the working-day calendar",
    )
    enter_2027(system_admin)
    with pytest.raises(CoreNotPermitted):
        delete_working_day_year(actor=regulator, year=2027, reason="测试")
    assert WorkingDayYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_the_system_actor_may_not_enter_a_table():
    with pytest.raises(CoreNotPermitted) as raised:
        enter_2027(None)
    assert raised.value.code == "not_permitted"
    assert raised.value.en == "entering a working-day table needs a signed-in administrator"
