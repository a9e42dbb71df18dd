"""Handling: acceptance with statutory grounds, ODR, mediation with testing time excluded,
termination notice, report case-filing and the reporter notice, outcome subscribers."""

import datetime as dt

import pytest

from wangjian.complaints import actions, outcomes
from wangjian.complaints.choices import RecordKind, State
from wangjian.complaints.models import OdrParticipant
from wangjian.complaints.tests.factories import file

pytestmark = pytest.mark.django_db


def test_refusal_needs_a_statutory_ground_from_the_data(world, divisions, regulator):
    complaint = file(divisions["yangpu"], on=dt.date(2025, 6, 3)).records[0]
    with pytest.raises(actions.ComplaintError) as refused:
        actions.decide_acceptance(actor=regulator, complaint=complaint, accept=False)
    assert refused.value.rule == "statutory_ground"
    with pytest.raises(actions.ComplaintError) as unknown:
        actions.decide_acceptance(actor=regulator, complaint=complaint, accept=False, ground="15.9")
    assert unknown.value.field == "ground"
    actions.decide_acceptance(
        actor=regulator,
        complaint=complaint,
        accept=False,
        ground="15.4",
        reason="2021年购买，超过三年",
        on=dt.date(2025, 6, 5),
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.decision_ground) == (State.NOT_ACCEPTED, "15.4")
    clock = complaint.clocks.get(step="accept_decision")
    assert (clock.due_on, clock.completed_on, clock.timely) == (
        dt.date(2025, 6, 12),
        dt.date(2025, 6, 5),
        True,
    )


def test_mediation_clock_excludes_testing_and_termination_starts_the_notice_clock(
    world, divisions, regulator
):
    complaint = file(divisions["yangpu"], on=dt.date(2025, 9, 1)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2025, 9, 8)
    )
    mediation = complaint.clocks.get(step="mediation_end")
    # 45 working days from Mon 2025-09-08: 9/9–9/26 are 14, 9/28 (Sun, make-up) 15, 9/29–9/30,
    # 10/1–10/8 off, 10/9–10/10, 10/11 (Sat, make-up) 20, then five full weeks to 11/14.
    assert mediation.due_on == dt.date(2025, 11, 14)
    actions.start_testing(actor=regulator, complaint=complaint, on=dt.date(2025, 9, 15))
    clock = actions.end_testing(actor=regulator, complaint=complaint, on=dt.date(2025, 9, 25))
    # Testing 9/16–9/25 took 8 working days; they are added to the period.
    assert clock.excluded_working_days == 8
    assert clock.due_on == dt.date(2025, 11, 26)
    assert "complaint-handling-interim-measures-2019:20" in clock.basis
    actions.record_session(
        actor=regulator,
        complaint=complaint,
        held_on=dt.date(2025, 10, 9),
        mode="phone",
        notes="双方对赔偿金额分歧较大",
    )
    actions.terminate_mediation(
        actor=regulator,
        complaint=complaint,
        ground="21.5",
        reason="未能达成协议",
        on=dt.date(2025, 11, 27),
    )
    complaint.refresh_from_db()
    assert complaint.state == State.TERMINATED
    ended = complaint.clocks.get(step="mediation_end")
    assert (ended.completed_on, ended.timely) == (dt.date(2025, 11, 27), False)
    notice = complaint.clocks.get(step="termination_notice")
    assert notice.due_on == dt.date(2025, 12, 8)
    sent = actions.record_notice_sent(
        actor=regulator, complaint=complaint, step="termination_notice", on=dt.date(2025, 12, 1)
    )
    assert sent.timely is True


def test_odr_first_then_escalation_restarts_the_regulators_clock(
    world, divisions, regulator, platform_user
):
    OdrParticipant.objects.create(platform=world["platform"], joined_on=dt.date(2024, 1, 1))
    filed = file(divisions["yangpu"], on=dt.date(2026, 2, 12))
    complaint = filed.records[0]
    assert complaint.state == State.ODR
    odr = complaint.clocks.get(step="odr_negotiation")
    assert odr.counted_in_regulator_clock is False
    # 10 working days from 2026-02-12: 2/13, 2/14 (make-up), 2/24 … 2/28 (make-up), 3/2 … 3/4.
    assert odr.due_on == dt.date(2026, 3, 4)
    actions.answer_odr(
        actor=platform_user, complaint=complaint, answer="同意退款298元", on=dt.date(2026, 2, 26)
    )
    with pytest.raises(actions.ComplaintError):
        actions.consumer_odr_decision(complaint=complaint, lookup_code="000000x", accept=False)
    actions.consumer_odr_decision(
        complaint=complaint, lookup_code=filed.lookup_code, accept=False, on=dt.date(2026, 3, 2)
    )
    complaint.refresh_from_db()
    assert complaint.state == State.RECEIVED
    accept = complaint.clocks.get(step="accept_decision")
    assert (accept.started_on, accept.due_on) == (dt.date(2026, 3, 2), dt.date(2026, 3, 11))


