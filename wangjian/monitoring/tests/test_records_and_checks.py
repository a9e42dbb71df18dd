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

    # 增强免疫力 is read whole, as the approved function wording (MC-014's term, which does not
    # apply to a health food); the record-level HF-001 shows the category was inferred.
    assert [(f.rule, f.verdict) for f in findings] == [("HF-001", "violation")]
    assert engine.scan_text("增强免疫力") != findings


def test_licence_name_mismatch_uses_the_registered_name(engine):
    findings = engine.scan_text(
        "营业执照信息：企业名称：上海某某贸易有限公司",
        source_type="shop_page",
        registered_name="上海某某商贸有限公司",
    )

    assert [(f.rule, f.match, f.start, f.end) for f in findings] == [
        ("LD-003", "上海某某贸易有限公司", 12, 22)
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "九十九",
            "第 7 行，字段 display_price：价格 '九十九' 不是数字 / "
            "line 7, field display_price: price '九十九' is not a number",
        ),
        (
            -1,
            "第 7 行，字段 display_price：价格 -1 无效 / line 7, field display_price: price -1 is "
            "invalid",
        ),
        (
            "inf",
            "第 7 行，字段 display_price：价格 'inf' 无效 / line 7, field display_price: price "
            "'inf' is invalid",
        ),
    ],
)
def test_a_bad_display_price_names_the_line_and_the_field(value, message):
    with pytest.raises(RecordError) as error:
        parse_record({"id": "a", "text": "x", "price": 129, "display_price": value}, 7)

    assert str(error.value) == message
    assert (error.value.line, error.value.field_name) == (7, "display_price")


def test_display_price_is_read_like_price():
    record = parse_record({"id": "a", "text": "x", "price": "129", "display_price": "99.5"}, 1)
    blank = parse_record({"id": "b", "text": "x", "display_price": ""}, 2)

    assert (record.price, record.display_price) == (129.0, 99.5)
    assert blank.display_price is None


def test_display_price_below_the_detail_price_explains_both_amounts(engine):
    record = parse_record(
        {"id": "d", "text": "纯棉四件套", "shop_id": "S1", "display_price": 99.5, "price": 129},
        3,
    )

    (finding,) = engine.scan(record)

    assert (finding.rule, finding.field, finding.match, finding.start, finding.end) == (
        "PR-005",
        "display_price",
        "99.5",
        0,
        0,
    )
    assert (finding.verdict, finding.severity, finding.legal_basis) == (
        "violation",
        "high",
        ("price-marking-rules-2022:20.1",),
    )
    assert finding.explanation == (
        "【违法】首页或其他显著位置标示的价格 99.5 元低于详情页面标示的价格 129 元；"
        "网络交易经营者不得在首页或者其他显著位置标示低于详情页面的商品或者服务价格"
        "（明码标价和禁止价格欺诈规定第二十条第一项）。"
    )
    assert (finding.shop_id, finding.line) == ("S1", 3)


@pytest.mark.parametrize(
    ("display_price", "price"),
    [
        (0.3, 0.1 + 0.2),  # 0.3 and 0.30000000000000004: the same price on a page
        (128.999999, 129),
        (129, 129),
        (139, 129),
    ],
)
def test_display_price_not_below_the_detail_price_to_the_cent_gives_no_finding(
    engine, display_price, price
):
    assert engine.scan_text("纯棉四件套", display_price=display_price, price=price) == []


def test_display_price_is_checked_in_batches_without_other_price_fields(engine):
    # The only record a record-level check can reach is the middle one, by its display price.
    records = [
        parse_record({"id": "1", "text": "纯棉四件套", "price": 129}, 1),
        parse_record({"id": "2", "text": "纯棉四件套", "display_price": 99, "price": 129}, 2),
        parse_record({"id": "3", "text": "纯棉四件套", "display_price": 99}, 3),
    ]

    found = [
        (record.id, [(f.rule, f.field, f.match) for f in findings])
        for record, findings in engine.scan_many(records)
    ]

    assert found == [("1", []), ("2", [("PR-005", "display_price", "99")]), ("3", [])]


def test_display_price_applies_to_ads_and_shop_pages_not_to_live_streams_or_reviews(engine):
    def rules(source_type):
        findings = engine.scan_text(
            "纯棉四件套", source_type=source_type, display_price=99, price=129
        )
        return [f.rule for f in findings if f.family == "price"]

    assert [rules(kind) for kind in ("ad", "shop_page", "live_transcript", "review")] == [
        ["PR-005"],
        ["PR-005"],
        [],
        [],
    ]
