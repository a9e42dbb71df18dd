"""Statutory clocks on the working-day calendar, under both rule versions."""

import datetime as dt

import pytest

from wangjian.complaints.rules import clock_deadline, rule_versions, rules_on
from wangjian.complaints.tests.factories import file
from wangjian.core.legal_catalogue import instrument_in_force


def test_versions_are_chosen_by_received_date():
    assert rules_on(dt.date(2025, 6, 30)).key == "interim-measures-2019"
    assert rules_on(dt.date(2026, 4, 14)).key == "interim-measures-2019"
    assert rules_on(dt.date(2026, 4, 15)).key == "measures-2026"
    assert rules_on(dt.date(2026, 11, 20)).key == "measures-2026"


@pytest.mark.django_db
def test_versions_agree_with_the_legal_catalogue(legal):
    for day in (dt.date(2025, 3, 1), dt.date(2026, 4, 14), dt.date(2026, 4, 15)):
        instrument = instrument_in_force("complaint-handling-measures", day)
        assert rules_on(day).instrument == instrument.key


def test_every_clock_cites_and_2026_numbers_are_unconfirmed():
    old, new = rule_versions()
    assert set(old.clocks) == set(new.clocks)
    expected = {
        "accept_decision": 7,
        "mediation_end": 45,
        "termination_notice": 7,
        "report_verification": 15,
        "report_case_filing": 15,
        "reporter_notice": 5,
        "clue_verification": 15,
        "odr_negotiation": 10,
        "jurisdiction_dispute": 7,
    }
    assert {name: clock.amount for name, clock in old.clocks.items()} == expected
    assert {name: clock.amount for name, clock in new.clocks.items()} == expected
    assert old.clock("accept_decision").basis == "complaint-handling-interim-measures-2019:14"
    assert old.clock("accept_decision").status == "confirmed"
    assert new.clock("accept_decision").status == "unconfirmed"
    assert new.clock("mediation_end").status == "unconfirmed"
    assert not old.clock("odr_negotiation").counted_in_regulator_clock
    assert [ground.key for ground in old.non_acceptance_grounds] == [
        "15.1",
        "15.2",
        "15.3",
        "15.4",
        "15.5",
        "15.6",
    ]
    assert all(ground.status == "unconfirmed" for ground in new.non_acceptance_grounds)
    assert not old.jurisdiction["in_platform_without_address_goes_to_platform"]
    assert new.jurisdiction["in_platform_without_address_goes_to_platform"]
    assert old.jurisdiction["repeated_reports_handled"]
    assert not new.jurisdiction["repeated_reports_handled"]
    assert not new.jurisdiction["advertising_report_transfer"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["interim-measures-2019", "measures-2026"])
def test_acceptance_deadline_across_spring_festival(key):
    # 2026-02-12 (Thu): working days 2/13, 2/14 (make-up Saturday), then the holiday 2/15–2/23,
    # then 2/24, 2/25, 2/26, 2/27 and 2/28 (make-up Saturday): the seventh is 2026-02-28.
    version = next(version for version in rule_versions() if version.key == key)
    computed = clock_deadline(version, "accept_decision", dt.date(2026, 2, 12))
    assert computed.due == dt.date(2026, 2, 28)
    assert computed.basis[0] == version.clock("accept_decision").basis
    assert "civil-code-2020:201" in computed.basis


@pytest.mark.django_db
def test_mediation_and_report_clocks_across_national_day():
    version = rules_on(dt.date(2025, 9, 26))
    # Received Fri 2025-09-26: 9/28 (Sun, make-up) 1, 9/29 2, 9/30 3, 10/1–10/8 off, 10/9 4,
    # 10/10 5, 10/11 (Sat, make-up) 6, then 10/13–10/17 and 10/20–10/23: the 15th is 10/23.
    assert clock_deadline(version, "report_verification", dt.date(2025, 9, 26)).due == dt.date(
        2025, 10, 23
    )
    assert clock_deadline(version, "reporter_notice", dt.date(2025, 9, 26)).due == dt.date(
        2025, 10, 10
    )
    # Then 10/24 16 … 11/28 41, 12/1 42 … 12/4 45.
    assert clock_deadline(version, "mediation_end", dt.date(2025, 9, 26)).due == dt.date(
        2025, 12, 4
    )


@pytest.mark.django_db
def test_complaint_in_2025_runs_on_old_rules_and_now_on_new(world, divisions):
    old = file(divisions["yangpu"], on=dt.date(2025, 12, 30)).records[0]
    new = file(
        divisions["yangpu"], on=dt.date(2026, 5, 6), complainant_phone="13900001111"
    ).records[0]
    assert old.rule_version == "interim-measures-2019"
    assert new.rule_version == "measures-2026"
    old_clock = old.clocks.get(step="accept_decision")
    new_clock = new.clocks.get(step="accept_decision")
    # 2025-12-30 (Tue): 12/31, 1/1–1/3 off, 1/4 (Sun) make-up, 1/5, 1/6, 1/7, 1/8, 1/9.
    assert old_clock.due_on == dt.date(2026, 1, 9)
    assert old_clock.status == "confirmed"
    assert old_clock.citation.startswith("《市场监督管理投诉举报处理暂行办法》第十四条")
    # 2026-05-06 (Wed): 5/7, 5/8, 5/9 (Sat make-up), 5/11, 5/12, 5/13, 5/14.
    assert new_clock.due_on == dt.date(2026, 5, 14)
    assert new_clock.status == "unconfirmed"
    assert "未核实" in new_clock.citation


@pytest.mark.django_db
def test_a_clock_reaching_an_uncovered_year_waits_for_its_table(
    world, divisions, regulator, system_admin, django_capture_on_commit_callbacks
):
    from wangjian.complaints.actions import recompute_clocks
    from wangjian.core.actions.calendar import enter_working_day_year
    from wangjian.core.models import AuditEvent

    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 24)).records[0]
    accept = complaint.clocks.get(step="accept_decision")
    # Seven working days from 12-24: 12-25, 12-28…12-31 stay in 2026, the rest reach 2027.
    assert accept.due_on is None
    assert accept.calendar_note.startswith("2027 年的工作日安排尚未录入")
    assert recompute_clocks(actor=None) == 0

    with django_capture_on_commit_callbacks(execute=True):
        enter_working_day_year(
            actor=system_admin,
            year=2027,
            source_document="测试用年度工作日表",
            published_on=dt.date(2026, 12, 22),
            days=[(dt.date(2027, 1, 1), False, "元旦")],
        )
    accept.refresh_from_db()
    # 12-25, 12-28, 12-29, 12-30, 12-31, then 1 January off: 1-4, 1-5.
    assert accept.due_on == dt.date(2027, 1, 5)
    assert accept.calendar_note == ""
    event = AuditEvent.objects.get(event_type="complaints.clock_dated")
    assert event.actor == system_admin
