"""Demo data for the registry: a realistic 杨浦区 online market (``wangjian demo load``).

Deterministic (a fixed random seed), so two loads build the same district, and idempotent: a
second load finds the platforms and submissions in place and adds nothing. Every USCC and ID
number is generated with valid check characters by ``wangjian.core.identifiers``; names and
addresses are invented.
"""

import csv
import datetime as dt
import io
import random

from wangjian.core.demo import DemoContext, demo_step
from wangjian.core.identifiers import (
    USCC_CHARSET,
    organisation_code_check_character,
    resident_id_check_character,
    uscc_check_character,
)

SEED = 310110
ENTITY_COUNT = 3000
# ``load_demo(size="small")``: the same district with a fifth of the register and of each
# platform's 报送, for tests that walk every page.
SMALL_SHARE = 5
TRADE_NAMES = [
    "星辰",
    "云帆",
    "江湾",
    "复兴",
    "新禾",
    "嘉木",
    "远航",
    "百川",
    "知行",
    "同济",
    "蓝海",
    "晨光",
    "锦程",
    "恒信",
    "安澜",
    "明德",
    "悦达",
    "永和",
    "和润",
    "瑞丰",
    "东方",
    "博雅",
    "启明",
    "汇通",
    "鼎盛",
    "君安",
    "华彩",
    "青禾",
    "长风",
    "思源",
    "源丰",
    "九洲",
    "福泰",
    "天成",
    "万象",
    "聚贤",
    "盛世",
    "凯旋",
    "融创",
    "乐活",
    "优品",
    "鲜果",
    "匠心",
    "织梦",
    "海棠",
    "玉兰",
    "银杏",
    "梧桐",
    "书香",
    "茶语",
]
INDUSTRIES = (
    ("食品", "食品"),
    ("餐饮管理", "食品"),
    ("生鲜", "食品"),
    ("服饰", "服装"),
    ("数码科技", "数码"),
    ("网络科技", "数码"),
    ("文化传播", "出版物"),
    ("家居用品", "家居"),
    ("医疗器械", "医疗器械"),
    ("美妆", "美妆"),
    ("母婴用品", "母婴"),
    ("体育用品", "运动"),
)
ROADS = [
    "国定路",
    "政通路",
    "淞沪路",
    "黄兴路",
    "控江路",
    "长阳路",
    "平凉路",
    "江浦路",
    "四平路",
    "殷行路",
    "长海路",
    "国权路",
    "邯郸路",
    "大连路",
    "军工路",
    "周家嘴路",
    "翔殷路",
    "民京路",
    "嫩江路",
    "靖宇东路",
    "市光路",
    "延吉中路",
    "隆昌路",
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
GIVEN = [
    *"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧",
    *("建国", "志强", "晓燕", "海燕", "俊杰", "雪梅", "文博", "子涵", "欣怡", "浩然", "思远"),
    *("佳琪", "振华", "玉兰", "建平", "丽娟", "国庆", "春生", "桂英", "德明", "晨曦", "一鸣"),
]
# Entities whose 法定代表人 is the same person as another's (same ID number, so the related-person
# credit indicator has true hits): the first SHARED_PEOPLE entities share theirs with the
# entities half the register further on. Names alone repeat often and link nobody.
SHARED_PEOPLE = 20
PLATFORMS = (
    ("杨浦优选商城", "MA1Y0001", ["商品零售", "直播营销"], ["食品", "服装", "数码", "美妆"]),
    ("五角场生活服务平台", "MA1Y0002", ["本地生活服务", "外卖"], ["食品", "家居"]),
    ("江湾直播电商平台", "MA1Y0003", ["直播营销"], ["服装", "美妆", "母婴"]),
)


def demo_uscc(prefix: str, body: str) -> str:
    code = prefix + body + organisation_code_check_character(body)
    return code + uscc_check_character(code)


def _body(number: int) -> str:
    # Base-31 over the USCC charset keeps every body character valid in both standards.
    chars = []
    for _ in range(5):
        number, digit = divmod(number, 31)
        chars.append(USCC_CHARSET[digit])
    return "MA1" + "".join(reversed(chars))


def demo_resident_id(rng: random.Random) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    digits = f"310110{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return digits + resident_id_check_character(digits)


def _address(rng: random.Random, street: str) -> str:
    return f"上海市杨浦区{street}{rng.choice(ROADS)}{rng.randrange(1, 1500)}号"


def demo_people(count: int) -> list[tuple[str, str]]:
    """Invented legal representatives: (name, 居民身份证号码 with a valid check character), from
    their own random stream so the register's other draws stay as they were."""
    people_rng = random.Random(SEED + 1)
    return [
        (people_rng.choice(SURNAMES) + people_rng.choice(GIVEN), demo_resident_id(people_rng))
        for _ in range(count)
    ]


def build_register(
    rng: random.Random, streets: list, count: int = ENTITY_COUNT
) -> tuple[list[dict], dict]:
    from wangjian.registry.personal import hash_resident_id

    entities, former = [], {}
    people = demo_people(count)
    offset = count // 2
    for number in range(count):
        shared = offset <= number < offset + SHARED_PEOPLE
        person_name, person_id = people[number - offset if shared else number]
        street = streets[number % len(streets)]
        trade = rng.choice(TRADE_NAMES) + rng.choice(TRADE_NAMES)
        industry, category = rng.choice(INDUSTRIES)
        kind = rng.random()
        if kind < 0.7:
            prefix, entity_type = "91310110", "enterprise"
            name = f"上海{trade}{industry}有限公司"
        elif kind < 0.95:
            prefix, entity_type = "92310110", "individual_business"
            name = f"杨浦区{trade}{industry}店"
        else:
            prefix, entity_type = "93310110", "farmer_cooperative"
            name = f"上海{trade}农产品专业合作社"
        uscc = demo_uscc(prefix, _body(number + 1000))
        entities.append(
            {
                "uscc": uscc,
                "name": f"{name[:-4]}{number}{name[-4:]}" if number % 7 == 0 else name,
                "entity_type": entity_type,
                "legal_representative": person_name,
                "legal_representative_id_hash": hash_resident_id(person_id),
                "registered_address": _address(rng, street.name),
                "division_id": street.pk,
                "registration_authority": "上海市杨浦区市场监督管理局",
                "established_on": dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7000)),
                "status": rng.choices(
                    ["active", "deregistered", "revoked", "moved_out"], [92, 4, 2, 2]
                )[0],
                "business_scope": f"{category}销售；网络技术服务",
                "registered_capital": rng.choice([10, 50, 100, 200, 500, 1000]),
            }
        )
        if number % 25 == 0:
            former[uscc] = [f"上海{rng.choice(TRADE_NAMES)}{industry}有限公司"]
    return entities, former


