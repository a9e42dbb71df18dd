"""Clue decisions: opening, extending, dating and deciding a clue."""

from django.db import transaction
from django.utils.translation import gettext

from wangjian.core.audit import record_event
from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
from wangjian.monitoring.actions.common import MIN_REASON_LENGTH, MonitoringError, _require, _today
from wangjian.monitoring.actions.triage import _record_clue_in_credit
from wangjian.monitoring.choices import ClueState
from wangjian.monitoring.clue_rules import clue_rules_version
from wangjian.monitoring.models import Clue

# --- Clue decisions ----------------------------------------------------------------------------


def _open_clue(actor, clue: Clue) -> Clue:
    locked = Clue.objects.visible_to(actor).select_for_update().filter(pk=clue.pk).first()
    if locked is None:
        raise MonitoringError(
            "线索不存在或不在本辖区 / clue not found in your jurisdiction", field="clue"
        )
    if locked.state != ClueState.REGISTERED:
        raise MonitoringError(
            f"线索 {locked.number}：已作出决定（{locked.get_state_display()}）/ clue "
            f"{locked.number} is already decided",
            field="state",
            rule="registered_only",
        )
    return locked


def extend_clue(*, actor, clue: Clue, reason: str) -> Clue:
    """Extend verification once by the period of the clue's rules version (负责人批准)."""
    _require(actor, "monitoring.decide_clue")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"线索 {clue.number}：延长须写明特殊情况 / clue {clue.number}: an extension needs "
            "its reason",
            field="reason",
            rule="min_length",
        )
    with transaction.atomic():
        clue = _open_clue(actor, clue)
        if clue.extended:
            raise MonitoringError(
                f"线索 {clue.number}：核查期限只能延长一次 / clue {clue.number}: verification "
                "can be extended once",
                field="extended",
                rule="once",
            )
        rules = clue_rules_version(clue.rules_version)
        before = clue.due_on
        if before is None:
            raise MonitoringError(
                f"线索 {clue.number} 字段 due_on：核查期限尚待录入工作日年度表后确定，"
                f"确定后方可延长（{clue.calendar_note}）/ clue {clue.number}, field due_on: "
                "the deadline is not dated yet (its year's working-day table is missing); "
                "extend it once it is",
                field="due_on",
                rule="calendar",
            )
        try:
            clue.due_on = add_working_days(before, rules.extension_working_days)
        except CalendarYearNotCovered as error:
            raise MonitoringError(str(error), field="due_on", rule="calendar") from error
        clue.extended = True
        clue.extension_reason = reason
        clue.save(update_fields=["due_on", "extended", "extension_reason"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_verification_extended",
            target=clue,
            division=clue.division,
            before={"due_on": before.isoformat()},
            after={"due_on": clue.due_on.isoformat(), "basis": rules.basis},
            reason=reason,
        )
    return clue


def date_pending_clues(*, actor) -> int:
    """Date the open clues registered while their period reached a year without a working-day
    table, now that the table exists (run when a year is entered, or by
    ``wangjian monitoring date-clues``). The period is the one of the clue's rules version,
    counted from its discovery, so the date is the one it would have had."""
    count = 0
    pending = Clue.objects.filter(state=ClueState.REGISTERED, due_on__isnull=True).order_by("pk")
    for clue in pending:
        rules = clue_rules_version(clue.rules_version)
        try:
            due_on = add_working_days(clue.discovered_on, rules.verification_working_days)
        except CalendarYearNotCovered:
            continue
        with transaction.atomic():
            locked = Clue.objects.select_for_update().get(pk=clue.pk)
            if locked.due_on is not None:
                continue
            locked.due_on, locked.calendar_note = due_on, ""
            locked.save(update_fields=["due_on", "calendar_note"])
            record_event(
                actor=actor,
                event_type="monitoring.clue_dated",
                target=locked,
                division=locked.division,
                after={"due_on": due_on.isoformat(), "rules_version": locked.rules_version},
            )
        count += 1
    return count


def decide_clue(*, actor, clue: Clue, decision: str, note: str) -> Clue:
    """The head's decision after verification: refer for a case (立案) or not (不予立案)."""
    _require(actor, "monitoring.decide_clue")
    if decision not in (ClueState.REFERRED, ClueState.NO_CASE):
        raise MonitoringError(
            f"线索 {clue.number}：决定 {decision!r} 无效，应为 referred 或 no_case / clue "
            f"{clue.number}: decision {decision!r} must be referred or no_case",
            field="decision",
            rule="choice",
        )
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"线索 {clue.number}：请写明决定理由 / clue {clue.number}: give the decision's reason",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        clue = _open_clue(actor, clue)
        if clue.submitted_at is None:
            raise MonitoringError(
                gettext("线索 {number}：承办人尚未提交核查结果，负责人暂不能作出决定。").format(
                    number=clue.number
                ),
                field="submitted_at",
                rule="order",
            )
        clue.state = decision
        clue.decided_on = _today()
        clue.decision_note = note
        clue.decided_by = actor
        clue.save(update_fields=["state", "decided_on", "decision_note", "decided_by"])
        record_event(
            actor=actor,
            event_type="monitoring.clue_decided",
            target=clue,
            division=clue.division,
            before={"state": ClueState.REGISTERED},
            after={
                "state": decision,
                "decided_on": clue.decided_on.isoformat(),
                "overdue": clue.due_on is not None and clue.decided_on > clue.due_on,
            },
            reason=note,
        )
        # A confirmed finding is still an unchecked signal: it reaches the credit record (and so
        # the tier) only once the head has decided, after verification, that a case is warranted
        # (程序规定 第二十条). A clue closed with 不予立案 leaves no credit trace.
        if decision == ClueState.REFERRED and clue.entity_id is not None:
            transaction.on_commit(lambda: _record_clue_in_credit(clue.pk))
    return clue
