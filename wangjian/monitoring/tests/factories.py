"""Monitoring test data built through the registry's and monitoring's own actions (no mocks)."""

import datetime as dt

from wangjian.registry.models import OnlineShop
from wangjian.registry.tests.factories import make_entity, make_fixture_register, make_uscc

# A food shop's listing: 国家级 (AT-003), 全网最低价 (PR-002), 最好 (AT-001); 第一次 is exempt
# wording the engine drops (ordinal use, guideline Art. 5).
LISTING = "国家级品质，全网最低价，最好吃的坚果，第一次购买送小样"
REVIEW_BAIT = "买家好评返现5元，五星好评送红包"
CLEAN = "本店坚果新鲜美味，欢迎选购"


def make_monitoring_world(divisions) -> dict:
    world = make_fixture_register(divisions)
    pudong_seller = make_entity(
        make_uscc("91310115", "MA1P0099"),
        "上海浦东张江美妆有限公司",
        divisions["zhangjiang"],
        address="上海市浦东新区张江镇科苑路88号",
    )
    world["pudong_seller"] = pudong_seller
    world["yangpu_shop"] = OnlineShop.objects.create(
        platform=world["platform"],
        shop_id="S-001",
        name="甲乙食品旗舰店",
        url="https://shop.haowu.example/s/001",
        operator_kind="registered",
        entity=world["food"],
        operator_name=world["food"].name,
        declared_uscc=world["food"].uscc,
        address="上海市杨浦区五角场街道国定路400号",
        division=divisions["wujiaochang"],
        category="食品",
        first_seen_on=dt.date(2025, 1, 1),
        last_seen_on=dt.date(2026, 1, 1),
    )
    world["pudong_shop"] = OnlineShop.objects.create(
        platform=world["platform"],
        shop_id="S-002",
        name="张江美妆专营店",
        url="https://shop.haowu.example/s/002",
        operator_kind="registered",
        entity=pudong_seller,
        operator_name=pudong_seller.name,
        declared_uscc=pudong_seller.uscc,
        address="上海市浦东新区张江镇科苑路88号",
        division=divisions["zhangjiang"],
        category="美妆",
        first_seen_on=dt.date(2025, 1, 1),
        last_seen_on=dt.date(2026, 1, 1),
    )
    return world


def feed_records() -> list[dict]:
    return [
        {"id": "L-1", "text": LISTING, "shop_id": "S-001", "category": "食品"},
        {"id": "L-2", "text": CLEAN, "shop_id": "S-001"},
        {"id": "L-3", "text": REVIEW_BAIT, "shop_id": "S-002"},
        {"id": "L-4", "text": LISTING, "shop_id": "S-404"},
        {"id": "", "text": "编号为空"},
        {"id": "L-6", "text": "未知类型", "source_type": "poster"},
    ]


def feed_batch(actor, world, records=None, external_id="B-1"):
    from wangjian.monitoring.actions import receive_feed

    return receive_feed(
        actor=actor,
        platform=world["platform"],
        external_id=external_id,
        records=records if records is not None else feed_records(),
    ).batch
