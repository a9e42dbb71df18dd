"""Complaint outcomes for other apps (the credit record, enforcement), without importing them.

Two ways to consume them:

- subscribe: ``OUTCOME_SUBSCRIBERS.append(callable)`` (or ``@outcome_subscriber``) from the
  consuming app's ``apps.ready``; each subscriber is called with a ``ComplaintOutcome`` after
  the transaction that decided it commits. A failing subscriber is logged and does not undo
  the decision.
- read: ``outcomes_for_entity(entity_id, since=None)`` lists the outcomes recorded so far, for
  a nightly rebuild of the credit record.

``CASE_FILING_HOOKS`` works the same way for the enforcement app: each hook receives the report
whose case-filing decision was "file a case" and may return a case reference, which is stored
on the report.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComplaintOutcome:
    complaint_id: int
    receipt_number: str
    kind: str
    outcome: str  # the record's state: agreed, terminated, not_accepted, case_filed, …
    decided_on: dt.date
    entity_id: int | None
    shop_id: int | None
    platform_id: int | None
    division_code: str
    basis: str


OUTCOME_SUBSCRIBERS: list[Callable[[ComplaintOutcome], None]] = []
CASE_FILING_HOOKS: list[Callable[[object], str | None]] = []


def outcome_subscriber(function):
    if function not in OUTCOME_SUBSCRIBERS:
        OUTCOME_SUBSCRIBERS.append(function)
    return function


def outcome_of(complaint, basis: str = "") -> ComplaintOutcome:
    return ComplaintOutcome(
        complaint_id=complaint.pk,
        receipt_number=complaint.receipt_number,
        kind=complaint.kind,
        outcome=complaint.state,
        decided_on=complaint.decided_on,
        entity_id=complaint.respondent_entity_id,
        shop_id=complaint.respondent_shop_id,
        platform_id=complaint.platform_id,
        division_code=complaint.division.code,
        basis=basis,
    )


def announce(outcome: ComplaintOutcome) -> None:
    for subscriber in list(OUTCOME_SUBSCRIBERS):
        try:
            subscriber(outcome)
        except Exception:
            # The decision is committed and audited; a consumer's failure is its own to retry
            # (outcomes_for_entity lets it rebuild).
            logger.exception("complaint outcome subscriber %r failed", subscriber)


def outcomes_for_entity(entity_id: int, since: dt.date | None = None) -> list[ComplaintOutcome]:
    from wangjian.complaints.choices import CLOSED_STATES
    from wangjian.complaints.models import Complaint

    query = Complaint.objects.filter(
        respondent_entity_id=entity_id, state__in=CLOSED_STATES, decided_on__isnull=False
    ).select_related("division")
    if since is not None:
        query = query.filter(decided_on__gte=since)
    return [outcome_of(complaint) for complaint in query.order_by("decided_on", "id")]
