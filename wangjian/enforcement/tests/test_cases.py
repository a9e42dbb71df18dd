import datetime as dt
from decimal import Decimal

import pytest

from wangjian.core.models import AuditEvent
from wangjian.credit.models import CreditEvent
from wangjian.enforcement import actions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.actions.cases import late_fee
from wangjian.enforcement.choices import CaseState, ErrorCode, PauseKind, Stage, Subject
from wangjian.enforcement.models import Case
from wangjian.enforcement.tests.factories import PENALTY, decide, file_case, propose

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def clue(world, regulator):
    from wangjian.monitoring.actions import confirm_findings
    from wangjian.monitoring.models import Finding
    from wangjian.monitoring.tests.factories import feed_batch

    feed_batch(regulator, world)
    findings = Finding.objects.filter(item__external_id="L-1")
    return confirm_findings(
        actor=regulator, finding_ids=[f.pk for f in findings], note="直播间宣称国家级、最好"
    )


def test_a_clue_walks_to_a_published_penalty_with_its_credit_event(
    clue, world, regulator, reviewer, section_chief, year_2027
):
    case = actions.case_from_clue(actor=regulator, clue=clue)
    assert (case.state, case.source_kind, case.entity, case.shop) == (
        CaseState.VERIFYING,
        "clue",
        world["food"],
        world["yangpu_shop"],
    )
    assert case.source_number == "沪市监杨案源〔2026〕1号"
    # The verification clock is the clue's own (monitoring's clue rules).
    assert case.verification_due == clue.due_on
    assert "第十八条" in case.verification_basis
    assert list(clue.enforcement_cases.all()) == [case]
    assert actions.case_from_clue(actor=regulator, clue=clue) == case

    file_case(case, regulator, reviewer, section_chief, TODAY)
    case.refresh_from_db()
    assert case.number == "沪市监杨立〔2026〕1号"
    assert (case.state, case.filed_on, case.decision_due) == (
        CaseState.INVESTIGATING,
        TODAY,
        dt.date(2027, 3, 2),
    )
    propose(case, regulator, reviewer, section_chief, TODAY, **PENALTY)
    case.refresh_from_db()
    assert (case.state, case.notified_on) == (CaseState.NOTIFIED, TODAY)
    assert case.statement_due == dt.date(2026, 12, 9)  # 5 working days
    assert case.exemption_answer["proposal"] == "penalty"
    actions.record_statement(actor=regulator, case=case, statement="当事人放弃陈述申辩", on=TODAY)
    decide(case, regulator, section_chief, TODAY)
    case.refresh_from_db()
    assert (case.state, case.decision_number) == (CaseState.DECIDED, "沪市监杨处〔2026〕1号")
    # Party registered in Shanghai: 20 working days (公示规定 第九条).
    assert (case.publicity_due, case.publicity_rule) == (
        dt.date(2026, 12, 30),
        "penalty-info-disclosure-rules-2021:9",
    )
    actions.serve_decision(actor=regulator, case=case, on=TODAY)
    case.refresh_from_db()
    assert case.payment_due == dt.date(2026, 12, 17)
    # 加处罚款: 3% a day after the deadline, never more than the fine (第七十二条).
    assert late_fee(case, dt.date(2026, 12, 17)) == 0
    assert late_fee(case, dt.date(2026, 12, 19)) == Decimal("12000")
    assert late_fee(case, dt.date(2027, 3, 1)) == Decimal("200000")
    actions.publish_penalty(actor=regulator, case=case, on=TODAY)
    case.refresh_from_db()
    event = CreditEvent.objects.get(source_app="enforcement", source_id=str(case.pk))
    assert case.credit_event == event
    assert (event.kind, event.severity, event.entity, event.legal_basis) == (
        "penalty",
        "ordinary",
        world["food"],
        "ad-law-2021:57",
    )
    assert event.occurred_on == TODAY
    assert event.publicity_until == dt.date(2029, 12, 2)  # 3 years (公示规定 第十三条)
    assert event.summary.startswith("沪市监杨处〔2026〕1号：罚款，罚款 200000.00 元")
    with pytest.raises(EnforcementError) as refused:
        actions.publish_penalty(actor=regulator, case=case, on=TODAY)
    assert refused.value.code == ErrorCode.WRONG_STATE
    actions.record_execution(actor=regulator, case=case, note="罚款已缴清", on=TODAY)
    with pytest.raises(EnforcementError):
        actions.withdraw_publicity(
            actor=regulator, case=case, reason="复议撤销", changed_on=TODAY - dt.timedelta(1)
        )
    actions.approval_step(
        actor=regulator,
        case=case,
        subject=Subject.CLOSING,
        stage=Stage.PROPOSE,
        opinion="已执行完毕，建议结案",
        on=TODAY,
    )
    actions.approval_step(
        actor=section_chief,
        case=case,
        subject=Subject.CLOSING,
        stage=Stage.APPROVE,
        opinion="同意结案",
        on=TODAY,
    )
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.published_on) == (CaseState.CLOSED, TODAY, TODAY)
    types = list(
        AuditEvent.objects.filter(target_type="enforcement.case", target_id=str(case.pk))
        .order_by("sequence")
        .values_list("event_type", flat=True)
    )
    assert types[0] == "enforcement.case_registered"
    assert "enforcement.case_filed" in types
    assert "enforcement.published" in types
    assert types[-1] == "enforcement.closed"


