"""Rules and contexts of 2026.12.8: what round 3's retired sealed portion taught, generalised."""

import pytest


def _surfaced(findings):
    return sorted({(f.rule, f.verdict) for f in findings if f.verdict != "exempt"})


@pytest.mark.parametrize(
    "text",
    ["国内唯一可灭3A级火灾的灭火器厂家", "行业第一款支持5G的对讲机", "全国首家达到200米防水的手表"],
)
def test_a_market_scope_before_the_term_keeps_it_a_claim_despite_a_value_after(engine, text):
    findings = engine.scan_text(text)

    assert [f.verdict for f in findings if f.family == "absolute_terms"] == ["violation"]
    assert {f.context for f in findings} == {""}


@pytest.mark.parametrize("text", ["最大支持 2560x1440 分辨率输出", "唯一需要 5V 供电的型号"])
def test_without_a_market_scope_the_value_still_binds_the_term(engine, text):
    findings = engine.scan_text(text)

    assert _surfaced(findings) == []


def test_a_medical_ad_may_name_the_disease_but_not_promise_it_gone(engine):
    promised = engine.scan_text("轻松告别结石困扰", category="medical")
    named = engine.scan_text("本院开展结石的微创治疗", category="medical")

    assert _surfaced(promised) == [("MC-015", "violation")]
    assert _surfaced(named) == []


def test_a_reading_back_to_normal_within_a_time_is_a_guarantee_in_drug_ads_only(engine):
    drug = engine.scan_text("服用3天血压降至正常", category="drug")
    label = engine.scan_text("用药3天症状仍未消除，请停药就医", category="drug")

    assert ("MC-004", "violation") in _surfaced(drug)
    assert _surfaced(label) == []


def test_the_health_food_notice_is_no_treating_claim_but_goods_claiming_one_are(engine):
    notice = engine.scan_text("本品不能代替药物的治疗作用", category="health_food")
    mattress = engine.scan_text("磁疗床垫对人体的治疗作用")

    assert [f for f in notice if f.rule == "MC-002"] == []
    assert _surfaced(mattress) == [("MC-002", "violation")]


def test_a_ministry_or_a_leaders_visit_endorses_only_with_an_endorsing_word(engine):
    endorsed = engine.scan_text("省委领导调研时品尝并赞誉")
    place = engine.scan_text("省政府门口下车步行200米")

    assert _surfaced(endorsed) == [("OA-008", "violation")]
    assert _surfaced(place) == []


def test_safe_returns_in_an_investment_ad_need_a_risk_warning(engine):
    bare = engine.scan_text("安全可靠，收益稳健", category="investment")
    warned = engine.scan_text(
        "投资有风险，本产品不保本，过往收益不代表未来表现，资金安全由银行存管",
        category="investment",
    )

    assert ("OA-037", "needs_substantiation") in _surfaced(bare)
    assert [f for f in warned if f.rule == "OA-037" and f.verdict != "exempt"] == []


def test_jade_stream_hype_goes_to_review_but_a_clearance_label_does_not(engine):
    hype = engine.scan_text("这种货谁拿谁发", source_type="live_transcript")
    clearance = engine.scan_text("清仓捡漏价，售完即止")

    assert _surfaced(hype) == [("OA-038", "needs_substantiation")]
    assert _surfaced(clearance) == []


def test_a_lone_price_called_retail_price_is_the_price_not_a_comparison(engine):
    from wangjian.monitoring.engine.records import Record

    lone = engine.scan_text("▶油豆腐零售价：14元/500克。", category="food")
    compared = engine.scan_text("零售价：6元/500克，会员价5元", category="food")
    ((_, with_field),) = engine.scan_many(
        [Record(id="r1", text="零售价：14元", comparison_price=14.0, price=9.9)]
    )

    assert [(f.verdict, f.context) for f in lone] == [("exempt", "single_price_shown")]
    assert _surfaced(compared) == [("PR-001", "needs_substantiation")]
    assert [f.context for f in with_field if f.rule == "PR-001"] == [""]


def test_goods_promising_no_needles_pills_or_surgery_make_a_treatment_claim(engine):
    goods = engine.scan_text("不痛苦、不打针、不吃药、不手术")
    notice = engine.scan_text("本品不是药品，不能代替药物治疗", category="food")

    assert _surfaced(goods) == [("MC-002", "violation")]
    assert [f for f in notice if f.rule == "MC-002"] == []


def test_a_medical_ad_may_not_promise_work_the_next_day(engine):
    findings = engine.scan_text("今天矫正，明天上班", category="medical")

    assert _surfaced(findings) == [("MC-007", "violation")]


def test_a_name_holds_no_de_so_a_rank_before_a_supermarket_stays_a_claim(engine):
    rank = engine.scan_text("天津最大的水果连锁超市")
    name = engine.scan_text("上海市第一人民医院")

    assert _surfaced(rank) == [("AT-001", "violation")]
    assert [(f.verdict, f.context) for f in name] == [("exempt", "proper_name")]


def test_a_prevention_rate_claimed_for_goods_is_a_treatment_claim(engine):
    findings = engine.scan_text("对卒中的预防率达到98.7%")

    assert ("MC-002", "violation") in _surfaced(findings)


def test_the_records_own_registered_or_shop_name_is_no_rank_claim(engine):
    from wangjian.monitoring.engine.records import Record

    text = "第一坊食品旗舰店 新品上市，品质第一"
    (_, named), (_, unnamed) = engine.scan_many(
        [
            Record(id="r1", text=text, displayed_name="第一坊食品旗舰店"),
            Record(id="r2", text=text),
        ]
    )

    assert [(f.start, f.verdict, f.context) for f in named if f.rule == "AT-002"] == [
        (0, "exempt", "record_own_name"),
        (text.rindex("第一"), "violation", ""),
    ]
    assert [f.verdict for f in unnamed if f.rule == "AT-002"] == ["violation", "violation"]


def test_a_registered_name_only_counts_where_the_text_shows_it_whole(engine):
    from wangjian.monitoring.engine.records import Record

    ((_, findings),) = engine.scan_many(
        [Record(id="r1", text="第一坊的点心，全国第一", registered_name="上海第一坊食品有限公司")]
    )

    assert [f.verdict for f in findings if f.family == "absolute_terms"] == [
        "violation",
        "violation",
    ]