HEADER = [
    "店铺编号",
    "店铺名称",
    "店铺网址",
    "经营者名称",
    "统一社会信用代码",
    "身份证号码",
    "免于登记声明",
    "实际经营地址",
    "联系方式",
    "年交易额",
    "主营类目",
    "开店日期",
]
LICENCES = {
    "食品": ("食品经营许可证", "JY1310110{:07d}"),
    "医疗器械": ("医疗器械经营许可证", "沪杨食药监械经营许{:08d}号"),
    "出版物": ("出版物经营许可证", "新出发沪批字第Y{:05d}号"),
}
GROUNDS = ["自产农副产品", "家庭手工业产品", "便民劳务", "零星小额交易"]


def build_submission_rows(rng, entities, streets, platform_index: int, size: int) -> list[list]:
    rows = []
    domain = f"shop{platform_index + 1}.example.cn"
    for number in range(size):
        shop_id = f"P{platform_index + 1}-{number:05d}"
        if number % 10 == 9:
            person = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            street = rng.choice(streets)
            rows.append(
                [
                    shop_id,
                    f"{person}的小店",
                    f"https://{domain}/{shop_id}",
                    person,
                    "",
                    demo_resident_id(rng),
                    rng.choice(GROUNDS),
                    _address(rng, street.name),
                    f"139{rng.randrange(10**8):08d}",
                    rng.choice([8000, 30000, 60000, 95000, 180000]),
                    rng.choice(["农产品", "手工艺品", "家政服务"]),
                    "",
                ]
            )
            continue
        entity = entities[(number * 7 + platform_index) % len(entities)]
        category = entity["business_scope"].split("销售")[0]
        rows.append(
            [
                shop_id,
                f"{entity['name'].removeprefix('上海').removesuffix('有限公司')}旗舰店",
                f"https://{domain}/{shop_id}",
                entity["name"],
                entity["uscc"],
                "",
                "",
                entity["registered_address"],
                f"021-{rng.randrange(10**8):08d}",
                "",
                category,
                (dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))).isoformat(),
            ]
        )
    # Known problems, so the error report and flags have something to show.
    rows[3][4] = rows[3][4][:16] + ("3" if rows[3][4][16] != "3" else "4") + rows[3][4][17]
    rows[5][1] = ""
    rows[8][2] = "www.example.cn/no-scheme"
    rows[19][6] = ""
    rows[29][7] = "上海市浦东新区张江镇科苑路88号"
    rows[38][3] = rows[38][3][:-4] + "网络" + rows[38][3][-4:]
    # A pilot-era style code (only the mod-31 character wrong) and a code missing from the
    # register: both are kept, flagged, and resolved by name and address.
    pilot = rows[27][4]
    rows[27][4] = pilot[:17] + USCC_CHARSET[(USCC_CHARSET.index(pilot[17]) + 1) % 31]
    rows[33][4] = demo_uscc("91310110", _body(900000 + platform_index))
    rows[33][3] = rows[33][3].replace("上海", "上海（杨浦）", 1)
    rows[49][11] = "2026-02-30"
    return rows


