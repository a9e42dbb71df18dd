"""先行登记保存, 查封/扣押 with their deadlines from data, and 移送司法机关 with its receipt."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.enforcement import actions
from wangjian.enforcement.actions.common import EnforcementError, EnforcementNotPermitted
from wangjian.enforcement.choices import CaseState
from wangjian.enforcement.tests.factories import file_case

MISSING = 999999


@pytest.fixture
def case(world, regulator):
    return actions.register_case(
        actor=regulator,
        conduct="网店销售假冒注册商标的保健食品，货值金额巨大",
        entity=world["food"],
        shop=world["yangpu_shop"],
        found_on=dt.date(2026, 11, 18),
        violated_articles=["ad-law-2021:57"],
    )


@pytest.fixture
def filed(case, regulator, reviewer, section_chief, year_2027):
    file_case(case, regulator, reviewer, section_chief, dt.date(2026, 11, 20))
    case.refresh_from_db()
    return case


def test_preservation_is_due_in_seven_working_days_and_cannot_be_extended(
    case, regulator, section_chief
):
    measure = actions.take_measure(
        actor=regulator,
        case=case,
        kind="preservation",
        items="保健食品 120 盒（批号 20261101）",
        reason="证据可能灭失，经负责人批准先行登记保存",
        on=dt.date(2026, 11, 25),
    )
    assert measure.due == dt.date(2026, 12, 4)  # 7 working days after Wed 11/25
    with pytest.raises(EnforcementError) as error:
        actions.extend_measure(actor=section_chief, measure=measure, reason="情况复杂需要延长")
    assert error.value.field == "kind"
    actions.end_measure(
        actor=regulator, measure=measure, outcome="送检，检验期间继续保存", on=dt.date(2026, 12, 1)
    )
    measure.refresh_from_db()
    assert measure.ended_on == dt.date(2026, 12, 1)
    assert AuditEvent.objects.get(event_type="enforcement.measure_ended").after["late"] is False


def test_seizure_is_thirty_days_extended_once_by_thirty_by_the_head(
    case, regulator, section_chief, year_2027
):
    measure = actions.take_measure(
        actor=regulator,
        case=case,
        kind="detention",
        items="保健食品 120 盒",
        reason="涉嫌假冒注册商标，经负责人批准扣押",
        on=dt.date(2026, 11, 25),
    )
    assert measure.due == dt.date(2026, 12, 25)
    with pytest.raises(EnforcementNotPermitted):
        actions.extend_measure(actor=regulator, measure=measure, reason="情况复杂需要延长")
    actions.extend_measure(
        actor=section_chief, measure=measure, reason="需商标权利人鉴定", on=dt.date(2026, 12, 2)
    )
    measure.refresh_from_db()
    # 60 days after 11/25 is Sunday 2027-01-24: the period ends on the next working day.
    assert measure.due == dt.date(2027, 1, 25)
    assert measure.extended_days == 30
    with pytest.raises(EnforcementError) as error:
        actions.extend_measure(actor=section_chief, measure=measure, reason="再次延长申请")
    assert error.value.code == "ENF-STATE"


def test_judicial_transfer_receipt_and_a_declined_case_comes_back(filed, regulator, section_chief):
    with pytest.raises(EnforcementNotPermitted):
        actions.transfer_to_judiciary(
            actor=regulator,
            case=filed,
            organ="上海市公安局杨浦分局",
            reason="货值金额达到刑事立案追诉标准",
            materials="涉嫌犯罪案件移送书、调查报告、涉案物品清单",
        )
    transfer = actions.transfer_to_judiciary(
        actor=section_chief,
        case=filed,
        organ="上海市公安局杨浦分局",
        reason="货值金额达到刑事立案追诉标准",
        materials="涉嫌犯罪案件移送书、调查报告、涉案物品清单",
        on=dt.date(2026, 11, 25),
    )
    filed.refresh_from_db()
    assert filed.state == CaseState.JUDICIAL
    assert transfer.pause.kind == "suspension"
    with pytest.raises(EnforcementError) as error:
        actions.record_judicial_answer(actor=regulator, case=filed, accepted=False, note="退回说明")
    assert error.value.field == "received_on"
    with pytest.raises(EnforcementError) as error:
        actions.record_judicial_receipt(
            actor=regulator,
            case=filed,
            receipt_number="杨公刑接〔2026〕88号",
            received_on=dt.date(2026, 11, 24),
        )
    assert error.value.field == "received_on"
    actions.record_judicial_receipt(
        actor=regulator,
        case=filed,
        receipt_number="杨公刑接〔2026〕88号",
        received_on=dt.date(2026, 11, 26),
    )
    actions.record_judicial_answer(
        actor=regulator,
        case=filed,
        accepted=False,
        note="未达到刑事立案标准，退回行政处理",
        on=dt.date(2026, 11, 30),
    )
    filed.refresh_from_db()
    transfer.refresh_from_db()
    assert filed.state == CaseState.INVESTIGATING
    assert transfer.answer == "declined"
    assert transfer.pause.days == 5
    # 90 days from 2026-11-20 is 2027-02-18; the 5 suspended days are added.
    assert filed.decision_due == dt.date(2027, 2, 23)


def test_measure_and_judicial_posts_are_scoped_and_shown_with_their_basis(
    filed, regulator, section_chief, other_regulator, merchant
):
    assert_scoping_matrix(
        ScopingCase(
            url=f"/enforcement/cases/{filed.pk}/measures/",
            missing_url=f"/enforcement/cases/{MISSING}/measures/",
            method="post",
            data={
                "kind": "sealing",
                "items": "仓库 A 区货架",
                "reason": "经负责人批准查封",
                "on": "2026-11-25",
            },
            api=False,
            permitted_status=302,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    assert filed.measures.get().due == dt.date(2026, 12, 25)
    client = Client()
    client.force_login(regulator)
    page = client.get(f"/enforcement/cases/{filed.pk}/").content.decode()
    assert "查封（2026-11-25 采取）" in page
    assert "《中华人民共和国行政强制法》第二十五条" in page
    assert "2026-12-25" in page

    assert_scoping_matrix(
        ScopingCase(
            url=f"/enforcement/cases/{filed.pk}/judicial/",
            missing_url=f"/enforcement/cases/{MISSING}/judicial/",
            method="post",
            data={
                "op": "transfer",
                "organ": "上海市公安局杨浦分局",
                "text": "货值金额达到刑事立案追诉标准",
                "materials": "涉嫌犯罪案件移送书、调查报告",
                "on": "2026-11-26",
            },
            api=False,
            permitted_status=302,
        ),
        permitted=section_chief,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    filed.refresh_from_db()
    assert filed.state == CaseState.JUDICIAL
    response = client.post(
        f"/enforcement/cases/{filed.pk}/judicial/",
        {"op": "receipt", "receipt_number": "杨公刑接〔2026〕89号", "on": "2026-11-27"},
    )
    assert response.status_code == 302
    page = client.get(f"/enforcement/cases/{filed.pk}/").content.decode()
    assert "移送上海市公安局杨浦分局" in page
    assert "回执编号 杨公刑接〔2026〕89号" in page
    # The organ's review is a clock with its basis: 3 days from the receipt.
    assert "公安机关审查移送案件（上海市公安局杨浦分局）" in page
    assert "《行政执法机关移送涉嫌犯罪案件的规定》第八条" in page
    assert "2026-11-30" in page
    assert "已移送司法机关" in page
