"""简易程序: a penalty decided on the spot (当场作出行政处罚决定), within the amount limits of
《行政处罚法》第五十一条 (data: ``procedure.yaml`` ``summary_procedure``). The decision is served on
the spot; there is no 立案 and no publicity (公示规定 第二条 covers the ordinary procedure)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.cases import _decimal, check_fine
from wangjian.enforcement.actions.common import (
    EnforcementError,
    actor_bureau,
    next_number,
    require,
    today,
)
from wangjian.enforcement.actions.sources import _party_fields
from wangjian.enforcement.choices import (
    CaseState,
    ErrorCode,
    EventType,
    Outcome,
    PartyKind,
    PenaltyKind,
    SourceKind,
)
from wangjian.enforcement.models import Case
from wangjian.enforcement.procedure import version_on

ALLOWED_KINDS = {PenaltyKind.WARNING, PenaltyKind.FINE}


def decide_on_the_spot(
    *,
    actor,
    conduct: str,
    penalty_article: str,
    penalty_kinds,
    fine_amount=None,
    violated_articles=(),
    entity=None,
    shop=None,
    person_name: str = "",
    person_id: str = "",
    on: dt.date | None = None,
) -> Case:
    require(actor, "enforcement.handle")
    on = on or today()
    division, unit = actor_bureau(actor)
    party = _party_fields(
        entity=entity, shop=shop, person_name=person_name, person_id=person_id, division=division
    )
    record = f"简易程序（{party['party_name']}）"
    kinds = list(penalty_kinds or [])
    if not kinds or not set(kinds) <= ALLOWED_KINDS:
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "简易程序只能当场给予警告或者罚款",
            "the summary procedure allows a warning or a fine only",
            field="penalty_kinds",
        )
    if ":" not in (penalty_article or "") or not (conduct or "").strip():
        raise EnforcementError(
            ErrorCode.INVALID,
            record,
            "须写明违法行为和处罚依据",
            "give the conduct and the penalty article",
            field="penalty_article",
        )
    limits = version_on(on).summary_procedure
    fine = _decimal(record, fine_amount, "fine_amount")
    if PenaltyKind.FINE in kinds:
        if fine is None:
            raise EnforcementError(
                ErrorCode.INVALID,
                record,
                "罚款须写明金额",
                "a fine needs its amount",
                field="fine_amount",
            )
        person = party["party_kind"] == PartyKind.PERSON
        limit = Decimal(str(limits["person_max_fine" if person else "organisation_max_fine"]))
        if fine > limit:
            raise EnforcementError(
                ErrorCode.FINE_OUT_OF_RANGE,
                record,
                f"简易程序罚款 {fine} 元超过 {limit} 元，应适用普通程序。"
                f"《中华人民共和国行政处罚法》第五十一条：{limits['quote']}",
                f"a fine of {fine} exceeds the summary-procedure limit of {limit} (art. 51)",
                field="fine_amount",
            )
        check_fine(record, penalty_article, fine)
    with transaction.atomic():
        case = Case.objects.create(
            division=division,
            org_unit=unit,
            source_number=next_number(division, "source", on.year),
            summary_procedure=True,
            state=CaseState.SERVED,
            source_kind=SourceKind.OTHER,
            source_note="简易程序（当场处罚）",
            conduct=conduct.strip(),
            violated_articles=list(violated_articles or []),
            penalty_article=penalty_article,
            procedure_version=version_on(on).version,
            found_on=on,
            outcome=Outcome.PENALTY,
            penalty_kinds=kinds,
            fine_amount=fine,
            decided_on=on,
            served_on=on,
            decision_number=next_number(division, "decision", on.year),
            handler=actor,
            registered_by=actor,
            **party,
        )
        record_event(
            actor=actor,
            event_type=EventType.DECIDED,
            target=case,
            division=division,
            after={
                "summary_procedure": True,
                "decision_number": case.decision_number,
                "penalty_kinds": kinds,
                "fine_amount": fine,
                "decided_on": on,
                "basis": limits.get("basis"),
            },
        )
    return case