def second_half(rng, rows: list[list], platform_index: int) -> list[list]:
    """The July submission: some shops exit, some change, some open."""
    kept = [row[:] for index, row in enumerate(rows) if index % 23 != 11]
    for index, row in enumerate(kept):
        if index % 17 == 4:
            row[8] = f"021-{rng.randrange(10**8):08d}"
        if index % 41 == 7:
            row[1] = row[1] + "（新）"
    domain = f"shop{platform_index + 1}.example.cn"
    for number in range(60):
        template = kept[(number * 13) % len(kept)][:]
        template[0] = f"P{platform_index + 1}-N{number:04d}"
        template[2] = f"https://{domain}/{template[0]}"
        kept.append(template)
    return kept


def as_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@demo_step(30)
def load_registry(context: DemoContext) -> None:
    from wangjian.core.models import Division, User
    from wangjian.registry import actions
    from wangjian.registry.models import (
        LiveHost,
        LiveRoom,
        MarketEntity,
        OnlineShop,
        Platform,
        SelfRunSite,
        Submission,
    )

    rng = random.Random(SEED)
    yangpu = Division.objects.by_code("310110")
    streets = list(yangpu.children.order_by("code"))
    share = SMALL_SHARE if context.size == "small" else 1
    entities, former = build_register(rng, streets, ENTITY_COUNT // share)
    created = actions.load_register(actor=None, entities=entities, former_names=former)
    context.log(f"  市场主体 / market entities: {created} created")

    platforms = []
    for name, body, services, categories in PLATFORMS:
        uscc = demo_uscc("91310110", body)
        platform = Platform.objects.filter(name=name).first()
        if platform is None:
            operator = MarketEntity.objects.filter(uscc=uscc).first() or actions.register_entity(
                actor=None,
                uscc=uscc,
                name=f"上海{name.removesuffix('平台').removesuffix('商城')}网络科技有限公司",
                entity_type="enterprise",
                registered_address=f"上海市杨浦区五角场街道淞沪路{len(platforms) + 1}00号",
                division=streets[9],
                established_on=dt.date(2016, 5, 1),
            )
            platform = actions.register_platform(
                actor=None,
                entity=operator,
                name=name,
                division=yangpu,
                services=services,
                categories=categories,
                agreement_url=f"https://platform{len(platforms) + 1}.example.cn/agreement",
            )
        platforms.append(platform)

    platform_user = User.objects.filter(username="platform").first()
    if platform_user and not platform_user.platform_accounts.exists():
        actions.link_platform_account(actor=None, user=platform_user, platform=platforms[0])
    merchant = User.objects.filter(username="merchant").first()
    if merchant and not merchant.merchant_accounts.exists():
        entity = MarketEntity.objects.get(uscc=entities[0]["uscc"])
        actions.link_merchant_account(actor=None, user=merchant, entity=entity)

    _licences_and_sites(rng, entities, actions, SelfRunSite)

    sizes = tuple(size // share for size in (1500, 900, 600))
    for index, platform in enumerate(platforms):
        if Submission.objects.filter(platform=platform).exists():
            continue
        first = build_submission_rows(rng, entities, streets, index, sizes[index])
        for period, rows, today in (
            ("2026H1", first, dt.date(2026, 1, 20)),
            ("2026H2", second_half(rng, first, index), dt.date(2026, 7, 20)),
        ):
            outcome = actions.import_submission(
                actor=None,
                platform=platform,
                file_name=f"{platform.name}-{period}.csv",
                content=as_csv(rows),
                period=period,
                channel="demo",
                today=today,
            )
            context.log(f"  {platform.name} {period}: {outcome.summary}")

    if not LiveRoom.objects.exists():
        shops = list(OnlineShop.objects.filter(platform=platforms[2]).order_by("id")[:120])
        rooms = [
            LiveRoom(
                shop=shop,
                room_id=f"LIVE-{shop.pk}",
                name=f"{shop.name}直播间",
                url=f"https://live.example.cn/{shop.pk}",
                first_seen_on=dt.date(2026, 3, 1) + dt.timedelta(days=shop.pk % 90),
            )
            for shop in shops
        ]
        LiveRoom.objects.bulk_create(rooms)
        LiveHost.objects.bulk_create(
            [
                LiveHost(room=room, name=f"主播{rng.choice(SURNAMES)}{rng.choice(GIVEN)}")
                for room in LiveRoom.objects.all()
            ]
        )


def _licences_and_sites(rng, entities, actions, site_model) -> None:
    from django.db import transaction

    from wangjian.core.audit import record_event
    from wangjian.registry.models import Licence, MarketEntity

    if Licence.objects.exists():
        return
    by_code = dict(MarketEntity.objects.values_list("uscc", "pk"))
    licences, sites = [], []
    for number, record in enumerate(entities):
        category = record["business_scope"].split("销售")[0]
        kind, number_format = LICENCES.get(category, (None, ""))
        if kind and number % 5 != 0:
            expired = number % 11 == 0
            licences.append(
                Licence(
                    holder_id=by_code[record["uscc"]],
                    kind=kind,
                    number=number_format.format(number),
                    issuing_authority="上海市杨浦区市场监督管理局",
                    valid_from=dt.date(2021, 3, 1),
                    valid_until=dt.date(2025, 12, 31) if expired else dt.date(2028, 2, 28),
                )
            )
        if number % 40 == 0:
            sites.append(
                site_model(
                    entity_id=by_code[record["uscc"]],
                    kind=rng.choice(["website", "app", "mini_program"]),
                    name=record["name"].removeprefix("上海").removesuffix("有限公司"),
                    url=f"https://www{number}.example.cn",
                    icp_filing=f"沪ICP备{20000000 + number}号" if number % 80 == 0 else "",
                    first_seen_on=dt.date(2025, 6, 1),
                )
            )
    with transaction.atomic():
        Licence.objects.bulk_create(licences, batch_size=500)
        site_model.objects.bulk_create(sites, batch_size=500)
        record_event(
            actor=None,
            event_type="registry.demo_licences_loaded",
            target=("registry.licence", "", "演示许可与网站"),
            after={"licences": len(licences), "sites": len(sites)},
        )
