"""One application through every step: 申报 → designation → annual summary → expiry → renewal."""

import datetime as dt
from decimal import Decimal

import pytest

from wangjian.core.models import AuditEvent
from wangjian.zones import actions
from wangjian.zones.lifecycle import ZoneStepRefused, overdue_summaries, summaries_due_soon
from wangjian.zones.models import StepRecord, ZoneState
from wangjian.zones.tests.helpers import (
    ACCEPTANCE_MATERIALS,
    APPLICATION_MATERIALS,
    score_all,
)

D = dt.date


def refused(code, function, **kwargs):
    with pytest.raises(ZoneStepRefused) as caught:
        function(**kwargs)
    assert caught.value.code == code, (caught.value.code, str(caught.value))
    return caught.value


def test_application_walks_through_every_step_with_its_clocks(
    programme,
    applicant,
    city_bureau,
    other_city_bureau,
    province_admin,
    evaluator_unit,
    evaluator,
    other_evaluator,
):
    # 申报 (第二十条): the city-level bureau's consent comes first.
    application = actions.prepare_application(
        actor=applicant, programme=programme, name="余杭区网络监管与服务示范区", on=D(2025, 8, 25)
    )
    assert application.state == ZoneState.DRAFT
    error = refused(
        "out_of_order",
        actions.submit_application,
        actor=applicant,
        application=application,
        on=D(2025, 8, 26),
        materials=APPLICATION_MATERIALS,
    )
    assert "「申报」只能在「地市局已同意」状态下办理" in error.chinese
    assert "needs state consented" in error.english
    assert str(error) == error.chinese
    refused(
        "not_city_bureau",
        actions.record_consent,
        actor=other_city_bureau,
        application=application,
        on=D(2025, 9, 1),
        document="甬市监函〔2025〕1号",
    )
    refused(
        "wrong_role",
        actions.record_consent,
        actor=evaluator,
        application=application,
        on=D(2025, 9, 1),
        document="x",
    )
    actions.record_consent(
        actor=city_bureau,
        application=application,
        on=D(2025, 9, 1),
        document="杭市监函〔2025〕1号",
    )
    error = refused(
        "missing_materials",
        actions.submit_application,
        actor=applicant,
        application=application,
        on=D(2025, 9, 3),
        materials={"application_report": "申请报告"},
    )
    assert error.chinese.endswith("申报材料缺少创建总体方案、创建行动计划(第二十条)")
    actions.submit_application(
        actor=applicant,
        application=application,
        on=D(2025, 9, 3),
        materials=APPLICATION_MATERIALS,
    )
    assert application.state == ZoneState.SUBMITTED

    # Review and approval (第二十一条); the creation period is one year (第二十三条).
    refused(
        "wrong_role",
        actions.review_application,
        actor=applicant,
        application=application,
        on=D(2025, 9, 10),
        opinion="",
    )
    refused(
        "out_of_order",
        actions.approve_creation,
        actor=province_admin,
        application=application,
        on=D(2025, 9, 10),
        meeting="",
        document="",
    )
    actions.review_application(
        actor=province_admin, application=application, on=D(2025, 9, 10), opinion="材料齐全"
    )
    actions.approve_creation(
        actor=province_admin,
        application=application,
        on=D(2025, 9, 22),
        meeting="省局2025年第9次办公会议",
        document="浙市监网〔2025〕12号",
    )
    assert application.state == ZoneState.CREATING
    assert application.creation_deadline == D(2026, 9, 22)

    # Creation (第二十二条): tasks with owners and deadlines, progress, city guidance.
    task = actions.add_creation_task(
        actor=applicant,
        application=application,
        group="促进产业发展",
        number=1,
        title="完善数字经济政策供给",
        owner_department="区发展改革委",
        due_on=D(2026, 6, 30),
    )
    refused(
        "task_after_deadline",
        actions.add_creation_task,
        actor=applicant,
        application=application,
        group="促进产业发展",
        number=2,
        title="晚到的任务",
        owner_department="区商务委",
        due_on=D(2026, 9, 23),
    )
    actions.report_task_progress(
        actor=applicant,
        task=task,
        on=D(2026, 3, 31),
        progress_percent=60,
        text="监测指标体系已起草",
        supporting_material="指标体系(征求意见稿).pdf",
    )
    actions.give_guidance(
        actor=city_bureau, application=application, on=D(2026, 4, 15), text="加快平台建设"
    )
    refused(
        "not_city_bureau",
        actions.give_guidance,
        actor=applicant,
        application=application,
        on=D(2026, 4, 15),
        text="自己指导自己",
    )
    task.refresh_from_db()
    assert task.progress_percent == 60

    # 验收申请 (第二十四条), then entrustment and the conflict-of-interest declaration.
    actions.apply_for_acceptance(
        actor=applicant,
        application=application,
        on=D(2026, 9, 1),
        materials=ACCEPTANCE_MATERIALS,
    )
    refused(
        "not_an_evaluator",
        actions.entrust_evaluator,
        actor=province_admin,
        application=application,
        on=D(2026, 9, 2),
        evaluator_unit=applicant.org_unit,
    )
    actions.entrust_evaluator(
        actor=province_admin,
        application=application,
        on=D(2026, 9, 2),
        evaluator_unit=evaluator_unit,
    )
    refused(
        "conflict_not_declared",
        actions.score_item,
        actor=evaluator,
        application=application,
        item_key="industry_scale",
        score=3,
        evidence="统计公报",
        on=D(2026, 9, 3),
    )
    refused(
        "not_entrusted",
        actions.declare_conflict_of_interest,
        actor=other_evaluator,
        application=application,
        on=D(2026, 9, 3),
        has_conflict=False,
        statement="无",
    )
    actions.declare_conflict_of_interest(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 3),
        has_conflict=False,
        statement="本机构与余杭区人民政府无利益关系。",
    )
    refused(
        "out_of_order",
        actions.start_public_notice,
        actor=province_admin,
        application=application,
        on=D(2026, 9, 4),
    )

    # Professional evaluation and social evaluation (第三十一条), then the report.
    score_all(
        application=application,
        evaluator=evaluator,
        scores={"industry_scale": 3, "supervision_level": 6, "policies": Decimal("4.5")},
    )
    actions.open_questionnaire(actor=evaluator, application=application, on=D(2026, 9, 5))
    for answers in (
        {"market_order": 5, "complaint_handling": 4, "public_service": 5},
        {"market_order": 4, "complaint_handling": 4, "public_service": 3},
        {"market_order": 5, "complaint_handling": 5, "public_service": 4},
    ):
        actions.submit_questionnaire_response(application=application, answers=answers)
    actions.record_public_feedback(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 12),
        channel="浙江日报",
        summary="报道余杭区直播电商合规指引",
        favourable=True,
    )
    report = actions.issue_evaluation_report(
        actor=evaluator, application=application, on=D(2026, 9, 24), conclusion="符合条件"
    )
    # 88 − 1 − 2 − 1.5 = 83.50 professional; social (39/9 − 1) / 4 × 12 = 10.00.
    assert (report.professional_score, report.social_score, report.total_score) == (
        Decimal("83.50"),
        Decimal("10.00"),
        Decimal("93.50"),
    )
    assert report.passed is True

    # Public notice of 7 working days (第二十五条): 2026-09-30 + 7 working days across 国庆.
    refused(
        "wrong_role",
        actions.start_public_notice,
        actor=city_bureau,
        application=application,
        on=D(2026, 9, 30),
    )
    actions.start_public_notice(actor=province_admin, application=application, on=D(2026, 9, 30))
    assert (application.notice_starts_on, application.notice_ends_on) == (
        D(2026, 9, 30),
        D(2026, 10, 15),
    )
    refused(
        "outside_notice_period",
        actions.submit_objection,
        application=application,
        on=D(2026, 10, 16),
        name="张三",
        contact="13800000000",
        text="晚到的异议",
    )
    objection = actions.submit_objection(
        application=application,
        on=D(2026, 10, 9),
        name="张三",
        contact="13800000000",
        text="辖区内某平台刷单问题尚未整改",
    )
    error = refused(
        "notice_not_over",
        actions.designate_zone,
        actor=province_admin,
        application=application,
        on=D(2026, 10, 15),
        meeting="",
        document="",
    )
    assert "公示期至 2026-10-15 届满" in error.chinese
    refused(
        "objections_unanswered",
        actions.designate_zone,
        actor=province_admin,
        application=application,
        on=D(2026, 10, 16),
        meeting="",
        document="",
    )
    actions.answer_objection(
        actor=province_admin,
        objection=objection,
        on=D(2026, 10, 12),
        answer="经核查,该平台已于9月完成整改。",
    )

    # Designation (第二十六条): five years of validity (第三十三条); support (第二十七条).
    actions.designate_zone(
        actor=province_admin,
        application=application,
        on=D(2026, 10, 16),
        meeting="局长办公会",
        document="浙市监网〔2026〕30号",
    )
    assert application.state == ZoneState.DESIGNATED
    assert application.valid_until == D(2031, 10, 16)
    actions.record_support(
        actor=province_admin,
        application=application,
        on=D(2026, 11, 2),
        kind="fund",
        description="示范区创建专项补助",
        amount_yuan="500000",
    )

    # Annual summaries: due 31 January of the next year (第三十三条, our reading, unconfirmed).
    assert summaries_due_soon(application, D(2027, 1, 5)) == [(2026, D(2027, 1, 31))]
    on_time = actions.submit_annual_summary(
        actor=applicant, application=application, year=2026, on=D(2027, 1, 20), text="2026年度总结"
    )
    late = actions.submit_annual_summary(
        actor=applicant, application=application, year=2027, on=D(2028, 2, 3), text="2027年度总结"
    )
    assert (on_time.due_on, on_time.overdue, late.due_on, late.overdue) == (
        D(2027, 1, 31),
        False,
        D(2028, 1, 31),
        True,
    )
    assert overdue_summaries(application, D(2029, 3, 1)) == [(2028, D(2029, 1, 31))]
    refused(
        "summary_exists",
        actions.submit_annual_summary,
        actor=applicant,
        application=application,
        year=2026,
        on=D(2027, 2, 1),
        text="重复",
    )

    # Expiry and re-evaluation leading to renewal (第三十四条).
    refused(
        "still_valid",
        actions.mark_expired,
        actor=province_admin,
        application=application,
        on=D(2031, 10, 16),
    )
    refused(
        "out_of_order",
        actions.apply_for_reevaluation,
        actor=applicant,
        application=application,
        on=D(2031, 10, 1),
        application_letter="复评申请",
        city_opinion="同意",
    )
    actions.mark_expired(actor=province_admin, application=application, on=D(2031, 10, 17))
    assert application.state == ZoneState.EXPIRED
    refused(
        "missing_materials",
        actions.apply_for_reevaluation,
        actor=applicant,
        application=application,
        on=D(2031, 10, 20),
        application_letter="复评申请",
        city_opinion="",
    )
    actions.apply_for_reevaluation(
        actor=applicant,
        application=application,
        on=D(2031, 10, 20),
        application_letter="余杭区人民政府关于示范区复评的申请",
        city_opinion="杭州市局同意复评",
    )
    actions.renew_designation(
        actor=province_admin,
        application=application,
        on=D(2031, 12, 1),
        document="浙市监网〔2031〕5号",
        reevaluation="复评符合条件",
    )
    assert (application.state, application.valid_until, application.renewal_count) == (
        ZoneState.DESIGNATED,
        D(2036, 12, 1),
        1,
    )

    steps = list(StepRecord.objects.filter(application=application).values_list("step", flat=True))
    assert steps == [
        "prepare",
        "consent",
        "submit",
        "review",
        "approve",
        "apply_acceptance",
        "entrust",
        "declare",
        "open_questionnaire",
        "issue_report",
        "start_notice",
        "answer_objection",
        "designate",
        "expire",
        "apply_reevaluation",
        "renew",
    ]
    articles = dict(
        StepRecord.objects.filter(application=application).values_list("step", "article")
    )
    assert articles["approve"] == "zj-zone-measures-2017:23"
    assert articles["start_notice"] == "zj-zone-measures-2017:25"
    assert articles["designate"] == "zj-zone-measures-2017:33"
    assert (
        AuditEvent.objects.filter(
            target_type="zones.zoneapplication", target_id=str(application.pk)
        ).count()
        == len(steps) + 1 + 19 + 1 + 1 + 2
    )  # guidance, 19 scores, feedback, support,
    # two summaries (task rows and questionnaire answers are audited against their own rows)
