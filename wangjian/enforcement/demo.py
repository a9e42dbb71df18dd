"""Demo enforcement for Yangpu (``wangjian demo load``): cases in several states —

- the monitoring clue the chief referred (a live-stream cosmetics claim with medical terms) taken
  through filing, review, 告知, decision and service to a published penalty and its credit event;
- a 首违免罚 decision on the Shanghai list (明码标价) with its education record;
- a case under investigation with a testing pause, one awaiting 立案, and the complaints
  demo's case-filed report (opened through the complaints hook);
- a case transferred to Pudong and received there;
- a 行政约谈 of the demo platform whose 整改 follow-up is overdue, and a 责令改正通知书;
- a 简易程序 warning decided on the spot.

Idempotent: each case is found again by its source note (or its clue) and its walk resumes from
the state it reached. Dates run back from the day of the load; a walk that would reach a year
without a working-day table stops and says so instead of guessing a deadline.
"""

import datetime as dt

from wangjian.core.demo import DemoContext, demo_step

NOTE_FIRST_OFFENCE = "示范：网店商品页未明码标价（首违）"
NOTE_TESTING = "示范：抽检不合格食品（检验中）"
NOTE_VERIFYING = "示范：网店未公示营业执照信息"
NOTE_TRANSFER = "示范：浦东商家虚假宣传（移送浦东）"


def _users(context):
    """The demo accounts, plus the reviewer of the 法制科 (审核) the enforcement demo adds."""
    from wangjian.core.actions.organisation import create_user
    from wangjian.core.choices import Role
    from wangjian.core.demo import DEMO_PASSWORD
    from wangjian.core.models import OrgUnit, User

    names = ("regulator", "chief", "pudong", "platform")
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if len(users) != len(names):
        return None
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is None:
        unit = OrgUnit.objects.filter(name="法制科", division__code__startswith="310110").first()
        if unit is None:
            return None
        reviewer = create_user(
            actor=None,
            username="reviewer",
            password=DEMO_PASSWORD,
            role=Role.REGULATOR,
            org_unit=unit,
            display_name="赵审核（法制科）",
        )
    context.accounts.append(("reviewer", Role.REGULATOR.label, "赵审核（法制科）"))
    users["station"] = reviewer
    return users


def _entities():
    from wangjian.core.models import Division
    from wangjian.registry.models import MarketEntity

    yangpu = list(
        MarketEntity.objects.filter(division__code__startswith="310110").order_by("pk")[:4]
    )
    return yangpu, Division.objects.filter(code__startswith="310115", level=3).first()


def _case(note):
    from wangjian.enforcement.models import Case

    return Case.objects.filter(source_note=note).first()


def _step(case, actor, subject, stage, opinion, on, payload=None):
    from wangjian.enforcement import actions

    actions.approval_step(
        actor=actor,
        case=case,
        subject=subject,
        stage=stage,
        opinion=opinion,
        payload=payload,
        on=on,
    )
    case.refresh_from_db()


def _file(case, users, on):
    from wangjian.enforcement.choices import CaseState, Stage, Subject

    if case.state != CaseState.VERIFYING:
        return
    _step(
        case,
        users["regulator"],
        Subject.FILING,
        Stage.PROPOSE,
        "违法事实基本清楚，建议立案",
        on,
        {"file": True},
    )
    _step(case, users["station"], Subject.FILING, Stage.REVIEW, "同意立案", on)
    _step(case, users["chief"], Subject.FILING, Stage.APPROVE, "同意立案调查", on)


def _propose_and_decide(case, users, on, proposal, education=""):
    from wangjian.enforcement import actions
    from wangjian.enforcement.choices import CaseState, Stage, Subject

    if case.state == CaseState.INVESTIGATING:
        _step(
            case,
            users["regulator"],
            Subject.PROPOSAL,
            Stage.PROPOSE,
            "调查终结，提出处理意见",
            on,
            proposal,
        )
    if case.state == CaseState.REVIEWING:
        _step(
            case,
            users["station"],
            Subject.PROPOSAL,
            Stage.REVIEW,
            "法制审核：事实清楚，证据确凿，适用依据正确",
            on,
        )
        _step(case, users["chief"], Subject.PROPOSAL, Stage.APPROVE, "同意，予以告知", on)
    if case.state == CaseState.NOTIFIED:
        actions.record_statement(
            actor=users["regulator"], case=case, statement="当事人书面表示放弃陈述、申辩", on=on
        )
        case.refresh_from_db()
        _step(
            case,
            users["regulator"],
            Subject.DECISION,
            Stage.PROPOSE,
            "维持处理意见",
            on,
            {"education_record": education},
        )
        _step(case, users["chief"], Subject.DECISION, Stage.APPROVE, "同意作出决定", on)
    if case.state == CaseState.DECIDED:
        actions.serve_decision(actor=users["regulator"], case=case, on=on)
        case.refresh_from_db()


