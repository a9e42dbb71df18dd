"""Plain functions that walk an application through the lifecycle with the real actions."""

import datetime as dt

from wangjian.zones import actions

D = dt.date

APPLICATION_MATERIALS = {
    "application_report": "余杭区人民政府关于申请创建浙江省网络监管与服务示范区的报告",
    "overall_plan": "创建总体方案:目标、任务、措施",
    "action_plan": "创建行动计划:三个阶段及年度计划",
}
ACCEPTANCE_MATERIALS = {
    "work_report": "创建工作报告",
    "special_policies": "区政府网络经济专项政策三件",
    "city_opinion": "杭州市市场监督管理局同意验收的意见",
}


def to_creating(*, programme, applicant, city_bureau, province_admin, approved_on=None):
    approved_on = approved_on or D(2025, 9, 22)
    application = actions.prepare_application(
        actor=applicant, programme=programme, name="余杭区网络监管与服务示范区", on=D(2025, 8, 25)
    )
    actions.record_consent(
        actor=city_bureau, application=application, on=D(2025, 9, 1), document="杭市监函〔2025〕1号"
    )
    actions.submit_application(
        actor=applicant,
        application=application,
        on=D(2025, 9, 3),
        materials=APPLICATION_MATERIALS,
    )
    actions.review_application(
        actor=province_admin, application=application, on=D(2025, 9, 10), opinion="材料齐全"
    )
    actions.approve_creation(
        actor=province_admin,
        application=application,
        on=approved_on,
        meeting="省局2025年第9次办公会议",
        document="浙市监网〔2025〕12号",
    )
    return application


def to_evaluating(*, application, applicant, province_admin, evaluator_unit, evaluator):
    actions.apply_for_acceptance(
        actor=applicant,
        application=application,
        on=D(2026, 9, 1),
        materials=ACCEPTANCE_MATERIALS,
    )
    actions.entrust_evaluator(
        actor=province_admin,
        application=application,
        on=D(2026, 9, 2),
        evaluator_unit=evaluator_unit,
    )
    actions.declare_conflict_of_interest(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 3),
        has_conflict=False,
        statement="本机构与余杭区人民政府无隶属、合作或利益关系。",
    )
    return application


def score_all(*, application, evaluator, scores: dict):
    """Score every rubric item: ``scores`` by item key, others at their full weight."""
    for item in application.programme.rubric_items.all():
        actions.score_item(
            actor=evaluator,
            application=application,
            item_key=item.key,
            score=scores.get(item.key, item.weight),
            evidence=f"现场核查:{item.evidence_needed}",
            on=D(2026, 9, 10),
            comment=item.guidance,
        )
