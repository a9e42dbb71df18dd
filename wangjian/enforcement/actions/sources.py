"""Case sources (案源): a monitoring clue, a report decided "立案", a failed inspection, or an
officer's own registration. Each opens a case in 核查 with the verification clock of its source,
numbered in the bureau's source series; the source shows the case."""

import datetime as dt
import logging

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.enforcement.actions.common import (
    EnforcementError,
    actor_bureau,
    bureau_of,
    next_number,
    require,
    today,
)
from wangjian.enforcement.choices import ErrorCode, EventType, PartyKind, SourceKind
from wangjian.enforcement.models import Case
from wangjian.enforcement.procedure import verification_deadline, version_on

logger = logging.getLogger(__name__)


def _party_fields(*, entity=None, shop=None, person_name="", person_id="", division=None):
    from wangjian.registry.personal import protect_resident_id

    if entity is None and shop is not None and shop.entity_id:
        entity = shop.entity
    if entity is not None:
        return {
            "party_kind": PartyKind.ENTITY,
            "entity": entity,
            "shop": shop,
            "party_name": entity.name,
            "party_division_code": entity.division.code,
        }
    if shop is not None:
        return {
            "party_kind": PartyKind.SHOP,
            "shop": shop,
            "party_name": shop.operator_name or shop.name,
            "person_id_hash": shop.person_id_hash,
            "person_id_masked": shop.person_id_masked,
            "party_division_code": shop.division.code,
        }
    person_name = (person_name or "").strip()
    if not person_name:
        raise EnforcementError(
            ErrorCode.INVALID,
            "案源登记",
            "须指明当事人：市场主体、网店或自然人姓名",
            "name the party: an entity, a shop or a person",
            field="party",
        )
    fields = {
        "party_kind": PartyKind.PERSON,
        "party_name": person_name,
        "party_division_code": division.code if division is not None else "",
    }
    if person_id:
        try:
            fields["person_id_hash"], fields["person_id_masked"] = protect_resident_id(person_id)
        except ValueError as error:
            raise EnforcementError(
                ErrorCode.INVALID,
                "案源登记",
                "身份证号码无效",
                "the resident ID number is invalid",
                field="person_id",
            ) from error
    return fields


def _create(
    *,
    actor,
    handler,
    division,
    org_unit,
    source_kind: str,
    source_note: str,
    found_on: dt.date,
    conduct: str,
    violated_articles,
    party: dict,
    verification_due=None,
    verification_basis: str = "",
    **sources,
) -> Case:
    conduct = (conduct or "").strip()
    if not conduct:
        raise EnforcementError(
            ErrorCode.INVALID,
            "案源登记",
            "须写明涉嫌违法行为",
            "describe the suspected conduct",
            field="conduct",
        )
    calendar_note = ""
    if verification_due is None:
        from wangjian.core.working_days import CalendarYearNotCovered

        try:
            due, _version, citation = verification_deadline(found_on)
            verification_due, verification_basis = due.due, citation
        except CalendarYearNotCovered as error:
            calendar_note = str(error)[:300]
    case = Case.objects.create(
        division=division,
        org_unit=org_unit,
        source_number=next_number(division, "source", found_on.year),
        source_kind=source_kind,
        source_note=source_note[:300],
        conduct=conduct,
        violated_articles=list(violated_articles or []),
        procedure_version=version_on(found_on).version,
        found_on=found_on,
        verification_due=verification_due,
        verification_basis=verification_basis[:200],
        calendar_note=calendar_note,
        handler=handler,
        registered_by=handler,
        **party,
        **sources,
    )
    record_event(
        actor=actor,
        event_type=EventType.CASE_REGISTERED,
        target=case,
        division=division,
        after={
            "source": source_kind,
            "source_note": source_note,
            "party": case.party_name,
            "found_on": found_on,
            "verification_due": verification_due,
            "procedure_version": case.procedure_version,
        },
    )
    return case