def test_a_changed_decision_withdraws_the_publicity_through_credit(
    world, regulator, reviewer, section_chief, year_2027
):
    case = actions.register_case(
        actor=regulator, conduct="直播间宣称“国家级”", entity=world["food"], found_on=TODAY
    )
    file_case(case, regulator, reviewer, section_chief, TODAY)
    propose(case, regulator, reviewer, section_chief, TODAY, **PENALTY)
    actions.record_statement(actor=regulator, case=case, statement="放弃陈述申辩", on=TODAY)
    decide(case, regulator, section_chief, TODAY)
    actions.publish_penalty(actor=regulator, case=case, on=TODAY)
    case = actions.withdraw_publicity(
        actor=regulator,
        case=case,
        reason="行政复议决定撤销原处罚决定",
        changed_on=TODAY,
        on=TODAY,
    )
    case.credit_event.refresh_from_db()
    assert case.credit_event.withdrawn_on == TODAY
    assert case.publicity_withdrawn_on == TODAY
    event = AuditEvent.objects.filter(event_type="enforcement.publicity_withdrawn").get()
    assert (event.after["due"], event.after["timely"]) == ("2026-12-07", True)


def test_a_case_filed_report_opens_a_case_through_the_hook(
    world, regulator, reviewer, section_chief, django_capture_on_commit_callbacks
):
    from wangjian.complaints import actions as complaints
    from wangjian.complaints.choices import RecordKind
    from wangjian.complaints.tests.factories import file

    report = file(world["food"].division, kinds=(RecordKind.REPORT,), on=dt.date(2026, 5, 6))
    report = report.records[0]
    with django_capture_on_commit_callbacks(execute=True):
        complaints.decide_case_filing(
            actor=regulator,
            complaint=report,
            file_case=True,
            reason="经核查，店铺销售霉变坚果",
            on=dt.date(2026, 5, 20),
        )
    report.refresh_from_db()
    case = Case.objects.get(report=report)
    assert report.case_reference == case.source_number
    assert (case.source_kind, case.handler, case.entity, case.found_on) == (
        "report",
        regulator,
        world["food"],
        dt.date(2026, 5, 6),
    )
    assert case.verification_due == dt.date(2026, 5, 26)
    assert case.division.code == "310110000000"
    file_case(
        case,
        regulator,
        reviewer,
        section_chief,
        dt.date(2026, 5, 21),
        articles=["food-safety-law-2021:34"],
    )
    case.refresh_from_db()
    assert (case.state, case.decision_due) == (CaseState.INVESTIGATING, dt.date(2026, 8, 19))
    assert case.violated_articles == ["food-safety-law-2021:34"]


