"""Monitoring test data built through the registry's and monitoring's own actions (no mocks)."""

from wangjian.registry.tests.factories import make_two_shop_register

# A food shop's listing: 国家级 (AT-003), 全网最低价 (PR-002), 最好 (AT-001); 第一次 is exempt
# wording the engine drops (ordinal use, guideline Art. 5).
LISTING = "国家级品质，全网最低价，最好吃的坚果，第一次购买送小样"
REVIEW_BAIT = "买家好评返现5元，五星好评送红包"
CLEAN = "本店坚果新鲜美味，欢迎选购"


def make_monitoring_world(divisions) -> dict:
    return make_two_shop_register(divisions)


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


def verify_and_submit(clue, handler):
    """Walk a clue through 核查 the way a handler does: assignment, one check record,
    submission to the head. Returns the submitted clue."""
    from wangjian.monitoring.actions import (
        assign_clue_handler,
        record_clue_check,
        submit_clue_for_decision,
    )

    clue = assign_clue_handler(actor=handler, clue=clue, handler=handler)
    record_clue_check(
        actor=handler,
        clue=clue,
        checked="核对商品页面与平台留存信息",
        result="confirmed",
        note="与监测记录一致",
    )
    return submit_clue_for_decision(actor=handler, clue=clue)
