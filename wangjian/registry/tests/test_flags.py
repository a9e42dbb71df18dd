"""提示处理: 处理 / 移送 / 忽略 with a reason, bulk handling, a platform's 已更正 answer."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry import actions
from wangjian.registry.error_codes import RegistryRefused
from wangjian.registry.models import Flag
from wangjian.registry.tests.factories import make_platform_user, make_two_shop_register


@pytest.fixture
def world(divisions):
    return make_two_shop_register(divisions)


def make_flag(shop, detail="名称与登记不符：甲乙食品旗舰店"):
    return Flag.objects.create(
        kind="name_mismatch",
        division=shop.division,
        shop=shop,
        entity=shop.entity,
        detail=detail,
        raised_on=dt.date(2026, 11, 2),
    )


def page_matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


@pytest.mark.django_db
def test_flag_detail_page_scoping(world, regulator, other_regulator, consumer):
    flag = make_flag(world["yangpu_shop"])
    response = page_matrix(
        f"/registry/flags/{flag.pk}/",
        "/registry/flags/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    assert "名称与登记不符：甲乙食品旗舰店" in response.content.decode()
    assert 'name="outcome"' in response.content.decode()


@pytest.mark.django_db
def test_handling_a_flag_page_scoping_and_audit(world, regulator, other_regulator, merchant):
    flag = make_flag(world["yangpu_shop"])
    page_matrix(
        f"/registry/flags/{flag.pk}/",
        "/registry/flags/999999/",
        regulator,
        other_regulator,
        merchant,
        method="post",
        data={"outcome": "closed", "reason": "已约谈平台，店铺名称已改为登记名称"},
        permitted_status=302,
    )
    flag.refresh_from_db()
    assert flag.state == "closed"
    assert flag.handled_by == regulator
    assert flag.handling_note == "已约谈平台，店铺名称已改为登记名称"
    event = AuditEvent.objects.get(event_type="registry.flag_handled")
    assert event.reason == "已约谈平台，店铺名称已改为登记名称"
    assert event.before["state"] == "open"
    assert event.after["state"] == "closed"


@pytest.mark.django_db
def test_a_flag_is_not_handled_without_a_reason_or_twice(world, regulator):
    flag = make_flag(world["yangpu_shop"])
    with pytest.raises(RegistryRefused) as empty:
        actions.handle_flag(actor=regulator, flag=flag, outcome="dismissed", reason="  ")
    assert f"提示 #{flag.pk}：请填写处理说明" in empty.value.messages[0]
    actions.handle_flag(actor=regulator, flag=flag, outcome="dismissed", reason="重复提示")
    with pytest.raises(RegistryRefused) as twice:
        actions.handle_flag(actor=regulator, flag=flag, outcome="closed", reason="再处理一次")
    assert twice.value.messages == [f"提示 #{flag.pk} 已是“已忽略”，不能再次处理。"]
    assert AuditEvent.objects.filter(event_type="registry.flag_handled").count() == 1


@pytest.mark.django_db
def test_bulk_handling_refuses_an_already_handled_flag_and_handles_the_rest(world, regulator):
    first = make_flag(world["yangpu_shop"], "提示一")
    second = make_flag(world["yangpu_shop"], "提示二")
    done = make_flag(world["yangpu_shop"], "提示三")
    actions.handle_flag(actor=regulator, flag=done, outcome="closed", reason="已处理")
    client = Client()
    client.force_login(regulator)
    response = client.post(
        "/registry/flags/bulk/",
        {
            "flag": [first.pk, second.pk, done.pk],
            "outcome": "dismissed",
            "reason": "平台已下架店铺",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "已处理 2 条提示：已忽略。" in text
    assert f"提示 #{done.pk} 已是“已处理”，不能再次处理。" in text
    states = dict(Flag.objects.values_list("detail", "state"))
    assert states == {"提示一": "dismissed", "提示二": "dismissed", "提示三": "closed"}


@pytest.mark.django_db
def test_bulk_handling_cannot_reach_another_bureaus_flags(world, regulator, other_regulator):
    flag = make_flag(world["yangpu_shop"])
    client = Client()
    client.force_login(other_regulator)
    response = client.post(
        "/registry/flags/bulk/",
        {"flag": [flag.pk], "outcome": "dismissed", "reason": "越权"},
        follow=True,
    )
    assert f"提示 #{flag.pk}：未找到或无权处理。" in response.content.decode()
    flag.refresh_from_db()
    assert flag.state == "open"
    assert not AuditEvent.objects.filter(event_type="registry.flag_handled").exists()


@pytest.mark.django_db
def test_bulk_and_export_are_closed_to_roles_without_flags(world, consumer):
    flag = make_flag(world["yangpu_shop"])
    assert Client().get("/registry/flags/export.xlsx").status_code == 302
    client = Client()
    client.force_login(consumer)
    assert client.get("/registry/flags/").status_code == 404
    assert client.get("/registry/flags/export.xlsx").status_code == 404
    bulk = {"flag": [flag.pk], "outcome": "dismissed", "reason": "x"}
    assert client.post("/registry/flags/bulk/", bulk).status_code == 404
    flag.refresh_from_db()
    assert flag.state == "open"


@pytest.mark.django_db
def test_a_referred_flag_reaches_the_other_bureau_which_closes_it(
    world, divisions, regulator, other_regulator
):
    flag = make_flag(world["yangpu_shop"])
    with pytest.raises(RegistryRefused):
        actions.handle_flag(actor=regulator, flag=flag, outcome="referred", reason="经营地在浦东")
    actions.handle_flag(
        actor=regulator,
        flag=flag,
        outcome="referred",
        reason="经营地在浦东",
        referred_division=divisions["pudong"],
    )
    client = Client()
    client.force_login(other_regulator)
    listed = client.get("/registry/flags/?state=referred").content.decode()
    assert f"#{flag.pk}" in listed
    actions.handle_flag(actor=other_regulator, flag=flag, outcome="closed", reason="已立案核查")
    flag.refresh_from_db()
    assert (flag.state, flag.handled_by) == ("closed", other_regulator)


@pytest.mark.django_db
def test_a_platform_reports_a_correction_that_the_regulator_confirms(world, regulator):
    platform_user = make_platform_user(world["platform"])
    flag = make_flag(world["yangpu_shop"])
    client = Client()
    client.force_login(platform_user)
    assert f"#{flag.pk}" in client.get("/registry/flags/").content.decode()
    response = client.post(f"/registry/flags/{flag.pk}/", {"note": "店铺名称已按执照更正"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.state, flag.correction_note) == ("corrected", "店铺名称已按执照更正")
    # The platform cannot close its own flag: handling stays with the bureau.
    client.post(f"/registry/flags/{flag.pk}/", {"note": "再报一次"})
    flag.refresh_from_db()
    assert flag.correction_note == "店铺名称已按执照更正"
    actions.handle_flag(actor=regulator, flag=flag, outcome="closed", reason="核实已更正")
    flag.refresh_from_db()
    assert flag.state == "closed"
    events = AuditEvent.objects.filter(event_type__startswith="registry.flag_").order_by("pk")
    assert list(events.values_list("event_type", flat=True)) == [
        "registry.flag_correction_reported",
        "registry.flag_handled",
    ]


@pytest.mark.django_db
def test_a_platform_does_not_see_flags_on_other_platforms_shops(world, divisions):
    from wangjian.registry.tests.factories import make_entity, make_uscc

    other_operator = make_entity(
        make_uscc("91310110", "MA1P0777"), "另一平台公司", divisions["yangpu"]
    )
    other_platform = actions.register_platform(
        actor=None, entity=other_operator, name="另一平台", division=divisions["yangpu"]
    )
    flag = make_flag(world["yangpu_shop"])
    outsider = make_platform_user(other_platform, username="platform2")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/registry/flags/{flag.pk}/").status_code == 404
    assert f"#{flag.pk}" not in client.get("/registry/flags/").content.decode()
    response = client.post(f"/registry/flags/{flag.pk}/", {"note": "x"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_flag_export_is_audited_and_follows_the_filters(world, regulator):
    make_flag(world["yangpu_shop"], "提示一")
    make_flag(world["pudong_shop"], "浦东的提示")
    client = Client()
    client.force_login(regulator)
    response = client.get("/registry/flags/export.xlsx?q=甲乙食品")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][6] == "提示一"
    event = AuditEvent.objects.get(event_type="core.list_exported")
    assert event.after == {"rows": 1, "filters": {"kind": "", "state": "pending", "q": "甲乙食品"}}