def register_case(
    *,
    actor,
    conduct: str,
    found_on: dt.date | None = None,
    violated_articles=(),
    entity=None,
    shop=None,
    person_name: str = "",
    person_id: str = "",
    source_note: str = "",
) -> Case:
    """An officer registers a case source found otherwise (其他来源)."""
    require(actor, "enforcement.handle")
    division, unit = actor_bureau(actor)
    with transaction.atomic():
        return _create(
            actor=actor,
            handler=actor,
            division=division,
            org_unit=unit,
            source_kind=SourceKind.OTHER,
            source_note=source_note or "执法人员登记",
            found_on=found_on or today(),
            conduct=conduct,
            violated_articles=violated_articles,
            party=_party_fields(
                entity=entity,
                shop=shop,
                person_name=person_name,
                person_id=person_id,
                division=division,
            ),
        )


def case_from_clue(*, actor, clue, conduct: str = "") -> Case:
    """Open a case from a monitoring clue: its verification deadline is the clue's own clock
    (monitoring's clue rules; extended there if the head extended it)."""
    from wangjian.monitoring.choices import ClueState
    from wangjian.monitoring.models import Clue

    require(actor, "enforcement.handle")
    division, unit = actor_bureau(actor)
    with transaction.atomic():
        locked = Clue.objects.visible_to(actor).select_for_update().filter(pk=clue.pk).first()
        if locked is None:
            raise EnforcementError(ErrorCode.NOT_VISIBLE, f"线索 #{clue.pk}", field="clue")
        if locked.state == ClueState.NO_CASE:
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                f"线索 {locked.number}",
                "负责人已决定不予立案",
                "the head decided not to open a case",
                field="state",
            )
        existing = Case.objects.filter(clue=locked).first()
        if existing is not None:
            return existing
        due, basis = locked.due_on, ""
        if due is not None:
            from wangjian.monitoring.clue_rules import clue_rules_version

            basis = clue_rules_version(locked.rules_version).citation
        return _create(
            actor=actor,
            handler=actor,
            division=division,
            org_unit=unit,
            source_kind=SourceKind.CLUE,
            source_note=f"网络监测线索 {locked.number}",
            found_on=locked.discovered_on,
            conduct=conduct or locked.summary,
            violated_articles=locked.legal_basis,
            party=_party_fields(entity=locked.entity, shop=locked.shop),
            verification_due=due,
            verification_basis=basis,
            clue=locked,
        )


def case_from_inspection(*, actor, result, conduct: str, violated_articles=()) -> Case:
    """Open a case from an inspection result that found a problem."""
    from wangjian.inspections.catalogue import outcomes
    from wangjian.inspections.models import InspectionResult

    require(actor, "enforcement.handle")
    division, unit = actor_bureau(actor)
    with transaction.atomic():
        locked = (
            InspectionResult.objects.select_for_update()
            .select_related("task__entity", "task__plan__division")
            .filter(pk=result.pk, task__plan__division__path__startswith=division.path)
            .first()
        )
        if locked is None:
            raise EnforcementError(ErrorCode.NOT_VISIBLE, f"检查结果 #{result.pk}", field="result")
        severity = (outcomes().get(locked.outcome) or {}).get("severity")
        if severity not in ("problem", "serious"):
            raise EnforcementError(
                ErrorCode.WRONG_STATE,
                f"检查结果 #{locked.pk}（{locked.task.entity.name}）",
                f"检查结果为“{locked.outcome_label}”，未发现问题，不能立案",
                f"the outcome {locked.outcome} found no problem",
                field="outcome",
            )
        existing = Case.objects.filter(inspection_result=locked).first()
        if existing is not None:
            return existing
        return _create(
            actor=actor,
            handler=actor,
            division=division,
            org_unit=unit,
            source_kind=SourceKind.INSPECTION,
            source_note=f"双随机抽查：{locked.task.plan.title}；检查结果“{locked.outcome_label}”",
            found_on=locked.result_on,
            conduct=conduct,
            violated_articles=violated_articles,
            party=_party_fields(entity=locked.task.entity),
            inspection_result=locked,
        )


