"""Rules and contexts of 2026.12.7: new lexicons crossed with patterns, wider quantity binding."""

import pytest


def _surfaced(findings):
    return sorted({(f.rule, f.verdict) for f in findings if f.verdict != "exempt"})


@pytest.mark.parametrize(
    "text",
    [
        "最大支持 2560x1440 分辨率输出",
        "最高 720P 视频录制",
        "最多可以接入三路摄像头",
        "最多有 2xUSB 接口",
        "最大输出可以驱动 8 Ω 喇叭",
    ],
)
def test_a_superlative_bound_to_a_resolution_count_or_value_is_exempt(engine, text):
    findings = engine.scan_text(text)

    assert _surfaced(findings) == []
    assert {f.context for f in findings} == {"bound_to_quantity"}


@pytest.mark.parametrize("text", ["最好的手工皂 马赛克系列 100g", "这是最好的一台电脑"])
def test_a_superlative_with_a_weight_further_on_or_a_count_word_stays_a_violation(engine, text):
    assert ("AT-001", "violation") in _surfaced(engine.scan_text(text))


def test_a_claimed_health_function_needs_proof_outside_health_food_only(engine):
    ordinary = engine.scan_text("富硒茶，抗氧化", category="food")
    approved = engine.scan_text("有助于抗氧化。本品不能代替药物。", category="health_food")

    assert _surfaced(ordinary) == [("MC-010", "needs_substantiation")]
    assert _surfaced(approved) == []


def test_an_endorser_needs_an_endorsing_verb_nearby(engine):
    endorsed = engine.scan_text("三甲医院专家推荐的护眼灯")
    mentioned = engine.scan_text("专家讲座周六在二楼举行")

    assert ("OA-019", "needs_substantiation") in _surfaced(endorsed)
    assert _surfaced(mentioned) == []


def test_education_credentials_count_only_in_education_ads(engine):
    education = engine.scan_text("名师小班，重点中学一线教师授课", category="education")
    other = engine.scan_text("名师设计款连衣裙")

    assert ("OA-020", "needs_substantiation") in _surfaced(education)
    assert _surfaced(other) == []


def test_an_efficacy_rate_is_a_violation_in_medical_ads_but_not_an_ingredient_share(engine):
    rate = engine.scan_text("疗程结束后改善率达95%", category="medical_beauty")
    share = engine.scan_text("有效成分含量不低于95%", category="drug")

    assert ("MC-009", "violation") in _surfaced(rate)
    assert _surfaced(share) == []


def test_a_voltage_converter_is_no_blood_pressure_claim(engine):
    assert _surfaced(engine.scan_text("板载降压型 DC-DC 转换器，输出 1.8 V")) == []


def test_property_appreciation_and_guaranteed_rent_are_caught_in_new_words(engine):
    rise = engine.scan_text("地铁口公寓，价值飙升", category="real_estate")
    rent = engine.scan_text("商铺保底返租，年年收租", category="real_estate")

    assert ("OA-007", "violation") in _surfaced(rise)
    assert ("OA-006", "violation") in _surfaced(rent)


def test_a_weight_loss_testimonial_counts_in_merchant_text_not_in_a_review(engine):
    live = engine.scan_text("姐妹们，我吃了两盒瘦了9斤", source_type="live_transcript")
    review = engine.scan_text("吃了两盒瘦了9斤", source_type="review")

    assert ("FR-006", "needs_substantiation") in _surfaced(live)
    assert _surfaced(review) == []
