"""Input records are checked field by field; record-level checks explain their numbers."""

import pytest

from wangjian.monitoring.engine.records import RecordError, parse_record


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"text": "x"},
            "第 7 行，字段 id：缺少必填字段 / line 7, field id: required field missing",
        ),
        (
            {"id": "a", "text": ["x"]},
            "第 7 行，字段 text：应为文本 / line 7, field text: must be text",
        ),
        (
            {"id": "a", "text": "x", "price": "九十九"},
            "第 7 行，字段 price：价格 '九十九' 不是数字",
        ),
        ({"id": "a", "text": "x", "date": "2025/13/01"}, "第 7 行，字段 date：日期 '2025/13/01'"),
        (
            {"id": "a", "text": "x", "price_history": [{"date": "2025-11-01"}]},
            "第 7 行，字段 price_history：每项应含 date 和 price",
        ),
        ("not an object", "第 7 行，字段 (record)：记录应为对象"),
    ],
)
def test_malformed_records_name_the_line_and_field(raw, message):
    with pytest.raises(RecordError) as error:
        parse_record(raw, 7)

    assert str(error.value).startswith(message)
    assert error.value.line == 7


def test_category_aliases_and_defaults():
    record = parse_record(
        {"id": 5, "text": "x", "category": "保健食品"}, 1, {"保健食品": "health_food"}
    )

    assert (record.id, record.source_type, record.category) == ("5", "listing", "health_food")


def test_comparison_price_above_the_seven_day_low_explains_the_numbers(engine):
    record = parse_record(
        {
            "id": "p",
            "text": "双11特惠",
            "price": 89,
            "comparison_price": 199,
            "date": "2025-11-11",
            "price_history": [
                {"date": "2025-11-03", "price": 99},  # outside the 7 days before
                {"date": "2025-11-04", "price": 149},
                {"date": "2025-11-09", "price": 129},
            ],
        },
        1,
    )

    (finding,) = [f for f in engine.scan(record) if f.rule == "PR-003"]

    assert finding.explanation == (
        "【违法】标示的被比较价格 199 元高于比较前7日内（2025-11-04 至 2025-11-10）"
        "最低成交价 129 元，"
        "未标明详细信息的被比较价格不得高于该价格（明码标价和禁止价格欺诈规定第十六条第二款），"
        "涉嫌虚假价格比较（第十九条第三项）。"
    )
    assert (finding.field, finding.match, finding.verdict) == (
        "comparison_price",
        "199",
        "violation",
    )


def test_health_food_category_is_inferred_from_the_registration_number(engine):
    findings = engine.scan_text("国食健注G20190001，增强免疫力")

    assert [f.rule for f in findings] == ["HF-001"]


def test_licence_name_mismatch_uses_the_registered_name(engine):
    findings = engine.scan_text(
        "营业执照信息：企业名称：上海某某贸易有限公司",
        source_type="shop_page",
        registered_name="上海某某商贸有限公司",
    )

    assert [(f.rule, f.match, f.start, f.end) for f in findings] == [
        ("LD-003", "上海某某贸易有限公司", 12, 22)
    ]
