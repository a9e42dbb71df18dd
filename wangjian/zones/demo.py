"""Demo data of the zones app (``wangjian demo load``), idempotent.

Yangpu's application for the national programme at the creation stage, with the three goals and
twenty key tasks of its 2023 plan, and a finished evaluation of 余杭区 under the Zhejiang 2017
programme for comparison. Dates, figures, document numbers and the departments owning the tasks
are illustrative demo values, not records of real decisions or statistics.
"""

import datetime as dt
from pathlib import Path

import yaml

from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.demo import DEMO_PASSWORD, DemoContext, demo_step

DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo" / "yangpu-plan-2023.yaml"
D = dt.date
DEMO_SOURCE = "演示数据(非真实统计)"
PLAN_TITLE = '上海市杨浦区创建"全国网络市场监管与服务示范区"实施方案'

# (username, role, unit key, display name)
ZONE_ACCOUNTS = [
    ("samr_zones", Role.PROVINCE_ADMIN, "samr", "总局示范区管理员"),
    ("shanghai_zones", Role.SECTION_CHIEF, "shanghai", "市局网监处指导员"),
    ("zj_province", Role.PROVINCE_ADMIN, "zj_province", "浙江省局示范区管理员"),
    ("hz_city", Role.SECTION_CHIEF, "hz_city", "杭州市局网监处"),
    ("yh_applicant", Role.SECTION_CHIEF, "yh_county", "余杭区局创建办"),
    ("zj_evaluator", Role.EVALUATOR, "zj_evaluator", "网商协会评估专家"),
]


def _unit(context, key, name, kind, division_code, parent=None):
    from wangjian.core.actions.organisation import create_org_unit
    from wangjian.core.models import Division, OrgUnit

    division = Division.objects.by_code(division_code)
    existing = OrgUnit.objects.filter(name=name, division=division).first()
    context.objects[key] = existing or create_org_unit(
        actor=None, name=name, kind=kind, division=division, parent=parent
    )
    return context.objects[key]


def _users(context) -> dict:
    from wangjian.core.actions.organisation import create_user
    from wangjian.core.models import User

    users = {}
    for username, role, unit_key, display_name in ZONE_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                org_unit=context.objects[unit_key],
                display_name=display_name,
            )
        context.accounts.append((username, Role(role).label, display_name))
        users[username] = user
    return users


@demo_step(60)
def load_zone_programmes(context: DemoContext) -> None:
    from wangjian.zones.actions.programmes import load_indicators, load_programmes

    context.log(f"  示范区创建办法 / zone programmes: {load_programmes(actor=None)}")
    context.log(f"  示范区监测指标 / zone indicators: {load_indicators(actor=None)}")


@demo_step(61)
def create_zone_organisation(context: DemoContext) -> None:
    from wangjian.core.models import OrgUnit

    _unit(context, "samr", "国家市场监督管理总局网络交易监督管理司", OrgUnitKind.BUREAU, "000000")
    if "shanghai" not in context.objects:
        context.objects["shanghai"] = OrgUnit.objects.get(name="上海市市场监督管理局")
    province = _unit(context, "zj_province", "浙江省市场监督管理局", OrgUnitKind.BUREAU, "330000")
    _unit(context, "hz_city", "杭州市市场监督管理局", OrgUnitKind.BUREAU, "330100")
    _unit(context, "yh_county", "杭州市余杭区市场监督管理局", OrgUnitKind.BUREAU, "330110")
    _unit(context, "zj_evaluator", "浙江省网商协会", OrgUnitKind.EVALUATOR, "330000", province)
    context.objects["zone_users"] = _users(context)


@demo_step(62)
def create_yangpu_application(context: DemoContext) -> None:
    from wangjian.core.models import User
    from wangjian.zones import actions
    from wangjian.zones.models import Programme, ZoneApplication

    name = "杨浦区全国网络市场监管与服务示范区"
    if ZoneApplication.objects.filter(name=name).exists():
        context.log("  杨浦区创建申请已存在 / Yangpu application exists")
        return
    users = context.objects["zone_users"]
    applicant = User.objects.get(username="chief")
    samr = users["samr_zones"]
    programme = Programme.objects.get(key="samr-zone-programme")
    plan = yaml.safe_load(DEMO_DATA.read_text(encoding="utf-8"))
    goals = [f"{goal['title']}:{goal['text']}" for goal in plan["goals"]]

    application = actions.prepare_application(
        actor=applicant, programme=programme, name=name, on=D(2026, 5, 8), goals=goals
    )
    actions.record_consent(
        actor=users["shanghai_zones"],
        application=application,
        on=D(2026, 5, 15),
        document="沪市监网函〔演示〕1号",
    )
    actions.submit_application(
        actor=applicant,
        application=application,
        on=D(2026, 5, 20),
        materials={
            "application_report": "杨浦区人民政府关于申报创建全国网络市场监管与服务示范区的请示",
            "overall_plan": f"《{PLAN_TITLE}》({plan['source']})",
            "action_plan": "创建行动计划:一年内分准备、实施、总结三个阶段推进",
        },
    )
    actions.review_application(
        actor=samr, application=application, on=D(2026, 6, 10), opinion="申报材料齐全"
    )
    actions.approve_creation(
        actor=samr,
        application=application,
        on=D(2026, 7, 1),
        meeting="演示办公会议",
        document="市监网函〔演示〕7号",
    )
    for task in plan["tasks"]:
        actions.add_creation_task(
            actor=applicant,
            application=application,
            group=task["group"],
            number=task["number"],
            title=task["title"],
            description=task["description"],
            owner_department=task["owner_department"],
            due_on=D(2027, 6, 30),
        )
    first = application.tasks.get(number=1)
    actions.report_task_progress(
        actor=applicant,
        task=first,
        on=D(2026, 10, 30),
        progress_percent=40,
        text="数字经济常态化监测指标体系已起草,首批指标接入指标看板",
        supporting_material="监测指标体系(征求意见稿)",
    )
    actions.give_guidance(
        actor=users["shanghai_zones"],
        application=application,
        on=D(2026, 9, 15),
        text="请按季度报送任务进展,重点推进智慧监管和信用分类监管。",
    )
    for key, period, value, comparison in (
        ("online_economy_gdp_share", "2024", "11.8", "10.1"),
        ("online_economy_gdp_share", "2025", "12.6", "10.5"),
        ("online_transaction_volume", "2024", "1480", None),
        ("online_transaction_volume", "2025", "1625", None),
        ("online_trademark_brands", "2025", "3120", None),
    ):
        actions.enter_indicator_value(
            actor=applicant,
            application=application,
            indicator_key=key,
            period=period,
            value=value,
            comparison_value=comparison,
            source=DEMO_SOURCE,
        )
    context.log(f"  杨浦区创建申请 / Yangpu application: {application.tasks.count()} 项任务")


