"""Demo complaints and reports for Yangpu: every channel, a re-filed near-duplicate, a serial
template, one hot spot and one published consumer warning (``wangjian demo load``)."""

import datetime as dt
import random

from django.utils import timezone

from wangjian.core.demo import DemoContext, demo_step

ISSUES = [
    ("食品", "质量问题", "收到的{item}已经过期，包装上的生产日期被涂改，联系商家要求退款被拒绝。"),
    (
        "服装",
        "货不对板",
        "购买的{item}与页面描述严重不符，面料明显是化纤，申请退货商家拖延不处理。",
    ),
    ("数码", "售后服务", "购买的{item}使用一周后无法开机，商家要求自付运费返厂且不提供备用机。"),
    (
        "美妆",
        "虚假宣传",
        "店铺宣传{item}为进口正品，收到后无中文标签，怀疑是假货，商家拒绝提供报关单。",
    ),
]
ITEMS = {"食品": "坚果礼盒", "服装": "羊毛大衣", "数码": "蓝牙耳机", "美妆": "精华液"}
NAMES = ["陈静", "刘洋", "王磊", "张敏", "李娜", "赵军", "孙悦", "周婷", "吴昊", "郑雪"]
SPIKE = "预售{item}付款后迟迟不发货，申请退款被拒，客服称需等待工厂排期，平台介入后仍无结果。"
TEMPLATE = (
    "本人在贵店购买的商品标签未标注中文生产者名称和地址，违反食品安全法第九十七条，"
    "依据食品安全法第一百四十八条要求十倍赔偿，否则将向市场监管部门举报。"
)


