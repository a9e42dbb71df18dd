"""Demo data of the platforms app: classification inputs for the Yangpu demo platforms
(fictional figures, labelled as demo data), a rule-change notice, a pending declaration, and
the three compliance guides published. Idempotent."""

import datetime as dt

from wangjian.core.demo import DemoContext, demo_step

# (annual active users, market value 亿元, restriction, main line subtype, core line subtypes)
DEMO_INPUTS = (
    (80_000_000, "1500", "strong", "online_sales.comprehensive_goods", ["life_services.delivery"]),
    (3_000_000, "40", "some", "life_services.delivery", []),
    (1_200_000, "12", "some", "social_entertainment.live_streaming", []),
)


def _lines(main: str, cores: list[str]) -> list[dict]:
    lines = []
    for position, value in enumerate([main, *cores]):
        category, subtype = value.split(".")
        lines.append(
            {
                "name": f"业务{position + 1}",
                "category": category,
                "subtype": subtype,
                "is_main": position == 0,
                "is_core": True,
            }
        )
    return lines


@demo_step(55)
def load_platforms(context: DemoContext) -> None:
    from wangjian.core.models import Division, User
    from wangjian.platforms import actions
    from wangjian.platforms.choices import BusinessType
    from wangjian.platforms.models import (
        ComplianceGuide,
        ObligationDeclaration,
        PlatformYearInput,
        RuleChangeNotice,
    )
    from wangjian.registry.models import Platform

    yangpu = Division.objects.by_code("310110")
    platforms = list(Platform.objects.inside(yangpu).order_by("pk")[: len(DEMO_INPUTS)])
    for platform, (users, value, restriction, main, cores) in zip(
        platforms, DEMO_INPUTS, strict=False
    ):
        if PlatformYearInput.objects.filter(platform=platform, year=2025).exists():
            continue
        actions.record_year_inputs(
            actor=None,
            platform=platform,
            year=2025,
            annual_active_users=users,
            business_lines=_lines(main, cores),
            market_value_100m=value,
            restriction_ability=restriction,
            source="演示数据（虚构）",
        )
    if platforms and not RuleChangeNotice.objects.filter(platform=platforms[0]).exists():
        actions.record_rule_change(
            actor=None,
            platform=platforms[0],
            title="修改商家保证金规则",
            published_on=dt.date(2026, 3, 1),
            effective_on=dt.date(2026, 3, 5),
        )
    platform_user = User.objects.filter(username="platform").first()
    account = platform_user.platform_accounts.first() if platform_user else None
    if (
        account is not None
        and not ObligationDeclaration.objects.filter(platform=account.platform).exists()
    ):
        actions.declare_obligation(
            actor=platform_user,
            platform=account.platform,
            obligation_key="display_rules",
            period="2026H1",
            statement="平台首页底部持续公示服务协议和交易规则链接",
            evidence="首页截图（演示）",
        )
    for business_type in BusinessType.values:
        if ComplianceGuide.objects.filter(business_type=business_type).exists():
            continue
        guide = actions.draft_guide(actor=None, business_type=business_type, division=yangpu)
        actions.publish_guide(actor=None, guide=guide, today=dt.date(2026, 6, 1))
    context.log(
        f"  平台分级 / platform classifications: {len(platforms)}; 合规指引 / guides: "
        f"{ComplianceGuide.objects.count()}"
    )


@demo_step(56)
def load_platform_requests(context: DemoContext) -> None:
    """A take-down request and a notice from the Yangpu regulator to the demo platform account's
    platform, both awaiting the platform."""
    from django.core.exceptions import ValidationError

    from wangjian.core.models import User
    from wangjian.platforms import actions
    from wangjian.platforms.models import PlatformActionRequest, PlatformNotice

    regulator = User.objects.filter(username="regulator").first()
    platform_user = User.objects.filter(username="platform").first()
    account = platform_user.platform_accounts.first() if platform_user else None
    if regulator is None or account is None:
        return
    platform = account.platform
    if not PlatformActionRequest.objects.filter(platform=platform).exists():
        try:
            actions.request_platform_action(
                actor=regulator,
                platform=platform,
                kind="takedown",
                subject="演示商品：宣称“根治失眠”的保健食品链接",
                reason="普通食品宣称疾病治疗功效，涉嫌违反广告法 第十七条（演示数据）",
            )
        except ValidationError as error:
            context.log(f"  平台处置要求未生成 / action request skipped: {error.messages[0]}")
    if not PlatformNotice.objects.filter(platform=platform).exists():
        actions.send_notice(
            actor=regulator,
            platform=platform,
            subject="关于开展促销活动合规自查的通知（演示）",
            body="请对平台内促销活动的价格标示开展自查，并回复自查情况。",
        )
    context.log(
        f"  平台处置要求 / action requests: {PlatformActionRequest.objects.count()}; "
        f"通知 / notices: {PlatformNotice.objects.count()}"
    )
