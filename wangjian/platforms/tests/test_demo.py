import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from wangjian.cli import main
from wangjian.core.models import User
from wangjian.platforms.models import ComplianceGuide, ObligationDeclaration, PlatformClassification

# A day whose take-down deadline stays inside a year the working-day calendar covers.
DEMO_DAY = dt.datetime(2026, 12, 7, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_classifies_the_yangpu_platforms_and_publishes_the_guides(db, capsys):
    with time_machine.travel(DEMO_DAY, tick=True):
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
    assert "演示商品：宣称“根治失眠”的保健食品链接" in page.content.decode()
    assert "关于开展促销活动合规自查的通知（演示）" in page.content.decode()
