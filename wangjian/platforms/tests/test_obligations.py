"""主体责任: computed statuses (报送, rule changes); declarations count only once reviewed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from wangjian.platforms.actions import declare_obligation, record_rule_change, review_declaration
from wangjian.platforms.error_codes import PlatformRefused
from wangjian.platforms.obligations import due_on, evaluate, obligation
from wangjian.registry.actions import import_submission

GOOD_ROW = (
    "店铺编号,店铺名称,店铺网址,经营者名称,统一社会信用代码,身份证号码,免于登记声明,实际经营地址,"
    "联系方式,年交易额,主营类目,开店日期\n"
    "S001,甲乙食品旗舰店,https://shop.example.com/s001,上海杨浦甲乙食品有限公司,91310110MA1G000117,"
    ",,上海市杨浦区五角场街道国定路400号,021-65000001,,食品,2024-03-01\n"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def submit_on(platform, day: dt.date, content: bytes, period="2026H1"):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)):
        return import_submission(
            actor=None,
            platform=platform,
            file_name="s.csv",
            content=content,
            period=period,
            channel="upload",
            today=day,
        ).submission


def status_of(platform, key, period="2026H1", tier=None, today=dt.date(2026, 12, 2)):
    results = {r.item["key"]: r for r in evaluate(platform, period, tier=tier, today=today)}
    return results[key]


def test_the_submission_for_the_first_half_is_due_at_the_end_of_july():
    assert due_on(obligation("half_yearly_submission"), "2026H1") == dt.date(2026, 7, 31)
    assert due_on(obligation("half_yearly_submission"), "2026H2") == dt.date(2027, 1, 31)


def test_a_late_submission_is_not_met_computed(platform):
    submit_on(platform, dt.date(2026, 8, 3), GOOD_ROW.encode())
    result = status_of(platform, "half_yearly_submission")
    assert (result.status, result.computed) == ("not_met", True)
    assert result.explanation == "2026H1 报送迟于期限 2026-07-31（2026-08-03 收到）"


def test_an_on_time_complete_submission_is_met(platform):
    submit_on(platform, dt.date(2026, 7, 31), GOOD_ROW.encode())
    result = status_of(platform, "half_yearly_submission")
    assert result.status == "met"
    assert result.explanation == "2026H1 报送已于 2026-07-31 完整报送（期限 2026-07-31）"


def test_an_on_time_submission_with_rejected_rows_is_not_met(platform):
    bad = GOOD_ROW + "S002,坏行,https://x.example/2,某公司,123,,,,,,,\n"
    submission = submit_on(platform, dt.date(2026, 7, 10), bad.encode())
    assert submission.rows_rejected == 1
    result = status_of(platform, "half_yearly_submission")
    assert result.status == "not_met"
    assert "有被驳回的行" in result.explanation


def test_no_submission_before_the_due_date_is_not_yet_due(platform):
    result = status_of(platform, "half_yearly_submission", today=dt.date(2026, 7, 20))
    assert result.status == "not_yet_due"
    result = status_of(platform, "half_yearly_submission", today=dt.date(2026, 8, 1))
    assert result.status == "not_met"


def test_a_rule_change_announced_six_days_ahead_is_not_met(platform, platform_user):
    record_rule_change(
        actor=platform_user,
        platform=platform,
        title="修改退货规则",
        published_on=dt.date(2026, 3, 1),
        effective_on=dt.date(2026, 3, 8),
    )
    assert status_of(platform, "rule_change_notice").status == "met"
    record_rule_change(
        actor=platform_user,
        platform=platform,
        title="修改保证金规则",
        published_on=dt.date(2026, 4, 1),
        effective_on=dt.date(2026, 4, 7),
    )
    result = status_of(platform, "rule_change_notice")
    assert (result.status, result.explanation) == ("not_met", "1 项规则变更公示不足 7 日")


def test_a_declaration_counts_only_after_a_regulator_accepts_it(platform, platform_user, regulator):
    declaration = declare_obligation(
        actor=platform_user,
        platform=platform,
        obligation_key="display_rules",
        period="2026H1",
        statement="首页底部持续公示",
        evidence="https://haowu.example/rules",
    )
    result = status_of(platform, "display_rules")
    assert (result.status, result.computed) == ("declared", False)
    review_declaration(actor=regulator, declaration=declaration, accept=True)
    assert status_of(platform, "display_rules").status == "met"


def test_a_rejected_declaration_is_not_met_and_needs_a_comment(platform, platform_user, regulator):
    declaration = declare_obligation(
        actor=platform_user,
        platform=platform,
        obligation_key="display_rules",
        period="2026H1",
        statement="已公示",
        evidence="截图",
    )
    with pytest.raises(PlatformRefused):
        review_declaration(actor=regulator, declaration=declaration, accept=False)
    review_declaration(
        actor=regulator, declaration=declaration, accept=False, comment="截图看不到首页"
    )
    result = status_of(platform, "display_rules")
    assert (result.status, result.explanation) == ("not_met", "声明未通过审核：截图看不到首页")


def test_a_computed_obligation_cannot_be_declared(platform, platform_user):
    with pytest.raises(PlatformRefused) as error:
        declare_obligation(
            actor=platform_user,
            platform=platform,
            obligation_key="half_yearly_submission",
            period="2026H1",
            statement="已报送",
            evidence="回执",
        )
    assert "由系统依据记录计算" in str(error.value)


def test_the_annual_risk_assessment_applies_to_super_platforms_only(platform):
    keys = {r.item["key"] for r in evaluate(platform, "2026H1", tier="large")}
    assert "annual_risk_assessment" not in keys
    result = status_of(platform, "annual_risk_assessment", tier="super")
    assert (result.period, result.due_on) == ("2026", dt.date(2026, 12, 31))
