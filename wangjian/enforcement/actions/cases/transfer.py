"""Transfer of a case to another bureau (移送) and its receipt."""

import datetime as dt

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases.base import _lock_active, _record
from wangjian.enforcement.actions.common import (
    EnforcementError,
    bureau_of,
    lock_case,
    require,
    require_reason,
    require_state,
    today,
)
from wangjian.enforcement.choices import DECISION_CLOCK_STATES, CaseState, ErrorCode, EventType
from wangjian.enforcement.models import Case, Transfer

# --------------------------------------------------------------------------------------------
# Transfer


def transfer_case(*, actor, case, to_division, reason: str, on: dt.date | None = None) -> Case:
    """移送 to the bureau of ``to_division`` (the head's decision). The sender keeps read
    access; the receiver signs for it before acting."""
    require(actor, "enforcement.approve")
    on = on or today()
    with transaction.atomic():
        case = _lock_active(actor, case)
        record = _record(case)
        require_state(case, CaseState.VERIFYING, *DECISION_CLOCK_STATES)
        reason = require_reason(record, reason)
        target, unit = bureau_of(to_division)
        if case.division.path.startswith(target.path) or target.path.startswith(case.division.path):
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "接收机关须为其他辖区的市场监管部门",
                "the receiving bureau must be another jurisdiction's",
                field="to_division",
            )
        Transfer.objects.create(
            case=case,
            from_division=case.division,
            to_division=target,
            reason=reason,
            sent_on=on,
            sent_by=actor,
        )
        record_event(
            actor=actor,
            event_type=EventType.TRANSFERRED,
            target=case,
            division=case.division,
            before={"division": case.division.code},
            after={"division": target.code, "on": on},
            reason=reason,
        )
        case.division = target
        case.org_unit = unit
        case.transfer_pending = True
        case.save()
    return case


def receive_transfer(*, actor, case, on: dt.date | None = None) -> Case:
    """The receiving bureau signs for a transferred case; the receiver becomes its officer."""
    require(actor, "enforcement.handle")
    on = on or today()
    with transaction.atomic():
        case = lock_case(actor, case)
        if not case.transfer_pending:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                _record(case),
                "没有待接收的移送",
                "no transfer to receive",
                field="transfer_pending",
            )
        transfer = case.transfers.filter(received_on__isnull=True).last()
        transfer.received_on = on
        transfer.received_by = actor
        transfer.save(update_fields=["received_on", "received_by"])
        case.transfer_pending = False
        case.handler = actor
        case.save()
        record_event(
            actor=actor,
            event_type=EventType.TRANSFER_RECEIVED,
            target=case,
            division=case.division,
            after={"received_on": on, "from": transfer.from_division.code},
        )
    return case