def test_a_not_filed_decision_ends_the_case(world, regulator, reviewer, section_chief):
    case = actions.register_case(
        actor=regulator, conduct="网店未公示营业执照信息", entity=world["food"], found_on=TODAY
    )
    actions.approval_step(
        actor=regulator,
        case=case,
        subject=Subject.FILING,
        stage=Stage.PROPOSE,
        opinion="已自行改正，建议不予立案",
        payload={"file": False},
        on=TODAY,
    )
    actions.approval_step(
        actor=reviewer,
        case=case,
        subject=Subject.FILING,
        stage=Stage.REVIEW,
        opinion="同意",
        on=TODAY,
    )
    actions.approval_step(
        actor=section_chief,
        case=case,
        subject=Subject.FILING,
        stage=Stage.APPROVE,
        opinion="同意不予立案",
        on=TODAY,
    )
    case.refresh_from_db()
    assert (case.state, case.number, case.filed_on) == (CaseState.NOT_FILED, "", None)


def test_wrong_role_and_wrong_order_are_refused_with_codes(
    world, regulator, reviewer, section_chief
):
    case = actions.register_case(
        actor=regulator, conduct="网店未明码标价", entity=world["food"], found_on=TODAY
    )
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=section_chief,
            case=case,
            subject=Subject.FILING,
            stage=Stage.REVIEW,
            opinion="先行审核",
            on=TODAY,
        )
    assert refused.value.code == ErrorCode.OUT_OF_ORDER
    assert "下一步应为“承办人意见”" in str(refused.value)
    assert "the next step of filing is propose" in refused.value.message_en
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=reviewer,
            case=case,
            subject=Subject.FILING,
            stage=Stage.PROPOSE,
            opinion="代为提出",
            payload={"file": True},
            on=TODAY,
        )
    assert refused.value.code == ErrorCode.NOT_HANDLER
    actions.approval_step(
        actor=regulator,
        case=case,
        subject=Subject.FILING,
        stage=Stage.PROPOSE,
        opinion="建议立案调查",
        payload={"file": True},
        on=TODAY,
    )
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=regulator,
            case=case,
            subject=Subject.FILING,
            stage=Stage.REVIEW,
            opinion="自己审核",
            on=TODAY,
        )
    assert refused.value.code == ErrorCode.SAME_PERSON
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=reviewer,
            case=case,
            subject=Subject.FILING,
            stage=Stage.APPROVE,
            opinion="越级审批",
            on=TODAY,
        )
    assert refused.value.code == ErrorCode.WRONG_ROLE
    assert str(refused.value).startswith("[ENF-ROLE] 案件 沪市监杨案源〔2026〕1号：角色不符")
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=section_chief,
            case=case,
            subject=Subject.FILING,
            stage=Stage.APPROVE,
            opinion="直接审批",
            on=TODAY,
        )
    assert refused.value.code == ErrorCode.OUT_OF_ORDER
    case.refresh_from_db()
    assert case.state == CaseState.VERIFYING
    assert case.approvals.count() == 1


