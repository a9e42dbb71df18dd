"""Handled complaints and reports become credit events of the respondent.

Complaints sits above credit, so it feeds the credit record by calling credit's action, after
the deciding transaction commits. Only records a bureau actually handled count: refusals under
a statutory ground, merged duplicates and transfers to another bureau are no fact about the
respondent (国办发〔2015〕58号 §二(三): more complaints, more inspections).
"""

import logging

from wangjian.complaints.choices import State
from wangjian.complaints.outcomes import ComplaintOutcome, outcome_subscriber

logger = logging.getLogger(__name__)

COUNTED_OUTCOMES = frozenset(
    {State.SETTLED_ODR, State.AGREED, State.TERMINATED, State.CASE_FILED, State.NOT_FILED}
)


@outcome_subscriber
def record_complaint_in_credit(outcome: ComplaintOutcome) -> None:
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.choices import CreditEventKind
    from wangjian.registry.models import MarketEntity

    if outcome.outcome not in COUNTED_OUTCOMES or outcome.entity_id is None:
        return
    entity = MarketEntity.objects.get(pk=outcome.entity_id)
    record_credit_event(
        actor=None,
        entity=entity,
        kind=CreditEventKind.COMPLAINT,
        occurred_on=outcome.decided_on,
        # The credit fact rests on the inspection rule that counts complaints; the handling
        # rule that closed the record stays in the details.
        legal_basis="random-inspection-notice-2015:2.3",
        summary=f"{outcome.receipt_number}（{State(outcome.outcome).label}）",
        source_app="complaints",
        source_type="complaint",
        source_id=str(outcome.complaint_id),
        details={"kind": outcome.kind, "outcome": outcome.outcome, "basis": outcome.basis},
    )
