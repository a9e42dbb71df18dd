"""Scoping of the platform pages: a platform never sees another platform's pages."""

from django.test import Client
from django.urls import reverse

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.platforms.actions import declare_obligation
from wangjian.platforms.models import ObligationDeclaration


def test_platform_page_scoping(platform, regulator, other_regulator, consumer):
    case = ScopingCase(
        url=reverse("platforms:platform", args=[platform.pk]),
        missing_url=reverse("platforms:platform", args=[999999]),
        api=False,
    )
    response = assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=consumer
    )
    page = response.content.decode()
    assert "征求意见稿，不具有法律效力" in page
    assert "每半年报送平台内经营者身份信息" in page


def test_a_platform_sees_its_own_page_and_not_another(platform, platform_user, other_platform):
    client = Client()
    client.force_login(platform_user)
    assert client.get(reverse("platforms:platform", args=[platform.pk])).status_code == 200
    other = client.get(reverse("platforms:platform", args=[other_platform.pk]))
    missing = client.get(reverse("platforms:platform", args=[999999]))
    assert other.status_code == missing.status_code == 404
    index = client.get(reverse("platforms:index")).content.decode()
    assert platform.name in index
    assert other_platform.name not in index


def test_declaring_for_another_platform_is_refused_without_a_trace(platform, other_platform_user):
    client = Client()
    client.force_login(other_platform_user)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("platforms:declare", args=[platform.pk]),
        {"obligation": "display_rules", "period": "2026H1", "statement": "x", "evidence": "y"},
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    assert not ObligationDeclaration.objects.exists()


def test_review_scoping(platform, platform_user, regulator, other_regulator, merchant):
    declaration = declare_obligation(
        actor=platform_user,
        platform=platform,
        obligation_key="display_rules",
        period="2026H1",
        statement="已公示",
        evidence="截图",
    )
    case = ScopingCase(
        url=reverse("platforms:review", args=[declaration.pk]),
        missing_url=reverse("platforms:review", args=[999999]),
        method="post",
        data={"decision": "accept"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=merchant
    )
    declaration.refresh_from_db()
    assert declaration.state == "accepted"


def test_a_regulator_records_inputs_through_the_page(platform, regulator):
    client = Client()
    client.force_login(regulator)
    response = client.post(
        reverse("platforms:record-inputs", args=[platform.pk]),
        {
            "year": "2025",
            "annual_active_users": "60,000,000",
            "market_value_100m": "1200",
            "restriction_ability": "strong",
            "line_name_1": "综合电商",
            "line_subtype_1": "online_sales.comprehensive_goods",
            "line_main": "1",
            "line_core_1": "1",
            "source": "2025年报",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "分级结果：大型平台" in page
    assert "网络销售类 · 综合商品交易类" in page


def test_list_pages_refuse_roles_without_the_capability(consumer, platform_user, merchant):
    anonymous = Client()
    for name in ("platforms:index", "platforms:assessments", "platforms:assessment-export"):
        response = anonymous.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    client = Client()
    client.force_login(consumer)
    for name in ("platforms:index", "platforms:assessments", "platforms:assessment-export"):
        assert client.get(reverse(name)).status_code == 404
    for user in (platform_user, merchant):
        client.force_login(user)
        assert client.get(reverse("platforms:assessment-export")).status_code == 404


def test_the_platform_page_shows_its_odr_queue_and_confirmed_findings_only(platform, platform_user):
    client = Client()
    client.force_login(platform_user)
    page = client.get(reverse("platforms:platform", args=[platform.pk])).content.decode()
    assert 'data-testid="odr-queue"' in page
    assert 'data-testid="findings"' in page
    assert 'data-testid="submissions"' in page


def test_the_index_shows_each_platforms_latest_year(platform, regulator):
    from wangjian.platforms.actions import record_year_inputs
    from wangjian.platforms.tests.test_classification import LARGE

    record_year_inputs(actor=regulator, platform=platform, year=2025, source="年报", **LARGE)
    record_year_inputs(
        actor=regulator,
        platform=platform,
        year=2024,
        source="年报",
        **(LARGE | {"annual_active_users": 10}),
    )
    client = Client()
    client.force_login(regulator)
    row = client.get(reverse("platforms:index")).content.decode().split(platform.name, 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "<td>2025</td>" in row
    assert "大型平台" in row