def test_a_fine_outside_the_article_range_is_refused_quoting_the_article(
    world, regulator, reviewer, section_chief, year_2027
):
    case = actions.register_case(
        actor=regulator, conduct="直播间宣称“国家级”", entity=world["food"], found_on=TODAY
    )
    file_case(case, regulator, reviewer, section_chief, TODAY)
    with pytest.raises(EnforcementError) as refused:
        actions.approval_step(
            actor=regulator,
            case=case,
            subject=Subject.PROPOSAL,
            stage=Stage.PROPOSE,
            opinion="建议罚款五万元",
            payload={**PENALTY, "fine_amount": "50000"},
            on=TODAY,
        )
    message = str(refused.value)
    assert refused.value.code == ErrorCode.FINE_OUT_OF_RANGE
    assert "罚款 50000 元不在 200000–1000000 元之间" in message
    assert "《中华人民共和国广告法》第五十七条第一项" in message
    assert "对广告主处二十万元以上一百万元以下的罚款" in message
    # A multiple of the advertising fee: 1–5 times under 第五十八条 when the fee is known.
    actions.check_fine("案件", "ad-law-2021:58", Decimal("30000"), Decimal("10000"))
    with pytest.raises(EnforcementError, match="不在 10000–50000 元之间"):
        actions.check_fine("案件", "ad-law-2021:58", Decimal("60000"), Decimal("10000"))
    with pytest.raises(EnforcementError) as refused:
        actions.check_fine("案件", "ad-law-2021:9", Decimal("1"))
    assert refused.value.code == ErrorCode.FINE_RULE_UNKNOWN
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING


def test_a_testing_pause_moves_the_decision_due_by_exactly_the_paused_days(
    world, regulator, reviewer, section_chief
):
    case = actions.register_case(
        actor=regulator,
        conduct="销售不合格商品",
        entity=world["food"],
        found_on=dt.date(2026, 3, 2),
    )
    file_case(case, regulator, reviewer, section_chief, dt.date(2026, 3, 17))
    case.refresh_from_db()
    assert case.decision_due == dt.date(2026, 6, 15)
    actions.pause_case(
        actor=regulator,
        case=case,
        kind=PauseKind.TESTING,
        reason="送检样品",
        started_on=dt.date(2026, 4, 1),
    )
    with pytest.raises(EnforcementError):
        actions.pause_case(
            actor=regulator,
            case=case,
            kind=PauseKind.SUSPENSION,
            reason="再次中止",
            started_on=dt.date(2026, 4, 2),
        )
    actions.resume_case(actor=regulator, case=case, ended_on=dt.date(2026, 4, 11))
    case.refresh_from_db()
    assert case.pauses.get().days == 10
    assert case.decision_due == dt.date(2026, 6, 25)
    # The head's extension adds 30 days, once.
    actions.approval_step(
        actor=regulator,
        case=case,
        subject=Subject.EXTENSION,
        stage=Stage.PROPOSE,
        opinion="案情复杂，申请延长",
        on=dt.date(2026, 6, 1),
    )
    actions.approval_step(
        actor=section_chief,
        case=case,
        subject=Subject.EXTENSION,
        stage=Stage.APPROVE,
        opinion="同意延长三十日",
        on=dt.date(2026, 6, 1),
    )
    case.refresh_from_db()
    assert case.decision_due == dt.date(2026, 7, 27)  # 7/25 is a Saturday: next working day
    with pytest.raises(EnforcementError, match="集体讨论"):
        actions.approval_step(
            actor=regulator,
            case=case,
            subject=Subject.EXTENSION,
            stage=Stage.PROPOSE,
            opinion="再次申请延长",
            on=dt.date(2026, 7, 1),
        )


def test_case_numbers_have_no_gaps_per_bureau_and_year(world, regulator, other_regulator):
    first = actions.register_case(actor=regulator, conduct="甲", entity=world["food"])
    second = actions.register_case(actor=regulator, conduct="乙", entity=world["tech"])
    pudong = actions.register_case(
        actor=other_regulator, conduct="丙", entity=world["pudong_seller"]
    )
    earlier = actions.register_case(
        actor=regulator, conduct="丁", entity=world["food"], found_on=dt.date(2025, 6, 1)
    )
    assert [first.source_number, second.source_number, pudong.source_number] == [
        "沪市监杨案源〔2026〕1号",
        "沪市监杨案源〔2026〕2号",
        "沪市监浦案源〔2026〕1号",
    ]
    assert earlier.source_number == "沪市监杨案源〔2025〕1号"