def _clue_case(context, users, today) -> None:
    from wangjian.enforcement import actions
    from wangjian.monitoring.choices import ClueState
    from wangjian.monitoring.models import Clue

    clue = Clue.objects.filter(state=ClueState.REFERRED).order_by("pk").first()
    if clue is None or (clue.entity_id is None and clue.shop_id is None):
        context.log("  执法 / enforcement: no referred clue, clue case skipped")
        return
    case = actions.case_from_clue(actor=users["regulator"], clue=clue)
    on = max(today, clue.discovered_on)
    _file(case, users, on)
    _propose_and_decide(
        case,
        users,
        on,
        {
            "outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine_amount": "100000",
            "penalty_article": "ad-law-2021:58",
        },
    )
    if case.published_on is None and case.decided_on and case.entity_id:
        actions.publish_penalty(actor=users["regulator"], case=case, on=on)
        case.refresh_from_db()
    context.log(f"  线索案件 / clue case {case.display_number}: {case.get_state_display()}")


def _registered(users, note, conduct, entity, found_on, articles=()):
    from wangjian.enforcement import actions

    return _case(note) or actions.register_case(
        actor=users["regulator"],
        conduct=conduct,
        entity=entity,
        found_on=found_on,
        violated_articles=list(articles),
        source_note=note,
    )


def _first_offence(context, users, entity, today) -> None:
    from wangjian.enforcement.choices import CaseState, Stage, Subject

    case = _registered(
        users,
        NOTE_FIRST_OFFENCE,
        "网店部分商品页未标示价格（未明码标价），经指出后当日改正",
        entity,
        today - dt.timedelta(days=40),
        ["price-marking-rules-2022:13"],
    )
    on = today - dt.timedelta(days=35)
    _file(case, users, on)
    _propose_and_decide(
        case,
        users,
        on,
        {
            "outcome": "no_penalty",
            "no_penalty_ground": "first_offence",
            "penalty_article": "price-law-1997:42",
            "corrected": True,
            "harm": "none",
        },
        education="向当事人讲解《明码标价和禁止价格欺诈规定》，当事人签署守法承诺书",
    )
    if case.state == CaseState.SERVED:
        _step(case, users["regulator"], Subject.CLOSING, Stage.PROPOSE, "已送达，建议结案", on)
        _step(case, users["chief"], Subject.CLOSING, Stage.APPROVE, "同意结案", on)
    answer = (case.exemption_answer or {}).get("proposal")
    context.log(
        f"  首违免罚 / first offence {case.display_number}: {case.get_state_display()} ({answer})"
    )


def _testing(context, users, entity, today) -> None:
    from wangjian.enforcement import actions

    case = _registered(
        users,
        NOTE_TESTING,
        "网店销售的坚果礼盒经抽检霉菌超标，待检验机构出具复检报告",
        entity,
        today - dt.timedelta(days=30),
        ["food-safety-law-2021:34"],
    )
    _file(case, users, today - dt.timedelta(days=28))
    if not case.pauses.exists():
        actions.pause_case(
            actor=users["regulator"],
            case=case,
            kind="testing",
            reason="样品送检，等待复检报告",
            started_on=today - dt.timedelta(days=20),
        )
    context.log(f"  检验中止 / testing pause {case.display_number}")


def _transfer(context, users, entity, pudong, today) -> None:
    from wangjian.enforcement import actions

    case = _registered(
        users,
        NOTE_TRANSFER,
        "当事人在浦东新区直播场所宣称“全网销量第一”，无依据",
        entity,
        today - dt.timedelta(days=10),
        ["ad-law-2021:9"],
    )
    if not case.transfers.exists():
        actions.transfer_case(
            actor=users["chief"],
            case=case,
            to_division=pudong,
            reason="违法行为发生地（直播场所）在浦东新区，依法移送浦东新区市场监督管理局",
            on=today - dt.timedelta(days=8),
        )
        case.refresh_from_db()
    if case.transfer_pending:
        actions.receive_transfer(actor=users["pudong"], case=case, on=today - dt.timedelta(days=7))
    context.log(f"  移送浦东 / transferred {case.display_number}")


