import pytest
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry.models import EntityLink, OnlineShop
from wangjian.registry.tests.test_import import FIRST, submit


@pytest.fixture
def imported(register):
    return submit(register, FIRST).submission


def page_matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


@pytest.mark.django_db
def test_entity_profile_page_scoping_and_timeline(
    imported, register, regulator, other_regulator, consumer
):
    food = register["food"]
    response = page_matrix(
        f"/registry/entities/{food.pk}/",
        "/registry/entities/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    html = response.content.decode()
    assert "甲乙食品旗舰店" in html
    assert "JY13101100000001" in html
    titles = [fact.title for fact in response.context["timeline"]]
    assert titles == [
        "食品经营许可证 JY13101100000001 到期",
        "网店“甲乙食品旗舰店”首次报送",
        "取得食品经营许可证 JY13101100000001",
    ]
    assert [fact.source for fact in response.context["timeline"]][1] == "好物商城 报送"


@pytest.mark.django_db
def test_shop_page_scoping_audits_personal_data(imported, regulator, other_regulator, consumer):
    shop = OnlineShop.objects.get(shop_id="S004")
    response = page_matrix(
        f"/registry/shops/{shop.pk}/",
        "/registry/shops/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    assert "110105********002X" in response.content.decode()
    assert AuditEvent.objects.filter(event_type="core.personal_data_viewed").count() == 1


@pytest.mark.django_db
def test_submission_page_scoping_shows_errors_and_diff(
    imported, platform_user, regulator, other_regulator, consumer
):
    response = page_matrix(
        f"/registry/submissions/{imported.pk}/",
        "/registry/submissions/999999/",
        platform_user,
        other_regulator,
        consumer,
    )
    html = response.content.decode()
    assert "读取 10 行，入库 5 行，驳回 5 行，提示 5 条。" in html
    assert "火星基地123号" in html


@pytest.mark.django_db
def test_error_report_download_scoping(imported, regulator, other_regulator, consumer):
    response = page_matrix(
        f"/registry/submissions/{imported.pk}/errors.xlsx",
        "/registry/submissions/999999/errors.xlsx",
        regulator,
        other_regulator,
        consumer,
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="submission-{imported.pk}-errors.xlsx"'
    )


@pytest.mark.django_db
def test_link_decision_page_scoping(imported, regulator, other_regulator, consumer):
    link = EntityLink.objects.get(shop__shop_id="S006")
    page_matrix(
        f"/registry/links/{link.pk}/decide/",
        "/registry/links/999999/decide/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"decision": "reject", "reason": "名称不符，待核实"},
        permitted_status=302,
    )
    link.refresh_from_db()
    assert link.state == "rejected"


@pytest.mark.django_db
def test_list_pages_show_only_the_jurisdiction(imported, regulator, other_regulator):
    client = Client()
    client.force_login(regulator)
    for url in (
        "/registry/",
        "/registry/submissions/",
        "/registry/flags/",
        "/registry/referrals/",
        "/registry/links/?state=automatic",
    ):
        assert client.get(url).status_code == 200, url
    assert "上海杨浦甲乙食品有限公司" in client.get("/registry/?q=甲乙").content.decode()
    export = client.get("/registry/export.xlsx?q=甲乙")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(other_regulator)
    assert "上海杨浦甲乙食品有限公司" not in client.get("/registry/").content.decode()
    # The referral addressed to Pudong is Pudong's to see, among those it receives.
    assert "小王服装" not in client.get("/registry/referrals/").content.decode()
    assert "小王服装" in client.get("/registry/referrals/?direction=in").content.decode()


@pytest.mark.django_db
def test_upload_page_imports_a_file(register, platform_user):
    from wangjian.registry.tests.factories import FIXTURES

    client = Client()
    client.force_login(platform_user)
    with (FIXTURES / "submission_2026h1.csv").open("rb") as handle:
        response = client.post(
            "/registry/submissions/",
            data={"platform": register["platform"].pk, "period": "2026H1", "file": handle},
        )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "驳回 5 行" in detail.content.decode()
