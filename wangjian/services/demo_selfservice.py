"""Demo data of issue #21 for Yangpu: a 维权援助 request naming a shop on the demo platform, a
质量问诊 answered by the partner body and rated, a published consumer-education article and a
campaign awaiting approval, the demo merchant's 诚信网商 commitment, and 杨浦区网商协会 with
its account ``association``, members and 自律公约. Idempotent: each part is made once."""

from django.core.exceptions import ValidationError

from wangjian.core.demo import DemoContext, demo_step

ASSOCIATION = "杨浦区网商协会"
CONVENTION = (
    "一、会员依法亮照经营，如实公示经营者身份和商品服务信息。\n"
    "二、不销售假冒伪劣商品，尊重他人知识产权。\n"
    "三、不刷单炒信，不作虚假宣传，明码标价。\n"
    "四、及时处理消费者投诉，积极参与网络消费纠纷在线调解。\n"
    "五、会员被列入严重违法失信名单的，协会予以通报并督促整改。"
)
ARTICLE = (
    "直播间下单前，请核对主播展示的商品与详情页是否一致，留存直播录屏、订单和聊天记录。"
    "“限时秒杀”“最后一件”等话术不代表商品真实库存；七日无理由退货的条件以商品页面标注为准。"
    "发生纠纷时，可先通过平台在线争议解决渠道协商，也可拨打12315投诉。"
)


def _users():
    from wangjian.core.models import User

    return {user.username: user for user in User.objects.filter(username__in=USERNAMES)}


USERNAMES = ["merchant", "regulator", "chief", "partner", "association"]


@demo_step(57)
def load_self_service(context: DemoContext) -> None:
    users = _users()
    merchant = users.get("merchant")
    account = merchant.merchant_accounts.select_related("entity").first() if merchant else None
    if account is None or "regulator" not in users or "chief" not in users:
        context.log("  跳过：演示账号不全 / skipped: demo accounts missing")
        return
    try:
        _requests(context, users, account.entity)
        _education(context, users)
        _commitment(context, merchant, account.entity)
        _association(context, users, account.entity)
    except ValidationError as error:
        context.log(f"  跳过：{'；'.join(error.messages)}")


def _requests(context, users, entity) -> None:
    from wangjian.registry.models import OnlineShop
    from wangjian.services.actions import requests as actions
    from wangjian.services.models import ServiceRequest

    merchant, regulator, partner = users["merchant"], users["regulator"], users.get("partner")
    mine = ServiceRequest.objects.filter(entity=entity)
    if not mine.filter(kind="quality_consultation").exists():
        consultation = actions.submit_service_request(
            actor=merchant,
            entity=entity,
            kind="quality_consultation",
            subject="网售儿童服装的标签标准",
            question="我店在网上销售儿童服装，耐久性标签和安全技术类别应执行哪些国家标准？",
        )
        consultation = actions.accept_service_request(
            actor=regulator,
            service_request=consultation,
            assignee=partner or regulator,
            service_body="yangpu-quality-service-centre",
        )
        consultation = actions.answer_service_request(
            actor=partner or regulator,
            service_request=consultation,
            answer="安全技术要求执行 GB 31701-2015《婴幼儿及儿童纺织产品安全技术规范》，"
            "耐久性标签执行 GB/T 5296.4《消费品使用说明 第4部分：纺织品和服装》。",
        )
        actions.rate_service_request(
            actor=merchant, service_request=consultation, rating=5, comment="答复及时、具体"
        )
        context.log("  质量问诊 / quality consultation: answered and rated 5")
    if not mine.filter(kind="ip_assistance").exists():
        shop = (
            OnlineShop.objects.exclude(entity=entity)
            .filter(platform__isnull=False)
            .order_by("shop_id")
            .first()
        )
        listing = shop.url or shop.name if shop else "https://shop.example.cn/item/1"
        actions.submit_service_request(
            actor=merchant,
            entity=entity,
            kind="ip_assistance",
            subject="注册商标被仿冒销售",
            question="有网店销售标注我司注册商标的高仿商品，请协助核查并要求平台删除链接。",
            infringed_right="第 50123456 号注册商标（第 25 类）",
            infringing_listings=listing,
        )
        context.log("  维权援助 / IP assistance request filed")


def _education(context, users) -> None:
    from wangjian.complaints.models import ConsumerWarning
    from wangjian.services.actions import education as actions
    from wangjian.services.models import EducationArticle

    regulator, chief = users["regulator"], users["chief"]
    if EducationArticle.objects.exists():
        return
    division = regulator.jurisdiction
    warnings = ConsumerWarning.objects.visible_to(regulator).published()[:1]
    article = actions.draft_education(
        actor=regulator,
        division=division,
        kind="article",
        title="直播购物，这些证据要留好",
        topic="直播电商",
        audience="网购消费者",
        body=ARTICLE,
        warnings=warnings,
    )
    actions.submit_education(actor=regulator, article=article)
    actions.approve_education(actor=chief, article=article)
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    campaign = actions.draft_education(
        actor=regulator,
        division=division,
        kind="campaign",
        title="“放心消费进社区”老年人网购防骗宣传周",
        topic="网购防骗",
        audience="老年消费者",
        body="在五角场、定海路街道社区开展网购防骗讲座，讲解虚假宣传、保健品营销和退换货维权。",
        period_from=today,
        period_to=today + dt.timedelta(days=7),
    )
    actions.submit_education(actor=regulator, article=campaign)
    context.log("  网络消费教育 / consumer education: 1 published, 1 awaiting approval")


def _commitment(context, merchant, entity) -> None:
    from wangjian.services.actions.discipline import sign_commitment
    from wangjian.services.models import Commitment

    if Commitment.objects.filter(entity=entity).exists():
        return
    try:
        sign_commitment(actor=merchant, entity=entity, template_key="honest_online_merchant")
    except ValidationError as error:
        context.log(f"  未签署承诺 / no commitment: {'；'.join(error.messages)}")
        return
    context.log(f"  诚信网商承诺 / commitment signed by {entity.name}")


def _association(context, users, entity) -> None:
    from wangjian.core.actions.organisation import create_user
    from wangjian.core.choices import Role
    from wangjian.core.demo import DEMO_PASSWORD
    from wangjian.core.models import Division
    from wangjian.registry.models import MarketEntity
    from wangjian.services.actions import discipline as actions
    from wangjian.services.models import IndustryAssociation

    account = users.get("association") or create_user(
        actor=None,
        username="association",
        password=DEMO_PASSWORD,
        role=Role.INDUSTRY_ASSOCIATION,
        display_name="网商协会秘书处",
    )
    context.accounts.append(("association", Role.INDUSTRY_ASSOCIATION.label, "网商协会秘书处"))
    association, created = IndustryAssociation.objects.get_or_create(
        name=ASSOCIATION,
        defaults={
            "division": Division.objects.by_code("310110"),
            "description": "杨浦区网络经营者的行业组织，制定自律公约，推动诚信网商、放心网店建设。",
        },
    )
    association.accounts.add(account)
    if not created:
        return
    yangpu = association.division
    members = [
        entity,
        *MarketEntity.objects.inside(yangpu).exclude(pk=entity.pk).order_by("uscc")[:2],
    ]
    for member in members:
        actions.add_association_member(actor=account, association=association, uscc=member.uscc)
    actions.publish_association_document(
        actor=account,
        association=association,
        kind="convention",
        title="杨浦区网商自律公约",
        version="2026版",
        body=CONVENTION,
    )
    context.log(f"  行业协会 / association {ASSOCIATION}: {len(members)} members, 1 convention")