def _guidance(context, users, entities, today) -> None:
    from wangjian.enforcement import actions
    from wangjian.enforcement.models import Guidance
    from wangjian.registry.models import Platform

    platform = Platform.objects.filter(accounts__user=users["platform"]).first()
    if platform is not None and not Guidance.objects.filter(kind="interview").exists():
        meeting = dt.datetime.combine(today - dt.timedelta(days=25), dt.time(14, 0))
        interview = actions.issue_guidance(
            actor=users["regulator"],
            kind="interview",
            platform=platform,
            content="平台内直播间多次出现普通化妆品宣称医疗功效，约谈平台负责人，督促落实直播审核责任",
            meeting_at=meeting.replace(tzinfo=dt.UTC),
            meeting_place="杨浦区市场监督管理局三楼会议室",
            participants="平台合规负责人、直播运营负责人；杨浦区局网络交易监督管理科",
            on=today - dt.timedelta(days=30),
        )
        actions.record_interview(
            actor=users["regulator"],
            guidance=interview,
            record_text="平台说明直播话术审核流程，承认存在漏审，同意开展专项排查",
            commitment="十个工作日内完成美妆类直播间话术排查，下架违规回放并提交整改报告",
            follow_up_due=today - dt.timedelta(days=5),
        )
    if entities and not Guidance.objects.filter(kind="rectification").exists():
        actions.issue_guidance(
            actor=users["regulator"],
            kind="rectification",
            entity=entities[0],
            content="经查，你单位网店首页未公示营业执照信息，责令限期改正",
            legal_basis=["ecommerce-law-2018:15"],
            rectification_due=today + dt.timedelta(days=14),
            on=today,
        )
    context.log(f"  行政指导 / guidance: {Guidance.objects.count()}")


def _reports(context) -> None:
    """The complaints demo's case-filed reports: normally opened by the hook when their decision
    commits; opened here when the load ran inside an outer transaction (the hook is idempotent)."""
    from wangjian.complaints.models import Complaint
    from wangjian.enforcement.actions import case_from_filed_report

    reports = Complaint.objects.filter(kind="report", state="case_filed", enforcement_cases=None)
    for report in reports:
        case_from_filed_report(report)
    context.log(f"  举报立案 / cases from reports: {reports.count()} opened now")


def _on_the_spot(context, users, entity, today) -> None:
    from wangjian.enforcement import actions
    from wangjian.enforcement.models import Case

    if Case.objects.filter(summary_procedure=True).exists():
        return
    case = actions.decide_on_the_spot(
        actor=users["regulator"],
        conduct="现场检查发现网店自提点商品未标示价格，当场予以警告并责令改正",
        penalty_article="price-law-1997:42",
        penalty_kinds=["warning"],
        violated_articles=["price-law-1997:13"],
        entity=entity,
        on=today - dt.timedelta(days=3),
    )
    context.log(f"  简易程序 / on-the-spot warning {case.decision_number}")


@demo_step(55)
def load_enforcement(context: DemoContext) -> None:
    from django.utils import timezone

    from wangjian.enforcement.actions import EnforcementError

    users = _users(context)
    yangpu, pudong = _entities()
    if users is None or len(yangpu) < 4 or pudong is None:
        context.log("  执法 / enforcement: organisation or registry demo missing, skipped")
        return
    today = timezone.localdate()
    steps = (
        lambda: _reports(context),
        lambda: _clue_case(context, users, today),
        lambda: _first_offence(context, users, yangpu[1], today),
        lambda: _testing(context, users, yangpu[2], today),
        lambda: _registered(
            users,
            NOTE_VERIFYING,
            "网店首页未公示营业执照信息",
            yangpu[0],
            today,
            ["ecommerce-law-2018:15"],
        ),
        lambda: _transfer(context, users, yangpu[3], pudong, today),
        lambda: _guidance(context, users, yangpu, today),
        lambda: _on_the_spot(context, users, yangpu[2], today),
    )
    for step in steps:
        try:
            step()
        except EnforcementError as error:
            # A deadline reaching a year without a working-day table: stop this walk, keep
            # the rest of the demo.
            if error.code != "ENF-CALENDAR":
                raise
            context.log(f"  执法 / enforcement: {error.message_zh}")
