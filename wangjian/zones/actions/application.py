"""申报 (第二十条) and approval (第二十一条) of a demonstration-zone application."""

import datetime as dt

from django.db import transaction

from wangjian.core.choices import DivisionLevel
from wangjian.zones.actions.common import (
    _missing,
    _record,
    _transition,
    require_applicant,
    require_authority,
    require_city_bureau,
    step_transaction,
)
from wangjian.zones.lifecycle import ZoneStepRefused, check_step, creation_deadline
from wangjian.zones.models import ZoneApplication, ZoneState
from wangjian.zones.programmes import article_label

# ---------------------------------------------------------------------------------------------
# 申报 (第二十条) and approval (第二十一条)


def prepare_application(
    *, actor, programme, name: str, on: dt.date, goals: list[str] | None = None
) -> ZoneApplication:
    """Open an application of the actor's own division under ``programme`` (第四条)."""
    step = check_step("prepare", None, actor)
    division = actor.jurisdiction
    label = f"{division.name if division else '?'}·{programme.name}"
    eligible = programme.rule("eligible_applicants")["value"]
    levels = {"county": DivisionLevel.COUNTY, "city": DivisionLevel.CITY}
    if division is None or division.level not in {levels[level] for level in eligible}:
        raise ZoneStepRefused(
            "not_eligible",
            f"{label}:只有县(市、区)及功能区可以申报({article_label(programme.rule('eligible_applicants')['article'])})",
            f"{label}: only county-level divisions and functional zones may apply",
        )
    if not programme.territory.contains(division):
        raise ZoneStepRefused(
            "outside_territory",
            f"{label}:{division.name}不在{programme.name}的适用区域({programme.territory.name})内",
            f"{label}: {division.code} lies outside the programme's territory "
            f"{programme.territory.code}",
        )
    with transaction.atomic():
        application = ZoneApplication.objects.create(
            programme=programme,
            division=division,
            applicant_unit=actor.org_unit,
            name=name,
            state=ZoneState.DRAFT,
            goals=goals or [],
        )
        _record(application, step, actor=actor, on=on, from_state="", details={"name": name})
    return application


def record_consent(*, actor, application, on: dt.date, document: str) -> ZoneApplication:
    """Record the city-level bureau's consent, which must precede submission (第二十条)."""
    step = check_step("consent", application, actor)
    require_city_bureau(actor, application)
    consent = {"unit": str(actor.org_unit), "document": document, "on": str(on)}
    with step_transaction(application, step):
        _transition(application, step, actor=actor, on=on, details=consent, consent=consent)
    return application


def submit_application(*, actor, application, on: dt.date, materials: dict) -> ZoneApplication:
    """Submit 申请报告, 创建总体方案 and 创建行动计划 to the authority (第二十条)."""
    step = check_step("submit", application, actor)
    require_applicant(actor, application)
    rule = application.programme.rule("application_materials")
    _missing(application, rule["value"], materials, "申报材料", article_label(rule["article"]))
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"materials": sorted(materials)},
            materials=materials,
            submitted_on=on,
        )
    return application


def review_application(*, actor, application, on: dt.date, opinion: str) -> ZoneApplication:
    """The authority finds the materials in order for the office meeting (第二十一条)."""
    step = check_step("review", application, actor)
    require_authority(actor, application)
    with step_transaction(application, step):
        _transition(application, step, actor=actor, on=on, details={"opinion": opinion})
    return application


def reject_application(*, actor, application, on: dt.date, reason: str) -> ZoneApplication:
    step = check_step("reject", application, actor)
    require_authority(actor, application)
    with step_transaction(application, step):
        _transition(application, step, actor=actor, on=on, reason=reason)
    return application


def approve_creation(
    *, actor, application, on: dt.date, meeting: str, document: str
) -> ZoneApplication:
    """Record the meeting and approval document; the creation clock starts (第二十三条)."""
    step = check_step("approve", application, actor)
    require_authority(actor, application)
    deadline = creation_deadline(application.programme, on)
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"meeting": meeting, "document": document, "deadline": str(deadline)},
            approved_on=on,
            approval_document=document,
            creation_deadline=deadline,
        )
    return application
