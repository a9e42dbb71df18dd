"""Test data for the complaints app: a small register (through the registry's actions; shops
as a platform's submission would leave them) and submissions through the intake action."""

import datetime as dt

from wangjian.complaints.actions import IntakeData, file_submission
from wangjian.complaints.choices import Channel, RecordKind
from wangjian.registry.models import OnlineShop
from wangjian.registry.tests.factories import make_entity, make_fixture_register, make_uscc


def make_world(divisions) -> dict:
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


FACTS = (
    "本人于2026年1月3日在好物商城甲乙食品旗舰店购买进口坚果礼盒两盒，共计298元。收到后发现外包装"
    "标注的生产日期晚于收货日期，且部分坚果已经发霉变质，联系客服要求退款，商家以已拆封为由拒绝。"
)
REQUEST = "退还货款298元并赔偿。"


def intake(**overrides) -> IntakeData:
    values = {
        "kinds": (RecordKind.COMPLAINT,),
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": "https://shop.haowu.example/s/001",
        "platform_name": "好物商城",
        "facts": FACTS,
        "request": REQUEST,
        "complainant_name": "陈晓明",
        "complainant_phone": "13812345678",
        "complainant_address": "上海市杨浦区国权路100弄5号",
        "category": "食品",
        "issue": "质量问题",
    }
    values.update(overrides)
    return IntakeData(**values)


def file(received_by, *, actor=None, on=None, channel=Channel.WEB_FORM, **overrides):
    return file_submission(
        actor=actor,
        data=intake(**overrides),
        channel=channel,
        received_by=received_by,
        received_on=on,
    )