def _case_once(
    *,
    actor,
    source_division,
    label: str,
    link: dict,
    note: str,
    found_on,
    entity,
    conduct,
    violated_articles,
):
    """Open a case from an inspection-kind source once; the second call returns the first case.

    Called inside the source's own transaction with the source row locked, so two calls cannot
    both find no case."""
    require(actor, "enforcement.handle")
    division, unit = actor_bureau(actor)
    if not source_division.path.startswith(division.path):
        raise EnforcementError(ErrorCode.NOT_VISIBLE, label, field="source")
    existing = Case.objects.filter(**link).first()
    if existing is not None:
        return existing.source_number
    case = _create(
        actor=actor,
        handler=actor,
        division=division,
        org_unit=unit,
        source_kind=SourceKind.INSPECTION,
        source_note=note,
        found_on=found_on,
        conduct=conduct,
        violated_articles=violated_articles,
        party=_party_fields(entity=entity),
        **link,
    )
    return case.source_number


def case_from_field_inspection(*, actor, inspection, conduct: str, violated_articles=()) -> str:
    """``inspections.hooks.CASE_OPENING_HOOKS``: open a case from a 行政检查 concluded with
    立案查处 or found uncorrected on re-check; called inside the inspection's transaction with
    the inspection already locked. Return the case's source number (the same case twice)."""
    return _case_once(
        actor=actor,
        source_division=inspection.division,
        label=f"行政检查 #{inspection.pk}",
        link={"field_inspection": inspection},
        note=f"行政检查 #{inspection.pk}（{inspection.source_label}）",
        found_on=inspection.concluded_on or today(),
        entity=inspection.entity,
        conduct=conduct,
        violated_articles=violated_articles,
    )


def case_from_sample(*, actor, sample, conduct: str, violated_articles=()) -> str:
    """``inspections.hooks.SAMPLE_CASE_HOOKS``: open a case against the seller of a sample
    whose final 监督抽查 result is 不合格; called with the sample locked. Return the source
    number (the same case twice)."""
    return _case_once(
        actor=actor,
        source_division=sample.plan.division,
        label=f"样品 #{sample.pk}",
        link={"sample": sample},
        note=f"监督抽查：{sample.plan.title}；样品 {sample.number} 检验不合格",
        found_on=today(),
        entity=sample.seller,
        conduct=conduct,
        violated_articles=violated_articles,
    )


def case_from_filed_report(report) -> str | None:
    """``complaints.outcomes.CASE_FILING_HOOKS``: a report whose verification ended in 立案
    opens a case, handled by the officer who took that decision; return its source number."""
    from wangjian.core.models import AuditEvent

    decision = (
        AuditEvent.objects.filter(
            event_type="complaints.case_filing_decided", target_id=str(report.pk)
        )
        .select_related("actor")
        .order_by("sequence")
        .last()
    )
    officer = decision.actor if decision is not None else None
    if officer is None or not officer.has_capability("enforcement.handle"):
        logger.warning("report %s: no officer to take the case over", report.receipt_number)
        return None
    division, unit = bureau_of(report.division)
    with transaction.atomic():
        existing = Case.objects.filter(report=report).first()
        if existing is not None:
            return existing.source_number
        clock = report.clocks.filter(step="report_verification").first()
        case = _create(
            actor=None,
            handler=officer,
            division=division,
            org_unit=unit,
            source_kind=SourceKind.REPORT,
            source_note=f"举报 {report.receipt_number} 经核查决定立案",
            found_on=report.received_on,
            conduct=f"{report.decision_reason}（举报：{report.facts[:200]}）",
            violated_articles=(),
            party=_party_fields(
                entity=report.respondent_entity,
                shop=report.respondent_shop,
                person_name=report.respondent_name,
                division=division,
            ),
            verification_due=clock.due_on if clock is not None else None,
            verification_basis="举报核查时限（投诉举报处理办法，见举报记录）" if clock else "",
            report=report,
        )
    return case.source_number
