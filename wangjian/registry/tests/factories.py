"""Plain functions building registry test data through the actions (no mocks)."""

import datetime as dt
from pathlib import Path

from wangjian.core.identifiers import organisation_code_check_character, uscc_check_character
from wangjian.registry.actions import (
    add_licence,
    link_platform_account,
    register_entity,
    register_platform,
)
from wangjian.registry.choices import EntityType
from wangjian.registry.models import OnlineShop

FIXTURES = Path(__file__).parent / "fixtures"


def make_uscc(prefix: str, body: str) -> str:
    """A valid USCC from 8 leading characters and an 8-character organisation-code body."""
    code = prefix + body + organisation_code_check_character(body)
    return code + uscc_check_character(code)


def make_entity(uscc, name, division, *, address="", entity_type=EntityType.ENTERPRISE, **extra):
    return register_entity(
        actor=None,
        uscc=uscc,
        name=name,
        entity_type=entity_type,
        registered_address=address,
        division=division,
        **extra,
    )


def make_fixture_register(divisions) -> dict:
    """The register the fixture submissions are checked against, and the submitting platform."""
    food = make_entity(
        "91310110MA1G000117",
        "上海杨浦甲乙食品有限公司",
        divisions["wujiaochang"],
        address="上海市杨浦区五角场街道国定路400号",
        former_names=["上海甲乙食品店"],
    )
    add_licence(
        actor=None,
        holder=food,
        kind="食品经营许可证",
        number="JY13101100000001",
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 12, 31),
    )
    tech = make_entity(
        "91310110MA1G0002XY",
        "上海某某科技有限公司",
        divisions["wujiaochang"],
        address="上海市杨浦区五角场街道淞沪路7号",
    )
    shop_owner = make_entity(
        "92310110MA1G00038U",
        "杨浦区小王服装店",
        divisions["dinghai"],
        address="上海市杨浦区定海路街道隆昌路1号",
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
    )
    operator = make_entity(
        make_uscc("91310110", "MA1P0001"),
        "上海杨浦好物网络科技有限公司",
        divisions["yangpu"],
        address="上海市杨浦区五角场街道国定路1号",
    )
    platform = register_platform(
        actor=None, entity=operator, name="好物商城", division=divisions["yangpu"]
    )
    return {"food": food, "tech": tech, "shop_owner": shop_owner, "platform": platform}


def make_two_shop_register(divisions) -> dict:
    """The fixture register plus a Pudong seller and one shop of 好物商城 in each district
    (S-001 甲乙食品旗舰店 in 五角场, Yangpu; S-002 张江美妆专营店 in 张江, Pudong): the world that
    apps above the registry test jurisdiction routing with."""
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


def make_platform_user(platform, username="platform1"):
    from wangjian.core.choices import Role
    from wangjian.core.tests.factories import make_user

    user = make_user(username, Role.PLATFORM_OPERATOR)
    link_platform_account(actor=None, user=user, platform=platform)
    return user
