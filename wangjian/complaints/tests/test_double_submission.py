"""Each decision on a complaint or report submitted twice at once (two requests, two database
connections) is taken once: the second request waits on the row lock, then sees the state the
first left and is refused, naming the state."""

import datetime as dt

import pytest

from wangjian.complaints import actions
from wangjian.complaints.choices import LinkState, RecordKind, State
from wangjian.complaints.models import ClockStep, Complaint, DuplicateLink
from wangjian.complaints.tests.factories import FACTS, file
from wangjian.core.models import AuditEvent
from wangjian.core.tests.concurrency import needs_postgresql, one_done_one_refused, race

D = dt.date

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def twice(decision, complaint, **arguments):
    """Submit ``decision`` twice at once; exactly one is taken, the other refused for its state."""
    outcomes = race(
        lambda: Complaint.objects.get(pk=complaint.pk),
        lambda loaded: decision(complaint=loaded, **arguments),
    )
    result, refusal = one_done_one_refused(outcomes, actions.ComplaintError)
    assert (refusal.code, refusal.field) == ("state", "state"), str(refusal)
    complaint.refresh_from_db()
    return result


def events(complaint, event_type: str) -> int:
    return AuditEvent.objects.filter(event_type=event_type, target_id=str(complaint.pk)).count()


def test_each_complaint_decision_submitted_twice_at_once_is_taken_once(world, divisions, regulator):
    accepted = file(divisions["yangpu"], on=D(2025, 9, 1)).records[0]
    twice(actions.decide_acceptance, accepted, actor=regulator, accept=True, on=D(2025, 9, 8))
    assert accepted.state == State.MEDIATING
    assert events(accepted, "complaints.accepted") == 1
    assert ClockStep.objects.filter(complaint=accepted, step="mediation_end").count() == 1

    twice(actions.record_agreement, accepted, actor=regulator, result="退款298元", on=D(2025, 9, 9))
    assert accepted.state == State.AGREED
    assert events(accepted, "complaints.agreed") == 1

    refused = file(divisions["yangpu"], on=D(2025, 6, 3)).records[0]
    twice(
        actions.decide_acceptance,
        refused,
        actor=regulator,
        accept=False,
        ground="15.4",
        reason="超过三年",
        on=D(2025, 6, 5),
    )
    assert refused.state == State.NOT_ACCEPTED
    assert events(refused, "complaints.not_accepted") == 1

    terminated = file(divisions["yangpu"], on=D(2025, 9, 1)).records[0]
    actions.decide_acceptance(actor=regulator, complaint=terminated, accept=True, on=D(2025, 9, 8))
    twice(
        actions.terminate_mediation,
        terminated,
        actor=regulator,
        ground="21.5",
        reason="未能达成协议",
        on=D(2025, 11, 27),
    )
    assert terminated.state == State.TERMINATED
    assert ClockStep.objects.filter(complaint=terminated, step="termination_notice").count() == 1


def test_a_report_filed_as_a_case_twice_at_once_is_filed_once(world, divisions, regulator):
    report = file(divisions["yangpu"], kinds=(RecordKind.REPORT,), on=D(2026, 5, 6)).records[0]
    twice(
        actions.decide_case_filing,
        report,
        actor=regulator,
        file_case=True,
        reason="经核查，店铺销售过期食品",
        on=D(2026, 5, 20),
    )
    assert report.state == State.CASE_FILED


def test_a_duplicate_decided_twice_at_once_is_decided_once(world, divisions, regulator):
    first = file(divisions["yangpu"], facts=FACTS, on=D(2026, 3, 2)).records[0]
    second = file(
        divisions["yangpu"],
        facts=FACTS.replace("两盒", "2盒"),
        channel="import_12315",
        external_id="12315-88",
        on=D(2026, 3, 9),
    ).records[0]
    link = DuplicateLink.objects.get(complaint=second, other=first)
    outcomes = race(
        lambda: DuplicateLink.objects.get(pk=link.pk),
        lambda loaded: actions.decide_duplicate(
            actor=regulator, link=loaded, decision=LinkState.MERGED
        ),
    )
    _, refusal = one_done_one_refused(outcomes, actions.ComplaintError)
    assert refusal.code == "state"
    second.refresh_from_db()
    assert (second.state, second.merged_into) == (State.MERGED, first)
    assert AuditEvent.objects.filter(event_type="complaints.duplicate_decided").count() == 1
