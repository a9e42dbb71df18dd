"""合规指引: assembled from obligations, rule families and articles; frozen when published;
public once published, and only then."""

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.platforms.actions import draft_guide, publish_guide, record_year_inputs
from wangjian.platforms.error_codes import PlatformRefused
from wangjian.platforms.guides import content_digest


@pytest.fixture
def catalogue(db):
    load_legal_catalogue()


def test_a_guide_is_assembled_from_obligations_rules_and_articles(catalogue, regulator):
    guide = draft_guide(actor=regulator, business_type="comprehensive_retail")
    content = guide.content
    assert [o["key"] for o in content["obligations"]][:2] == [
        "verify_operators",
        "half_yearly_submission",
    ]
    licence = next(f for f in content["families"] if f["family"] == "licence_display")
    ld001 = next(rule for rule in licence["rules"] if rule["id"] == "LD-001")
    assert ld001["must_fire"] == [{"text": "欢迎光临本店，全场包邮", "match": ""}]
    assert ld001["must_not_fire"][0]["text"] == "营业执照信息：点击查看"
    article = next(a for a in content["articles"] if a["key"] == "ecommerce-law-2018:15")
    assert article["found"] is True
    assert article["citation"].startswith("《中华人民共和国电子商务法》第十五条")
    assert guide.state == "draft"


def test_publishing_freezes_the_version(catalogue, regulator):
    guide = draft_guide(actor=regulator, business_type="live_commerce")
    published = publish_guide(actor=regulator, guide=guide)
    assert published.state == "published"
    assert published.sha256 == content_digest(published.content)
    with pytest.raises(PlatformRefused) as error:
        draft_guide(actor=regulator, business_type="live_commerce")
    assert "已发布，内容已冻结" in str(error.value)
    with pytest.raises(PlatformRefused):
        publish_guide(actor=regulator, guide=published)


def test_published_guides_are_public_and_drafts_are_not(catalogue, regulator, other_regulator):
    draft = draft_guide(actor=regulator, business_type="food_delivery")
    published = publish_guide(
        actor=regulator, guide=draft_guide(actor=regulator, business_type="live_commerce")
    )
    anonymous = Client()
    page = anonymous.get(reverse("platforms:guide", args=[published.pk]))
    assert page.status_code == 200
    assert "应当提示" in page.content.decode()
    missing = anonymous.get(reverse("platforms:guide", args=[999999]))
    hidden = anonymous.get(reverse("platforms:guide", args=[draft.pk]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    listing = anonymous.get(reverse("platforms:guides")).content.decode()
    assert "直播电商合规指引" in listing
    assert "餐饮外卖平台合规指引" not in listing
    pdf = anonymous.get(reverse("platforms:guide-pdf", args=[published.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert anonymous.get(reverse("platforms:guide-pdf", args=[draft.pk])).status_code == 404
    other = Client()
    other.force_login(other_regulator)
    assert other.get(reverse("platforms:guide", args=[draft.pk])).status_code == 404
    own = Client()
    own.force_login(regulator)
    assert own.get(reverse("platforms:guide", args=[draft.pk])).status_code == 200


def test_publishing_is_refused_to_others_without_a_trace(
    catalogue, regulator, other_regulator, platform_user
):
    from wangjian.core.models import AuditEvent

    guide = draft_guide(actor=regulator, business_type="food_delivery")
    before = AuditEvent.objects.count()
    for user in (other_regulator, platform_user):
        client = Client()
        client.force_login(user)
        response = client.post(reverse("platforms:guide-publish", args=[guide.pk]))
        assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    guide.refresh_from_db()
    assert guide.state == "draft"


def test_a_platform_sees_the_guides_of_its_type(catalogue, regulator, platform, platform_user):
    publish_guide(
        actor=regulator, guide=draft_guide(actor=regulator, business_type="live_commerce")
    )
    publish_guide(
        actor=regulator, guide=draft_guide(actor=regulator, business_type="food_delivery")
    )
    record_year_inputs(
        actor=regulator,
        platform=platform,
        year=2025,
        annual_active_users=1000,
        business_lines=[
            {
                "name": "直播带货",
                "category": "social_entertainment",
                "subtype": "live_streaming",
                "is_main": True,
                "is_core": True,
            }
        ],
        market_value_100m="1",
        restriction_ability="some",
        source="平台填报",
    )
    client = Client()
    client.force_login(platform_user)
    page = client.get(reverse("platforms:platform", args=[platform.pk])).content.decode()
    assert "直播电商合规指引" in page
    assert "餐饮外卖平台合规指引" not in page
    # The live-commerce obligation applies once the platform is a live-streaming one.
    assert "直播服务提供者保存直播视频等资料不少于三年" in page


def test_a_merchant_sees_the_guides_of_the_platforms_its_shops_trade_on(
    catalogue, divisions, regulator, merchant
):
    from wangjian.registry.actions import link_merchant_account
    from wangjian.registry.tests.factories import make_two_shop_register

    world = make_two_shop_register(divisions)
    link_merchant_account(actor=None, user=merchant, entity=world["food"])
    publish_guide(
        actor=regulator, guide=draft_guide(actor=regulator, business_type="food_delivery")
    )
    publish_guide(
        actor=regulator, guide=draft_guide(actor=regulator, business_type="live_commerce")
    )
    record_year_inputs(
        actor=regulator,
        platform=world["platform"],
        year=2025,
        annual_active_users=1000,
        business_lines=[
            {
                "name": "外卖",
                "category": "life_services",
                "subtype": "delivery",
                "is_main": True,
                "is_core": True,
            }
        ],
        market_value_100m="1",
        restriction_ability="some",
        source="平台填报",
    )
    client = Client()
    client.force_login(merchant)
    page = client.get(reverse("platforms:guides")).content.decode()
    mine = page.split('data-testid="my-guides"', 1)[1].split("</ul>", 1)[0]
    assert "餐饮外卖平台合规指引" in mine
    assert "直播电商合规指引" not in mine
