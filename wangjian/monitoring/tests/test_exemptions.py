"""One test per exemption category of the 2023 absolute-terms guideline (Arts. 4–7) and for the
Art. 11 escalation: the verdict, the context and the cited article."""

import pytest


def _absolute(findings):
    return [f for f in findings if f.family == "absolute_terms"]


@pytest.mark.parametrize(
    "text",
    [
        "第一次使用前请清洗",
        "最近天气转凉",
        "最后一件，拍完下架",
        "第一时间发货",
        "唯一的缺点是有点重",
    ],
)
def test_ordinal_and_temporal_words_are_not_absolute_terms(engine, text):
    assert _absolute(engine.scan_text(text)) == []


def test_usage_and_storage_tips_are_exempt_under_article_6_2(engine):
    findings = _absolute(engine.scan_text("开封后最佳食用期为3天，最好冷藏保存"))
    finding = findings[0]

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("最佳", "exempt", "usage_tip"),
        ("最好", "exempt", "usage_tip"),
    ]
    assert "第六条第二项" in finding.explanation


def test_self_comparison_is_exempt_under_article_6_1(engine):
    findings = _absolute(engine.scan_text("这是本店最畅销的一款"))

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("最畅销", "exempt", "self_comparison")
    ]


def test_goals_and_philosophy_are_exempt_under_article_5(engine):
    findings = _absolute(engine.scan_text("我们始终致力于做最好的国产护肤品"))
    service = _absolute(engine.scan_text("为您提供最好的服务"))

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("最好", "exempt", "not_about_goods")
    ]
    assert [(f.match, f.verdict, f.context) for f in service] == [
        ("最好", "exempt", "not_about_goods")
    ]


def test_standard_grade_with_basis_shown_is_exempt_and_without_needs_substantiation(engine):
    with_basis = _absolute(engine.scan_text("特级红茶，产品执行标准GB/T 13738.1"))
    without_basis = _absolute(engine.scan_text("特级红茶，口感醇厚"))

    assert [(f.verdict, f.context) for f in with_basis] == [("exempt", "standard_grade_with_basis")]
    assert [(f.verdict, f.context) for f in without_basis] == [
        ("needs_substantiation", "standard_grade_without_basis")
    ]


def test_names_and_trademarks_need_substantiation_under_article_6_4(engine):
    findings = _absolute(engine.scan_text("至尊®系列保温杯"))

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("至尊", "needs_substantiation", "name_or_trademark")
    ]


def test_official_titles_need_substantiation_under_article_6_5(engine):
    findings = _absolute(engine.scan_text("本公司荣获国家级高新技术企业称号"))

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("国家级", "needs_substantiation", "official_title")
    ]


def test_time_and_region_limited_facts_with_source_need_substantiation_under_article_6_6(engine):
    findings = _absolute(
        engine.scan_text("2024年618京东平台空气炸锅类目销量第一（数据来源：京东平台）")
    )

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("销量第一", "needs_substantiation", "limited_fact")
    ]
    assert findings[0].explanation.startswith("【需举证】")


def test_unlimited_sales_claim_is_a_violation(engine):
    findings = _absolute(engine.scan_text("销量第一的空气炸锅"))

    assert [(f.match, f.verdict) for f in findings] == [("销量第一", "violation")]


def test_shop_self_description_is_outside_the_advertising_law_under_article_4(engine):
    findings = _absolute(
        engine.scan_text("公司简介：成立于1998年，上海首家门店", source_type="shop_page")
    )
    same_text_in_ad = _absolute(engine.scan_text("上海首家门店", source_type="ad"))

    assert [(f.match, f.verdict, f.context) for f in findings] == [
        ("首家", "needs_substantiation", "shop_self_description")
    ]
    assert findings[0].legal_basis == (
        "ad-law-2021:9.3",
        "ad-law-2021:57",
        "absolute-terms-enforcement-guide-2023:4",
        "anti-unfair-competition-law-2025:9",
    )
    assert [(f.match, f.verdict) for f in same_text_in_ad] == [("首家", "violation")]


@pytest.mark.parametrize(
    ("category", "context"),
    [
        ("health_food", "art11_medical_health"),
        ("保健食品", "art11_medical_health"),
        ("medical_beauty", "art11_medical_health"),
        ("investment", "art11_investment"),
        ("education", "art11_education"),
    ],
)
def test_article_11_escalates_medical_health_investment_and_education_ads(
    engine, category, context
):
    from wangjian.monitoring.engine.records import parse_record

    record = parse_record(
        {"id": "1", "text": "最好的选择", "category": category}, 1, engine.pack.category_aliases
    )
    (finding,) = _absolute(engine.scan(record))

    assert (finding.verdict, finding.severity, finding.context) == (
        "violation",
        "critical",
        context,
    )
    assert "第十一条" in finding.explanation


def test_general_goods_are_not_escalated(engine):
    (finding,) = _absolute(engine.scan_text("最好的选择", category="general"))

    assert (finding.verdict, finding.severity, finding.context) == ("violation", "high", "")


def test_exemption_does_not_reach_across_a_sentence_end(engine):
    findings = _absolute(engine.scan_text("本店包邮。最好的面膜"))

    assert [(f.match, f.verdict) for f in findings] == [("最好", "violation")]


def test_reviews_are_consumer_speech_and_absolute_terms_do_not_apply(engine):
    findings = engine.scan_text("这是我用过最好的手机，性价比第一", source_type="review")

    assert _absolute(findings) == []
