import datetime as dt

import pytest

from wangjian.enforcement import actions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.actions.cases import publishable
from wangjian.enforcement.choices import CaseState, ErrorCode

ON = dt.date(2026, 11, 30)


def test_a_warning_on_the_spot_is_decided_served_and_not_published(world, regulator):
    case = actions.decide_on_the_spot(
        actor=regulator,
        conduct="自提点商品未标示价格",
        penalty_article="price-law-1997:42",
        penalty_kinds=["warning"],
        entity=world["food"],
        on=ON,
    )
    assert (case.state, case.summary_procedure, case.decided_on, case.served_on) == (
        CaseState.SERVED,
        True,
        ON,
        ON,
    )
    assert (case.decision_number, case.number, case.filed_on) == (
        "沪市监杨处〔2026〕1号",
        "",
        None,
    )
    assert publishable(case) is False
    with pytest.raises(EnforcementError) as refused:
        actions.publish_penalty(actor=regulator, case=case, on=ON)
    assert refused.value.code == ErrorCode.WRONG_STATE


def test_the_summary_procedure_limits_are_the_articles(world, regulator):
    with pytest.raises(EnforcementError) as refused:
        actions.decide_on_the_spot(
            actor=regulator,
            conduct="未明码标价",
            penalty_article="price-law-1997:42",
            penalty_kinds=["fine"],
            fine_amount="3500",
            entity=world["food"],
            on=ON,
        )
    assert refused.value.code == ErrorCode.FINE_OUT_OF_RANGE
    assert "超过 3000 元，应适用普通程序" in str(refused.value)
    assert "对法人或者其他组织处以三千元以下罚款" in str(refused.value)
    with pytest.raises(EnforcementError, match="超过 200 元"):
        actions.decide_on_the_spot(
            actor=regulator,
            conduct="个人摊位未明码标价",
            penalty_article="price-law-1997:42",
            penalty_kinds=["fine"],
            fine_amount="300",
            person_name="李四",
            on=ON,
        )
    with pytest.raises(EnforcementError) as refused:
        actions.decide_on_the_spot(
            actor=regulator,
            conduct="未明码标价",
            penalty_article="price-law-1997:42",
            penalty_kinds=["suspension"],
            entity=world["food"],
            on=ON,
        )
    assert refused.value.field == "penalty_kinds"
    fined = actions.decide_on_the_spot(
        actor=regulator,
        conduct="未明码标价",
        penalty_article="price-law-1997:42",
        penalty_kinds=["fine"],
        fine_amount="2000",
        entity=world["food"],
        on=ON,
    )
    assert str(fined.fine_amount) == "2000"