def test_a_person_party_keeps_only_the_hashed_id(regulator, divisions, legal):
    case = actions.register_case(
        actor=regulator,
        conduct="个人网店销售假冒商品",
        person_name="张三",
        person_id="11010519491231002X",
    )
    assert case.party_kind == "person"
    assert len(case.person_id_hash) == 64
    assert "11010519491231002X" not in (case.person_id_hash + case.person_id_masked)
    with pytest.raises(EnforcementError) as refused:
        actions.register_case(actor=regulator, conduct="无当事人")
    assert refused.value.field == "party"


def test_a_transfer_is_seen_by_the_receiver_read_by_the_sender_and_hidden_from_a_third(
    world, regulator, section_chief, other_regulator, xuhui_regulator, divisions
):
    case = actions.register_case(
        actor=regulator, conduct="浦东商家虚假宣传", entity=world["pudong_seller"], found_on=TODAY
    )
    actions.transfer_case(
        actor=section_chief,
        case=case,
        to_division=divisions["pudong"],
        reason="当事人住所地在浦东新区，依法移送",
        on=TODAY,
    )
    case.refresh_from_db()
    assert (case.division, case.transfer_pending) == (divisions["pudong"], True)
    assert list(Case.objects.visible_to(other_regulator)) == [case]
    assert list(Case.objects.visible_to(regulator)) == [case]
    assert list(Case.objects.handled_by(regulator)) == []
    assert list(Case.objects.visible_to(xuhui_regulator)) == []
    with pytest.raises(EnforcementError) as refused:
        actions.pause_case(actor=regulator, case=case, kind=PauseKind.SUSPENSION, reason="中止")
    assert refused.value.code == ErrorCode.NOT_VISIBLE
    with pytest.raises(EnforcementError) as refused:
        actions.pause_case(
            actor=other_regulator, case=case, kind=PauseKind.SUSPENSION, reason="中止审查"
        )
    assert refused.value.field == "transfer_pending"
    actions.receive_transfer(actor=other_regulator, case=case, on=TODAY)
    case.refresh_from_db()
    assert (case.transfer_pending, case.handler) == (False, other_regulator)
    transfer = case.transfers.get()
    assert (transfer.from_division, transfer.received_by) == (divisions["yangpu"], other_regulator)


def test_a_hearing_is_for_the_penalties_that_carry_the_right_and_pauses_the_clock(
    world, regulator, reviewer, section_chief
):
    on = dt.date(2026, 4, 1)
    small = actions.register_case(
        actor=regulator, conduct="网店未明码标价", entity=world["tech"], found_on=on
    )
    file_case(small, regulator, reviewer, section_chief, on)
    propose(
        small,
        regulator,
        reviewer,
        section_chief,
        on,
        outcome="penalty",
        penalty_kinds=["fine"],
        fine_amount="2000",
        penalty_article="price-law-1997:42",
    )
    with pytest.raises(EnforcementError) as refused:
        actions.record_statement(
            actor=regulator, case=small, statement="要求听证", hearing_requested=True, on=on
        )
    assert refused.value.field == "hearing_requested"
    assert "《市场监督管理行政处罚听证办法》第五条" in str(refused.value)
    big = actions.register_case(
        actor=regulator, conduct="直播间宣称“国家级”", entity=world["food"], found_on=on
    )
    file_case(big, regulator, reviewer, section_chief, on)
    propose(big, regulator, reviewer, section_chief, on, **PENALTY)
    big.refresh_from_db()
    assert big.decision_due == dt.date(2026, 6, 30)
    actions.record_statement(
        actor=regulator,
        case=big,
        statement="当事人书面要求听证",
        hearing_requested=True,
        on=dt.date(2026, 4, 3),
    )
    big.refresh_from_db()
    assert big.state == CaseState.HEARING
    actions.close_hearing(
        actor=regulator, case=big, note="听证会已举行，当事人到场陈述", on=dt.date(2026, 4, 17)
    )
    big.refresh_from_db()
    assert big.state == CaseState.NOTIFIED
    assert big.decision_due == dt.date(2026, 7, 14)  # 14 hearing days not counted
