"""Who the actor is for an application, and the step record every zone action writes."""

from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.choices import DivisionLevel
from wangjian.zones.lifecycle import ZoneStepRefused, check_state
from wangjian.zones.models import EvaluatorAssignment, StepRecord, ZoneApplication

TWO_PLACES = Decimal("0.01")


MATERIAL_LABELS = {
    "application_report": "申请报告",
    "overall_plan": "创建总体方案",
    "action_plan": "创建行动计划",
    "work_report": "创建工作报告",
    "special_policies": "当地政府出台的专项政策措施",
    "city_opinion": "地市级市场监督管理部门的意见",
}


SANCTION_LABELS = {
    "circulated_criticism": "通报批评",
    "rectification": "限期整改",
    "revocation": "撤销示范区",
}


# ---------------------------------------------------------------------------------------------
# Who the actor is for this application


def require_applicant(actor, application) -> None:
    if actor.jurisdiction is None or actor.jurisdiction.pk != application.division_id:
        raise ZoneStepRefused(
            "not_applicant",
            f"{application}:只有创建地(本辖区)的申报单位人员可以办理此环节",
            f"{application}: only staff of the applicant's own division may take this step",
        )


def require_city_bureau(actor, application) -> None:
    jurisdiction = actor.jurisdiction
    if (
        jurisdiction is None
        or jurisdiction.pk == application.division_id
        or not jurisdiction.contains(application.division)
        or jurisdiction.level not in (DivisionLevel.CITY, DivisionLevel.PROVINCE)
    ):
        raise ZoneStepRefused(
            "not_city_bureau",
            f"{application}:只有创建地所在地市级市场监督管理部门可以办理此环节(第二十条、第二十二条)",
            f"{application}: only the city-level bureau above the applicant may take this step "
            "(articles 20 and 22)",
        )


def require_authority(actor, application) -> None:
    jurisdiction = actor.jurisdiction
    if jurisdiction is None or not jurisdiction.contains(application.programme.territory):
        raise ZoneStepRefused(
            "not_authority",
            f"{application}:只有{application.programme.authority_name}可以办理此环节",
            f"{application}: only the programme's authority "
            f"({application.programme.authority_name}) may take this step",
        )


def _assignment_of(application):
    try:
        return application.assignment
    except EvaluatorAssignment.DoesNotExist:
        return None


def require_evaluator(actor, application, *, declared: bool = True) -> EvaluatorAssignment:
    assignment = _assignment_of(application)
    if assignment is None or assignment.evaluator_unit_id != actor.org_unit_id:
        raise ZoneStepRefused(
            "not_entrusted",
            f"{application}:贵机构未受托评估此申请(第二十九条)",
            f"{application}: your organisation is not entrusted with this application (article 29)",
        )
    if declared and assignment.declared_on is None:
        raise ZoneStepRefused(
            "conflict_not_declared",
            f"{application}:评估机构须先提交利益冲突声明,方可评估",
            f"{application}: the evaluator must declare conflicts of interest before evaluating",
        )
    return assignment


def _citation(application, rule_name: str | None) -> str:
    if rule_name is None:
        return ""
    article = application.programme.rule(rule_name)["article"]
    return f"{application.programme.instrument['key']}:{article}" if article else ""


def _record(application, step, *, actor, on, from_state, details=None, reason="") -> StepRecord:
    article = _citation(application, step.article_rule)
    record = StepRecord.objects.create(
        application=application,
        step=step.name,
        from_state=from_state,
        to_state=application.state,
        taken_on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        article=article,
        details=details or {},
    )
    record_event(
        actor=actor,
        event_type=f"zones.{step.name}",
        target=application,
        division=application.division,
        before={"state": from_state},
        after={"state": application.state, "on": str(on), "article": article, **(details or {})},
        reason=reason,
    )
    return record


def _missing(application, required: list[str], given: dict, field: str, article: str) -> None:
    missing = [key for key in required if not str(given.get(key, "")).strip()]
    if missing:
        names = "、".join(MATERIAL_LABELS.get(key, key) for key in missing)
        raise ZoneStepRefused(
            "missing_materials",
            f"{application}:{field}缺少{names}({article})",
            f"{application}: {field} lacks {', '.join(missing)} ({article})",
        )


@contextmanager
def step_transaction(application, step):
    """The one transaction of a lifecycle step, which first re-reads the application's state
    under a row lock and checks it again.

    ``check_step`` before the transaction read the row the view passed in; a second submission
    of the same step (a double click, two officers) may have moved it since. The lock makes the
    second transaction wait for the first and then see its state, so exactly one of them passes.
    Durable: a step is a unit of its own, never part of a caller's larger transaction.
    """
    with transaction.atomic(durable=True):
        locked = ZoneApplication.objects.select_for_update().only("state").get(pk=application.pk)
        application.state = locked.state
        check_state(step, application)
        yield


def _transition(application, step, *, actor, on, details=None, reason="", **changes):
    from_state = application.state
    if step.to_state is not None:
        application.state = step.to_state
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=["state", *changes])
    return _record(
        application,
        step,
        actor=actor,
        on=on,
        from_state=from_state,
        details=details,
        reason=reason,
    )