@demo_step(50)
def load_complaints(context: DemoContext) -> None:
    from wangjian.complaints import actions
    from wangjian.complaints.choices import Channel, RecordKind
    from wangjian.complaints.models import Complaint, ConsumerWarning, OdrParticipant
    from wangjian.core.models import Division, User
    from wangjian.registry.models import OnlineShop, Platform

    if Complaint.objects.filter(external_id__startswith="DEMO-").exists():
        context.log("  投诉举报 / complaints: already loaded")
        return
    rng = random.Random(6)
    yangpu = Division.objects.by_code("310110")
    regulator = User.objects.get(username="regulator")
    consumer = User.objects.filter(username="consumer").first()
    chief = User.objects.get(username="chief")
    platform = Platform.objects.order_by("name").first()
    shops = list(
        OnlineShop.objects.filter(platform=platform, entity__isnull=False)
        .select_related("entity")
        .order_by("shop_id")[:12]
    )
    if platform is None or len(shops) < 6:
        context.log("  投诉举报 / complaints: registry demo missing, skipped")
        return
    today = timezone.localdate()
    counter = iter(range(1, 10_000))
    channels = [Channel.WEB_FORM, Channel.API, Channel.IMPORT_12315]

    def submit(
        shop,
        facts,
        on,
        *,
        channel=None,
        kinds=("complaint",),
        name=None,
        phone=None,
        category="",
        issue="",
        request="退款并赔偿",
        by=None,
        **extra,
    ):
        number = next(counter)
        person = name or rng.choice(NAMES)
        filed = actions.file_submission(
            actor=by or (regulator if channel == Channel.API else None),
            data=actions.IntakeData(
                kinds=kinds,
                respondent_name=shop.name,
                shop_url=shop.url,
                platform_name=platform.name,
                facts=facts,
                request=request,
                complainant_name=person,
                complainant_phone=phone or f"139{rng.randrange(10**8):08d}",
                complainant_address=f"上海市杨浦区国权路{rng.randrange(1, 500)}号",
                category=category,
                issue=issue,
                external_id=f"DEMO-{number:04d}",
                **extra,
            ),
            channel=channel or rng.choice(channels),
            received_by=yangpu,
            received_on=on,
        )
        # The demo has no worker running: screen as it would, right after filing.
        actions.screen_pending()
        return filed.records

    ordinary = []
    for index in range(16):
        category, issue, text = ISSUES[index % len(ISSUES)]
        shop = shops[1 + index % (len(shops) - 1)]
        on = today - dt.timedelta(days=10 + rng.randrange(25))
        ordinary.extend(
            submit(shop, text.format(item=ITEMS[category]), on, category=category, issue=issue)
        )
    # A spike against one shop: one a week before, seven in the last week.
    hot = shops[0]
    for week in range(1, 5):
        submit(
            hot,
            SPIKE.format(item="坚果礼盒") + f"（订单尾号{week:02d}）",
            today - dt.timedelta(days=7 * week + 2),
            category="食品",
            issue="不发货",
        )
    for day in range(7):
        submit(
            hot,
            SPIKE.format(item="坚果礼盒") + f"（订单尾号{day + 10}）",
            today - dt.timedelta(days=day),
            category="食品",
            issue="不发货",
        )
    # The same complaint re-filed through 12315 a week later: a suggested near-duplicate.
    submit(
        shops[2],
        ISSUES[1][2].format(item="羊毛大衣"),
        today - dt.timedelta(days=9),
        channel=Channel.WEB_FORM,
        name="何晓东",
        phone="13611112222",
        # The demo consumer's account filed this one online: it shows on their home.
        by=consumer,
        category="服装",
        issue="货不对板",
    )
    submit(
        shops[2],
        ISSUES[1][2].format(item="羊毛大衣").replace("拖延", "一直拖延"),
        today - dt.timedelta(days=2),
        channel=Channel.IMPORT_12315,
        name="何晓东",
        phone="13611112222",
        category="服装",
        issue="货不对板",
    )
    # A template sent to several shops by one sender: flagged, not refused.
    for shop in shops[3:7]:
        submit(
            shop,
            TEMPLATE,
            today - dt.timedelta(days=5),
            name="钱某",
            phone="13700000000",
            category="食品",
            issue="标签标识",
        )
    # A mixed complaint and report, and an anonymous report.
    submit(
        shops[4],
        "店铺销售的婴幼儿配方奶粉无中文标签，疑似走私，购买后孩子食用后腹泻。",
        today - dt.timedelta(days=12),
        kinds=(RecordKind.COMPLAINT, RecordKind.REPORT),
        category="食品",
        issue="标签标识",
    )

    OdrParticipant.objects.get_or_create(platform=platform, defaults={"joined_on": today})
    submit(
        shops[5],
        ISSUES[2][2].format(item="蓝牙耳机"),
        today - dt.timedelta(days=1),
        channel=Channel.ODR_DESK,
        category="数码",
        issue="售后服务",
    )

    # Some decisions, so the lists show every state.
    # An acceptance whose mediation period reaches a year without a working-day table is
    # refused (the notice would carry no date); such records stay 已登记 and the next is used.
    position = -1
    for complaint in [c for c in ordinary if c.state == "received"]:
        if position == 5:
            break
        on = complaint.received_on + dt.timedelta(days=3)
        if position == -1:
            position = 0
            actions.decide_acceptance(
                actor=regulator,
                complaint=complaint,
                accept=False,
                ground="15.3",
                reason="购买数量明显超出生活消费需要",
                on=on,
            )
            continue
        try:
            actions.decide_acceptance(actor=regulator, complaint=complaint, accept=True, on=on)
        except actions.ComplaintError:
            continue
        position += 1
        if position in (1, 2):
            actions.record_session(
                actor=regulator,
                complaint=complaint,
                held_on=on + dt.timedelta(days=2),
                mode="phone",
                notes="电话调解，双方同意退款方案",
            )
            actions.record_agreement(
                actor=regulator,
                complaint=complaint,
                result="商家退款并补偿20元",
                on=on + dt.timedelta(days=3),
            )
    report = Complaint.objects.filter(kind="report", state="verifying").first()
    if report is not None:
        actions.decide_case_filing(
            actor=regulator,
            complaint=report,
            file_case=True,
            reason="经核查，涉嫌销售无中文标签的进口食品",
            on=today,
        )
    # A report of a paid promotion on the platform: handled where the publisher is (第二十八条).
    submit(
        shops[6],
        "该店在平台首页付费推广位发布广告称“全网销量第一、国家级品质”，涉嫌使用绝对化用语。",
        today - dt.timedelta(days=3),
        kinds=(RecordKind.REPORT,),
        category="食品",
        issue="违法广告",
        request="依法查处",
        advertisement=True,
        ad_publisher="platform",
    )
    hotspots = actions.detect_hotspots(actor=regulator, division=yangpu, on=today)
    spot = next((h for h in hotspots if h.dimension == "respondent"), None)
    if spot is not None and not ConsumerWarning.objects.exists():
        warning = actions.draft_warning(
            actor=regulator,
            division=yangpu,
            hotspot=spot,
            title="关于网购预售坚果礼盒的消费警示",
            body=(
                f"近期我局收到多起针对“{spot.value}”预售坚果礼盒付款后不发货、拒绝退款的投诉。"
                "提醒广大消费者：选购预售商品时留意发货时间承诺，保留订单和聊天记录；"
                "遇到纠纷可先通过平台在线纠纷解决渠道协商，协商不成可向市场监管部门投诉。"
            ),
        )
        actions.approve_warning(actor=chief, warning=warning, on=today)
    context.log(
        f"  投诉举报 / complaints: {Complaint.objects.count()} records, "
        f"{len(hotspots)} hot spots, {ConsumerWarning.objects.filter(state='published').count()} "
        "published warning"
    )