def test_report_case_filing_notifies_real_name_reporter_and_calls_hooks(
    world, divisions, regulator, django_capture_on_commit_callbacks
):
    seen, cases = [], []
    outcomes.OUTCOME_SUBSCRIBERS.append(seen.append)
    # Only this test's hook runs (installed apps, e.g. enforcement, register their own).
    installed_hooks = list(outcomes.CASE_FILING_HOOKS)
    outcomes.CASE_FILING_HOOKS[:] = [
        lambda report: cases.append(report.pk) or "杨市监立〔2026〕7号"
    ]
    try:
        report = file(
            divisions["yangpu"], kinds=(RecordKind.REPORT,), on=dt.date(2026, 5, 6)
        ).records[0]
        verification = report.clocks.get(step="report_verification")
        # 5/7, 5/8, 5/9 (Sat, make-up), then 5/11 … 5/26: the 15th working day.
        assert verification.due_on == dt.date(2026, 5, 26)
        assert verification.status == "unconfirmed"
        with pytest.raises(actions.ComplaintError):
            actions.decide_case_filing(actor=regulator, complaint=report, file_case=True, reason="")
        with django_capture_on_commit_callbacks(execute=True):
            actions.decide_case_filing(
                actor=regulator,
                complaint=report,
                file_case=True,
                reason="经核查，店铺销售过期食品",
                on=dt.date(2026, 5, 20),
            )
    finally:
        outcomes.OUTCOME_SUBSCRIBERS.remove(seen.append)
        outcomes.CASE_FILING_HOOKS[:] = installed_hooks
    report.refresh_from_db()
    assert report.state == State.CASE_FILED
    notice = report.clocks.get(step="reporter_notice")
    assert notice.due_on == dt.date(2026, 5, 27)
    assert [outcome.outcome for outcome in seen] == [State.CASE_FILED]
    assert seen[0].entity_id == world["food"].pk
    assert cases == [report.pk]
    assert report.case_reference == "杨市监立〔2026〕7号"
    assert [o.receipt_number for o in outcomes.outcomes_for_entity(world["food"].pk)] == [
        report.receipt_number
    ]


def test_jurisdiction_dispute_and_violation_clue_run_on_their_clocks(world, divisions, regulator):
    report = file(divisions["yangpu"], kinds=(RecordKind.REPORT,), on=dt.date(2025, 9, 26)).records[
        0
    ]
    dispute = actions.open_jurisdiction_dispute(
        actor=regulator,
        complaint=report,
        other_division=divisions["pudong"],
        on=dt.date(2025, 9, 26),
    )
    # 9/28 (Sun, make-up), 9/29, 9/30, then 10/9, 10/10, 10/11 (Sat, make-up), 10/13.
    assert dispute.due_on == dt.date(2025, 10, 13)
    assert dispute.basis[0] == "complaint-handling-interim-measures-2019:30"
    actions.settle_jurisdiction(
        actor=regulator,
        complaint=report,
        division=divisions["pudong"],
        reason="上级部门指定浦东新区局处理",
        on=dt.date(2025, 10, 14),
    )
    report.refresh_from_db()
    assert report.division == divisions["pudong"]
    assert report.clocks.get(step="jurisdiction_dispute").timely is False
    assert report.transfers.get().reason == "上级部门指定浦东新区局处理"

    complaint = file(divisions["yangpu"], on=dt.date(2026, 3, 2)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 3, 3)
    )
    clue = actions.record_violation_clue(
        actor=regulator, complaint=complaint, note="店铺疑似销售过期食品", on=dt.date(2026, 3, 10)
    )
    assert clue.due_on == dt.date(2026, 3, 31)
    assert clue.basis[0] == "complaint-handling-interim-measures-2019:23"


def test_a_handled_complaint_becomes_a_credit_event_and_a_refused_one_does_not(
    world, divisions, regulator, django_capture_on_commit_callbacks
):
    from wangjian.credit.models import CreditEvent

    handled = file(divisions["yangpu"], on=dt.date(2025, 9, 1)).records[0]
    refused = file(divisions["yangpu"], on=dt.date(2025, 9, 2)).records[0]
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_acceptance(
            actor=regulator, complaint=handled, accept=True, on=dt.date(2025, 9, 8)
        )
        actions.terminate_mediation(
            actor=regulator,
            complaint=handled,
            ground="21.5",
            reason="未能达成协议",
            on=dt.date(2025, 10, 9),
        )
        actions.decide_acceptance(
            actor=regulator,
            complaint=refused,
            accept=False,
            ground="15.4",
            reason="超过三年",
            on=dt.date(2025, 9, 5),
        )
    events = CreditEvent.objects.filter(source_app="complaints")
    assert [(e.source_id, e.kind, e.occurred_on) for e in events] == [
        (str(handled.pk), "complaint", dt.date(2025, 10, 9))
    ]
    assert events[0].entity_id == handled.respondent_entity_id
