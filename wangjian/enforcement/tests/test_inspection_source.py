import datetime as dt

import pytest
from django.test import Client

from wangjian.credit.tests.conftest import catalogue, entities, golden  # noqa: F401
from wangjian.enforcement import actions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.choices import CaseState, ErrorCode
from wangjian.enforcement.templatetags.enforcement_cases import cases_from_source
from wangjian.enforcement.tests.factories import file_case
from wangjian.inspections.tests.conftest import (  # noqa: F401
    drawn_plan,
    items,
    officers,
    plan,
    tiers,
)


def test_an_inspection_that_found_a_problem_opens_a_case(
    drawn_plan,  # noqa: F811
    regulator,
    reviewer,
    section_chief,
    other_regulator,
):
    from wangjian.inspections.actions import record_result
    from wangjian.inspections.models import InspectionTask

    tasks = list(InspectionTask.objects.filter(plan=drawn_plan).order_by("id")[:2])
    failed = record_result(
        actor=regulator,
        task=tasks[0],
        outcome="not_published",
        result_on=dt.date(2026, 11, 20),
        notes="网店首页未公示营业执照信息",
    )
    clean = record_result(
        actor=regulator, task=tasks[1], outcome="no_problem", result_on=dt.date(2026, 11, 20)
    )
    case = actions.case_from_inspection(
        actor=regulator,
        result=failed,
        conduct="网店首页未公示营业执照信息",
        violated_articles=["ecommerce-law-2018:15"],
    )
    assert (case.source_kind, case.entity, case.found_on) == (
        "inspection",
        tasks[0].entity,
        dt.date(2026, 11, 20),
    )
    assert "未按规定公示应当公示的信息" in case.source_note
    # 15 working days from the end of the check (the clue clock).
    assert case.verification_due == dt.date(2026, 12, 11)
    assert list(failed.enforcement_cases.all()) == [case]
    # The inspection task's page shows the case opened from its result.
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/inspections/tasks/{tasks[0].pk}/").content.decode()
    assert f'href="/enforcement/cases/{case.pk}/"' in page
    assert cases_from_source(other_regulator, "inspection_result", failed)["cases"] == []
    with pytest.raises(EnforcementError) as refused:
        actions.case_from_inspection(actor=regulator, result=clean, conduct="无问题")
    assert refused.value.code == ErrorCode.WRONG_STATE
    file_case(case, regulator, reviewer, section_chief, dt.date(2026, 11, 25))
    case.refresh_from_db()
    # 90 days reach 2027, whose working-day table is not entered: the date is left open with
    # the reason, never guessed.
    assert (case.state, case.decision_due) == (CaseState.INVESTIGATING, None)
    assert "2027 年的工作日安排尚未录入" in case.calendar_note
