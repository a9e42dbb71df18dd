"""Each lifecycle step submitted twice at once (two requests, two database connections) is taken
once: the second request waits on the application's row lock, then sees the state the first left
and is refused as out of order."""

import datetime as dt
from collections import Counter

import pytest

from wangjian.core.tests.concurrency import needs_postgresql, one_done_one_refused, race
from wangjian.zones import actions
from wangjian.zones.lifecycle import ZoneStepRefused
from wangjian.zones.models import StepRecord, ZoneApplication, ZoneState
from wangjian.zones.tests.helpers import ACCEPTANCE_MATERIALS, APPLICATION_MATERIALS, score_all

D = dt.date

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def twice(step, application, **arguments):
    """Submit ``step`` twice at once; exactly one is taken, the other refused as out of order."""
    outcomes = race(
        lambda: ZoneApplication.objects.get(pk=application.pk),
        lambda loaded: step(application=loaded, **arguments),
    )
    result, refusal = one_done_one_refused(outcomes, ZoneStepRefused)
    assert refusal.code == "out_of_order", str(refusal)
    application.refresh_from_db()
    return result


def test_every_lifecycle_step_submitted_twice_at_once_is_taken_once(
    programme, applicant, city_bureau, province_admin, evaluator_unit, evaluator
):
    application = actions.prepare_application(
        actor=applicant, programme=programme, name="余杭区网络监管与服务示范区", on=D(2025, 8, 25)
    )
    twice(actions.record_consent, application, actor=city_bureau, on=D(2025, 9, 1), document="1号")
    twice(
        actions.submit_application,
        application,
        actor=applicant,
        on=D(2025, 9, 3),
        materials=APPLICATION_MATERIALS,
    )
    twice(
        actions.review_application,
        application,
        actor=province_admin,
        on=D(2025, 9, 10),
        opinion="材料齐全",
    )
    twice(
        actions.approve_creation,
        application,
        actor=province_admin,
        on=D(2025, 9, 22),
        meeting="省局办公会议",
        document="浙市监网〔2025〕12号",
    )
    twice(
        actions.apply_for_acceptance,
        application,
        actor=applicant,
        on=D(2026, 9, 1),
        materials=ACCEPTANCE_MATERIALS,
    )
    twice(
        actions.entrust_evaluator,
        application,
        actor=province_admin,
        on=D(2026, 9, 2),
        evaluator_unit=evaluator_unit,
    )
    actions.declare_conflict_of_interest(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 3),
        has_conflict=False,
        statement="本机构与余杭区人民政府无利益关系。",
    )
    score_all(application=application, evaluator=evaluator, scores={})
    actions.open_questionnaire(actor=evaluator, application=application, on=D(2026, 9, 5))
    actions.submit_questionnaire_response(
        application=application,
        answers={"market_order": 5, "complaint_handling": 4, "public_service": 5},
    )
    twice(
        actions.issue_evaluation_report,
        application,
        actor=evaluator,
        on=D(2026, 9, 24),
        conclusion="符合条件",
    )
    twice(actions.start_public_notice, application, actor=province_admin, on=D(2026, 9, 30))
    twice(
        actions.designate_zone,
        application,
        actor=province_admin,
        on=D(2026, 10, 16),
        meeting="局长办公会",
        document="浙市监网〔2026〕30号",
    )
    twice(actions.mark_expired, application, actor=province_admin, on=D(2031, 10, 17))
    twice(
        actions.apply_for_reevaluation,
        application,
        actor=applicant,
        on=D(2031, 10, 20),
        application_letter="复评申请",
        city_opinion="杭州市局同意复评",
    )
    twice(
        actions.renew_designation,
        application,
        actor=province_admin,
        on=D(2031, 12, 1),
        document="浙市监网〔2031〕5号",
        reevaluation="复评符合条件",
    )

    assert application.state == ZoneState.DESIGNATED
    steps = Counter(
        StepRecord.objects.filter(application=application).values_list("step", flat=True)
    )
    raced = [
        "consent",
        "submit",
        "review",
        "approve",
        "apply_acceptance",
        "entrust",
        "issue_report",
        "start_notice",
        "designate",
        "expire",
        "apply_reevaluation",
        "renew",
    ]
    assert {step: steps[step] for step in raced} == dict.fromkeys(raced, 1)


def test_a_rejection_submitted_twice_at_once_is_taken_once(
    programme, applicant, city_bureau, province_admin
):
    application = actions.prepare_application(
        actor=applicant, programme=programme, name="余杭区网络监管与服务示范区", on=D(2025, 8, 25)
    )
    actions.record_consent(
        actor=city_bureau, application=application, on=D(2025, 9, 1), document="1号"
    )
    actions.submit_application(
        actor=applicant, application=application, on=D(2025, 9, 3), materials=APPLICATION_MATERIALS
    )
    twice(
        actions.reject_application,
        application,
        actor=province_admin,
        on=D(2025, 9, 10),
        reason="材料不实",
    )
    assert application.state == ZoneState.NOT_APPROVED
    assert StepRecord.objects.filter(application=application, step="reject").count() == 1
