from django.test import Client
from django.urls import reverse

from wangjian.cli import main
from wangjian.core.models import User
from wangjian.platforms.models import ComplianceGuide, ObligationDeclaration, PlatformClassification


def test_the_demo_classifies_the_yangpu_platforms_and_publishes_the_guides(db, capsys):
    assert main(["demo", "load"]) == 0
    tiers = list(
        PlatformClassification.objects.filter(is_current=True)
        .order_by("platform_id")
        .values_list("tier", flat=True)
    )
    assert tiers == ["large", "small_medium", "small_medium"]
    assert sorted(ComplianceGuide.objects.values_list("business_type", "state")) == [
        ("comprehensive_retail", "published"),
        ("food_delivery", "published"),
        ("live_commerce", "published"),
    ]
    declaration = ObligationDeclaration.objects.get()
    client = Client()
    client.force_login(User.objects.get(username="platform"))
    page = client.get(reverse("platforms:platform", args=[declaration.platform_id]))
    assert "已声明，待监管人员审核" in page.content.decode()