@demo_step(63)
def create_yuhang_evaluation(context: DemoContext) -> None:
    from wangjian.zones import actions
    from wangjian.zones.models import Programme, ZoneApplication

    name = "余杭区网络监管与服务示范区"
    if ZoneApplication.objects.filter(name=name).exists():
        context.log("  余杭区评估已存在 / Yuhang evaluation exists")
        return
    users = context.objects["zone_users"]
    applicant, city, province, evaluator = (
        users["yh_applicant"],
        users["hz_city"],
        users["zj_province"],
        users["zj_evaluator"],
    )
    programme = Programme.objects.get(key="zj-zone-programme-2017")
    application = actions.prepare_application(
        actor=applicant, programme=programme, name=name, on=D(2025, 8, 25)
    )
    actions.record_consent(
        actor=city, application=application, on=D(2025, 9, 1), document="杭市监函〔演示〕1号"
    )
    actions.submit_application(
        actor=applicant,
        application=application,
        on=D(2025, 9, 3),
        materials={
            "application_report": "申请报告",
            "overall_plan": "创建总体方案",
            "action_plan": "创建行动计划",
        },
    )
    actions.review_application(
        actor=province, application=application, on=D(2025, 9, 10), opinion="材料齐全"
    )
    actions.approve_creation(
        actor=province,
        application=application,
        on=D(2025, 9, 22),
        meeting="演示办公会议",
        document="浙市监网〔演示〕12号",
    )
    actions.apply_for_acceptance(
        actor=applicant,
        application=application,
        on=D(2026, 9, 1),
        materials={
            "work_report": "创建工作报告",
            "special_policies": "区政府专项政策三件",
            "city_opinion": "杭州市局同意验收",
        },
    )
    actions.entrust_evaluator(
        actor=province,
        application=application,
        on=D(2026, 9, 2),
        evaluator_unit=context.objects["zj_evaluator"],
    )
    actions.declare_conflict_of_interest(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 3),
        has_conflict=False,
        statement="本机构与余杭区人民政府无隶属、合作或利益关系。",
    )
    deductions = {"industry_scale": "3", "supervision_level": "6.5", "online_brands": "4"}
    for item in programme.rubric_items.all():
        actions.score_item(
            actor=evaluator,
            application=application,
            item_key=item.key,
            score=deductions.get(item.key, item.weight),
            on=D(2026, 9, 10),
            evidence=f"现场核查:{item.evidence_needed}",
            comment=item.guidance,
        )
    actions.open_questionnaire(actor=evaluator, application=application, on=D(2026, 9, 5))
    for answers in ((5, 4, 5), (4, 4, 4), (5, 5, 4), (3, 4, 4)):
        keys = [question["key"] for question in programme.questionnaire["questions"]]
        actions.submit_questionnaire_response(
            application=application, answers=dict(zip(keys, answers, strict=True))
        )
    actions.record_public_feedback(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 12),
        channel="地方媒体",
        summary="报道余杭区直播电商合规指引(演示)",
        favourable=True,
    )
    actions.issue_evaluation_report(
        actor=evaluator,
        application=application,
        on=D(2026, 9, 24),
        conclusion="各项创建基础和创建内容总体达到要求,建议予以公示。",
    )
    actions.start_public_notice(actor=province, application=application, on=D(2026, 9, 30))
    actions.designate_zone(
        actor=province,
        application=application,
        on=D(2026, 10, 16),
        meeting="演示局长办公会",
        document="浙市监网〔演示〕30号",
    )
    for key, period, value, comparison in (
        ("online_economy_gdp_share", "2025", "15.2", "10.5"),
        ("online_transaction_volume", "2025", "3900", None),
        ("online_trademark_brands", "2025", "5400", None),
    ):
        actions.enter_indicator_value(
            actor=applicant,
            application=application,
            indicator_key=key,
            period=period,
            value=value,
            comparison_value=comparison,
            source=DEMO_SOURCE,
        )
    context.log(f"  余杭区评估 / Yuhang evaluation: {application.report.total_score} 分,已确认")
