"""One scoping matrix per registry endpoint: anonymous, other jurisdiction, no permission,
permitted (wangjian.core.testing.assert_scoping_matrix)."""

import pytest
from django.test import Client

from wangjian.core.choices import Role
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_user
from wangjian.registry.actions import link_merchant_account
from wangjian.registry.models import EntityLink, Flag, OnlineShop, Referral, Submission
from wangjian.registry.tests.factories import FIXTURES, make_entity, make_uscc
from wangjian.registry.tests.test_import import FIRST, submit

API = "/api/v1/registry"


@pytest.fixture
def imported(register):
    return submit(register, FIRST).submission


@pytest.fixture
def other_platform_user(divisions):
    from wangjian.registry.actions import register_platform
    from wangjian.registry.tests.factories import make_platform_user

    owner = make_entity(
        make_uscc("91310115", "MA1P0009"),
        "上海浦东另一平台有限公司",
        divisions["pudong"],
        address="上海市浦东新区张江镇1号",
    )
    platform = register_platform(
        actor=None, entity=owner, name="另一平台", division=divisions["pudong"]
    )
    return make_platform_user(platform, "platform2")


def matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


@pytest.mark.django_db
def test_entity_detail_scoping(register, regulator, other_regulator, consumer):
    food = register["food"]
    response = matrix(
        f"{API}/entities/{food.pk}/",
        f"{API}/entities/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    assert response.json()["uscc"] == "91310110MA1G000117"
    assert response.json()["former_names"] == ["上海甲乙食品店"]


@pytest.mark.django_db
def test_entity_detail_scoping_for_merchants(register, regulator, merchant, consumer):
    link_merchant_account(actor=None, user=merchant, entity=register["food"])
    other_merchant = make_user("merchant2", Role.MERCHANT)
    link_merchant_account(actor=None, user=other_merchant, entity=register["tech"])
    response = matrix(
        f"{API}/entities/{register['food'].pk}/",
        f"{API}/entities/999999/",
        merchant,
        other_merchant,
        consumer,
    )
    assert response.json()["name"] == "上海杨浦甲乙食品有限公司"


@pytest.mark.django_db
def test_entity_list_search_and_export(register, regulator, other_regulator, consumer):
    client = Client()
    client.force_login(regulator)
    names = [e["name"] for e in client.get(f"{API}/entities/?q=甲乙食品").json()["results"]]
    assert names == ["上海杨浦甲乙食品有限公司"]
    by_former = client.get(f"{API}/entities/?q=甲乙食品店").json()["results"]
    assert [e["uscc"] for e in by_former] == ["91310110MA1G000117"]
    export = client.get(f"{API}/entities/export/?q=某某科技")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(other_regulator)
    assert client.get(f"{API}/entities/").json()["results"] == []
    client.force_login(consumer)
    assert client.get(f"{API}/entities/").status_code == 403
    assert Client().get(f"{API}/entities/").status_code == 401


@pytest.mark.django_db
def test_shop_detail_scoping_audits_the_personal_data_view(
    imported, regulator, other_regulator, consumer
):
    shop = OnlineShop.objects.get(shop_id="S004")
    response = matrix(
        f"{API}/shops/{shop.pk}/", f"{API}/shops/999999/", regulator, other_regulator, consumer
    )
    assert response.json()["person_id_masked"] == "110105********002X"
    event = AuditEvent.objects.filter(event_type="core.personal_data_viewed").get()
    assert event.after == {"fields": ["contact", "person_id_masked"]}


@pytest.mark.django_db
def test_shop_detail_scoping_for_platforms(imported, platform_user, other_platform_user, consumer):
    shop = OnlineShop.objects.get(shop_id="S001")
    response = matrix(
        f"{API}/shops/{shop.pk}/",
        f"{API}/shops/999999/",
        platform_user,
        other_platform_user,
        consumer,
    )
    assert "contact" not in response.json()


@pytest.mark.django_db
def test_platform_detail_scoping(register, platform_user, other_platform_user, merchant):
    platform = register["platform"]
    response = matrix(
        f"{API}/platforms/{platform.pk}/",
        f"{API}/platforms/999999/",
        platform_user,
        other_platform_user,
        merchant,
    )
    assert response.json()["name"] == "好物商城"


@pytest.mark.django_db
def test_submission_detail_scoping(imported, platform_user, other_platform_user, merchant):
    response = matrix(
        f"{API}/submissions/{imported.pk}/",
        f"{API}/submissions/999999/",
        platform_user,
        other_platform_user,
        merchant,
    )
    assert response.json()["rows_rejected"] == 5


@pytest.mark.django_db
def test_submission_error_report_scoping(imported, regulator, other_regulator, consumer):
    response = matrix(
        f"{API}/submissions/{imported.pk}/errors/",
        f"{API}/submissions/999999/errors/",
        regulator,
        other_regulator,
        consumer,
    )
    assert [error["rule"] for error in response.json()["errors"]] == [
        "uscc",
        "exemption",
        "required",
        "url",
        "date",
        "division",
        "duplicate",
    ]


@pytest.mark.django_db
def test_submit_scoping(register, platform_user, other_platform_user, merchant):
    shops = [
        {
            "店铺编号": "A1",
            "店铺名称": "接口店",
            "店铺网址": "https://shop.example.com/a1",
            "经营者名称": "上海杨浦甲乙食品有限公司",
            "统一社会信用代码": "91310110MA1G000117",
            "实际经营地址": "上海市杨浦区五角场街道国定路400号",
            "联系方式": "021-1",
        }
    ]
    platform = register["platform"]
    response = matrix(
        f"{API}/platforms/{platform.pk}/submit/",
        f"{API}/platforms/999999/submit/",
        platform_user,
        other_platform_user,
        merchant,
        method="post",
        data={"period": "2026H2", "shops": shops},
        permitted_status=201,
    )
    assert response.json()["rows_committed"] == 1
    assert Submission.objects.get().channel == "api"
    again = Client()
    again.force_login(platform_user)
    repeat = again.post(
        f"{API}/platforms/{platform.pk}/submit/",
        data={"period": "2026H2", "shops": shops},
        content_type="application/json",
    )
    assert repeat.status_code == 200
    assert repeat.json()["already_imported"] is True


@pytest.mark.django_db
def test_submit_a_file_by_multipart_upload(register, platform_user):
    client = Client()
    client.force_login(platform_user)
    with (FIXTURES / "submission_2026h1.csv").open("rb") as handle:
        response = client.post(
            f"{API}/platforms/{register['platform'].pk}/submit/",
            data={"period": "2026H1", "file": handle},
        )
    assert response.status_code == 201
    assert (response.json()["rows_committed"], response.json()["rows_rejected"]) == (5, 5)
    broken = client.post(
        f"{API}/platforms/{register['platform'].pk}/submit/",
        data={"period": "2026H1", "shops": "x"},
        content_type="application/json",
    )
    assert broken.status_code == 400


@pytest.mark.django_db
def test_flag_detail_scoping(imported, regulator, other_regulator, platform_user):
    flag = Flag.objects.get(kind="name_mismatch")
    response = matrix(
        f"{API}/flags/{flag.pk}/", f"{API}/flags/999999/", regulator, other_regulator, platform_user
    )
    assert response.json()["shop_id"] == "S006"


@pytest.mark.django_db
def test_referral_detail_scoping(imported, regulator, merchant):
    from wangjian.registry.tests.test_referrals import third_bureau_regulator

    referral = Referral.objects.get()
    response = matrix(
        f"{API}/referrals/{referral.pk}/",
        f"{API}/referrals/999999/",
        regulator,
        third_bureau_regulator(),
        merchant,
    )
    assert response.json()["target_division_code"] == "310115125000"
    assert response.json()["division_code"] == "310110000000"


@pytest.mark.django_db
def test_link_detail_scoping(imported, regulator, other_regulator, platform_user):
    link = EntityLink.objects.get(shop__shop_id="S001")
    response = matrix(
        f"{API}/links/{link.pk}/", f"{API}/links/999999/", regulator, other_regulator, platform_user
    )
    assert (response.json()["method"], response.json()["state"]) == ("uscc", "automatic")


@pytest.mark.django_db
def test_link_decision_scoping(imported, regulator, other_regulator, consumer):
    link = EntityLink.objects.get(shop__shop_id="S001")
    response = matrix(
        f"{API}/links/{link.pk}/decide/",
        f"{API}/links/999999/decide/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"decision": "reject", "reason": "经核实非同一主体"},
    )
    assert response.json()["state"] == "rejected"
    assert OnlineShop.objects.get(shop_id="S001").entity is None
