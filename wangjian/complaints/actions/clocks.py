"""Statutory clocks (办理时限) counted in working days, started, completed and recomputed."""

import datetime as dt

from django.db import transaction

from wangjian.complaints.models import ClockStep
from wangjian.complaints.rules import citation_for, clock_deadline, rule_version
from wangjian.core.audit import record_event
from wangjian.core.working_days import CalendarYearNotCovered, WorkingDayCalendar


def start_clock(complaint, step: str, start: dt.date, *, calendar=None) -> ClockStep:
    """Start (or restart) ``step``'s clock on ``start``."""
    values = clock_values(complaint, step, start, calendar)
    row, _created = ClockStep.objects.update_or_create(
        complaint=complaint, step=step, defaults=values
    )
    return row


def clock_values(complaint, step: str, start: dt.date, calendar=None) -> dict:
    """The fields of ``step``'s clock started on ``start`` (intake writes first clocks in bulk)."""
    version = rule_version(complaint.rule_version)
    clock = version.clock(step)
    try:
        computed = clock_deadline(version, step, start, calendar=calendar)
        due, basis, note = computed.due, list(computed.basis), ""
    except CalendarYearNotCovered as missing:
        # Keep the step open without a date; it gets one when the year's table is entered
        # (recompute_clocks).
        due, basis, note = None, [clock.basis], str(missing)[:300]
    return {
        "label": clock.label,
        "started_on": start,
        "due_on": due,
        "calendar_note": note,
        "amount": clock.amount,
        "excluded_working_days": 0,
        "paused_on": None,
        "basis": basis,
        "citation": citation_for(clock.basis, clock.citation),
        "status": clock.status,
        "counted_in_regulator_clock": clock.counted_in_regulator_clock,
        "completed_on": None,
        "timely": None,
    }


def recompute_clocks(*, actor) -> int:
    """Date the open clocks left without a due date once the missing year's table exists."""
    count = 0
    calendar = WorkingDayCalendar()
    for row in ClockStep.objects.filter(due_on__isnull=True, completed_on__isnull=True):
        version = rule_version(row.complaint.rule_version)
        try:
            computed = clock_deadline(
                version,
                row.step,
                row.started_on,
                extra_working_days=row.excluded_working_days,
                calendar=calendar,
            )
        except CalendarYearNotCovered:
            continue
        with transaction.atomic():
            row.due_on, row.basis, row.calendar_note = computed.due, list(computed.basis), ""
            row.save(update_fields=["due_on", "basis", "calendar_note"])
            record_event(
                actor=actor,
                event_type="complaints.clock_dated",
                target=row.complaint,
                division=row.complaint.division,
                after={"step": row.step, "due_on": row.due_on},
            )
        count += 1
    return count


def complete_clock(complaint, step: str, on: dt.date) -> ClockStep | None:
    row = complaint.clocks.filter(step=step, completed_on__isnull=True).first()
    if row is None:
        return None
    row.completed_on = on
    row.paused_on = None
    row.timely = None if row.due_on is None else on <= row.due_on
    row.save(update_fields=["completed_on", "paused_on", "timely"])
    return row


def _close_open_clocks(complaint, on: dt.date) -> None:
    for row in complaint.clocks.filter(completed_on__isnull=True):
        complete_clock(complaint, row.step, on)
