"""平台分级 at the boundary of every criterion (all criteria of a tier are conjunctive)."""

import pytest

from wangjian.core.models import AuditEvent
from wangjian.platforms.actions import record_year_inputs
from wangjian.platforms.classification import classify, current_rules
from wangjian.platforms.error_codes import PlatformNotPermitted, PlatformRefused
from wangjian.platforms.models import PlatformClassification

SUPER = {
    "annual_active_users": 500_000_000,
    "business_lines": [
        {
            "name": "综合电商",
            "category": "online_sales",
            "subtype": "comprehensive_goods",
            "is_main": True,
            "is_core": True,
        },
        {
            "name": "本地生活",
            "category": "life_services",
            "subtype": "delivery",
            "is_main": False,
            "is_core": True,
        },
    ],
    "market_value_100m": "10000",
    "restriction_ability": "super_strong",
}
LARGE = {
    "annual_active_users": 50_000_000,
    "business_lines": [
        {
            "name": "外卖",
            "category": "life_services",
            "subtype": "delivery",
            "is_main": True,
            "is_core": True,
        },
    ],
    "market_value_100m": "1000",
    "restriction_ability": "strong",
}


def tier_of(inputs) -> str:
    return classify(current_rules(), inputs).tier


def test_the_rules_are_labelled_as_the_2021_draft():
    rules = current_rules()
    assert rules.is_draft
    assert rules.published_on == "2021-10-29"
    assert rules.label == "《互联网平台分类分级指南（征求意见稿）》（征求意见稿）2021-10-29"
    assert [c[1] for c in rules.category_choices()] == [
        "网络销售类",
        "生活服务类",
        "社交娱乐类",
        "信息资讯类",
        "金融服务类",
        "计算应用类",
    ]


def test_exactly_at_every_super_threshold_is_super():
    result = classify(current_rules(), SUPER)
    assert (result.tier, result.category, result.subtype) == (
        "super",
        "online_sales",
        "comprehensive_goods",
    )
    assert (
        result.reasons[0]["text"]
        == "平台类别按主营业务「综合电商」确定为网络销售类 · 综合商品交易类"
    )
    assert result.reasons[1]["text"] == "超级平台：各项条件均满足"


@pytest.mark.parametrize(
    ("change", "failed_text"),
    [
        ({"annual_active_users": 499_999_999}, "年活跃用户（499,999,999，要求 ≥ 500,000,000）"),
        ({"market_value_100m": "9999.99"}, "上年底市值（估值，亿元）（9,999.99，要求 ≥ 10,000）"),
        (
            {"restriction_ability": "strong"},
            "限制商户接触消费者的能力（较强的限制能力，要求 超强的限制能力及以上）",
        ),
        (
            {"business_lines": SUPER["business_lines"][:1]},
            "核心业务涉及的平台类别（1（网络销售类），要求 ≥ 2）",
        ),
    ],
)
def test_one_super_criterion_short_gives_large_and_names_it(change, failed_text):
    result = classify(current_rules(), SUPER | change)
    assert result.tier == "large"
    assert result.reasons[1]["text"] == f"不属于超级平台：未满足 {failed_text}"
    assert result.reasons[2]["text"] == "大型平台：各项条件均满足"


def test_two_core_lines_in_one_category_count_once():
    lines = [
        {"name": "A", "category": "online_sales", "subtype": "", "is_main": True, "is_core": True},
        {"name": "B", "category": "online_sales", "subtype": "", "is_main": False, "is_core": True},
    ]
    assert tier_of(SUPER | {"business_lines": lines}) == "large"


def test_exactly_at_every_large_threshold_is_large():
    assert tier_of(LARGE) == "large"


@pytest.mark.parametrize(
    "change",
    [
        {"annual_active_users": 49_999_999},
        {"market_value_100m": "999.99"},
        {"restriction_ability": "some"},
        {"business_lines": [dict(LARGE["business_lines"][0], is_main=False)]},
    ],
)
def test_one_large_criterion_short_gives_small_medium(change):
    result = classify(current_rules(), LARGE | change)
    assert result.tier == "small_medium"
    assert [reason.get("met") for reason in result.reasons[1:]] == [False, False]


def test_recording_inputs_classifies_and_keeps_history_by_year(platform, regulator):
    first = record_year_inputs(
        actor=regulator, platform=platform, year=2025, source="平台年报", **LARGE
    )
    again = record_year_inputs(
        actor=regulator, platform=platform, year=2025, source="审计报告", **SUPER
    )
    other_year = record_year_inputs(
        actor=regulator, platform=platform, year=2024, source="平台年报", **LARGE
    )
    current = PlatformClassification.objects.filter(platform=platform, is_current=True)
    assert sorted(current.values_list("year", "tier")) == [(2024, "large"), (2025, "super")]
    first.refresh_from_db()
    assert (first.is_current, again.is_current, other_year.is_current) == (False, True, True)
    assert again.inputs["source"] == "审计报告"
    assert again.rule_version == "2021-10-29-draft"
    events = AuditEvent.objects.filter(event_type="platforms.inputs_recorded").order_by("id")
    assert events[1].before["source"] == "平台年报"
    assert events[1].after["source"] == "审计报告"


def test_an_unknown_category_is_refused_naming_the_line(platform, regulator):
    lines = [{"name": "云", "category": "cloud", "is_main": True}]
    with pytest.raises(PlatformRefused) as error:
        record_year_inputs(
            actor=regulator,
            platform=platform,
            year=2025,
            source="年报",
            **(LARGE | {"business_lines": lines}),
        )
    assert "业务线第1条" in str(error.value)
    assert "平台类别 'cloud' 不在" in str(error.value)
    assert not PlatformClassification.objects.exists()


def test_a_platform_account_may_not_record_inputs(platform, platform_user):

    with pytest.raises(PlatformNotPermitted):
        record_year_inputs(
            actor=platform_user, platform=platform, year=2025, source="年报", **LARGE
        )
