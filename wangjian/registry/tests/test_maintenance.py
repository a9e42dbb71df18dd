"""Register maintenance: platforms and licences created and edited as audited actions, licence
expiry flags, and the pages' scoping."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry.error_codes import RegistryNotPermitted, RegistryRefused
from wangjian.registry.maintenance import (
    create_licence,
    create_platform,
    edit_licence,
    edit_platform,
    licence_flag,
)
from wangjian.registry.models import Licence
from wangjian.registry.register_load import load_register_file
from wangjian.registry.tests.factories import FIXTURES


def test_creating_and_editing_a_platform_is_audited_with_before_and_after(
    register, divisions, section_chief
):
    platform = create_platform(
        actor=section_chief,
        uscc="91310110MA1G0002XY",
        division=divisions["yangpu"],
        name="某某优选",
        domains=["YouXuan.example.com", ""],
        app_names=["某某优选App"],
        icp_filing="沪ICP备12345678号-1",
    )
    assert (platform.domains, platform.entity.uscc) == (
        ["youxuan.example.com"],
        "91310110MA1G0002XY",
    )
    edit_platform(actor=section_chief, platform=platform, icp_filing="沪ICP备12345678号-2")
    event = AuditEvent.objects.filter(event_type="registry.platform_edited").get()
    assert (event.before, event.after) == (
        {"icp_filing": "沪ICP备12345678号-1"},
        {"icp_filing": "沪ICP备12345678号-2"},
    )


def test_platform_input_errors_name_the_field(register, divisions, section_chief):
    with pytest.raises(RegistryRefused) as error:
        create_platform(
            actor=section_chief,
            uscc="91310110MA1R00011E",
            division=divisions["yangpu"],
            name="无主平台",
        )
    assert "未在主体库登记" in str(error.value)
    with pytest.raises(RegistryRefused) as error:
        create_platform(
            actor=section_chief,
            uscc="91310110MA1G0002XY",
            division=divisions["yangpu"],
            name="某某优选",
            icp_filing="ICP12345",
        )
    assert "ICP备案号 ICP12345 格式应如" in str(error.value)


def test_a_platform_outside_the_jurisdiction_cannot_be_created(
    register, divisions, other_section_chief, regulator
):
    with pytest.raises(RegistryNotPermitted):
        create_platform(
            actor=other_section_chief,
            uscc="91310110MA1G0002XY",
            division=divisions["yangpu"],
            name="某某优选",
        )
    with pytest.raises(RegistryNotPermitted):
        create_platform(
            actor=regulator,
            uscc="91310110MA1G0002XY",
            division=divisions["yangpu"],
            name="某某优选",
        )


def test_licences_are_checked_and_flagged(register, section_chief):
    food = register["food"]
    with pytest.raises(RegistryRefused) as error:
        create_licence(actor=section_chief, holder=food, kind="食品经营许可证", number="JY123")
    assert "不符合编号规则" in str(error.value)
    with pytest.raises(RegistryRefused):
        create_licence(
            actor=section_chief,
            holder=food,
            kind="出版物经营许可证",
            number="新出发沪批字第A001号",
            valid_from=dt.date(2026, 1, 2),
            valid_until=dt.date(2026, 1, 1),
        )
    licence = create_licence(
        actor=section_chief,
        holder=food,
        kind="酒类商品零售许可证",
        number="SH-001",
        valid_from=dt.date(2024, 1, 1),
        valid_until=dt.date(2027, 1, 31),
        scope="预包装酒类",
    )
    today = dt.date(2026, 12, 2)
    # 60 days (data/licence_flags.yaml): 2027-01-31 is 60 days after 2026-12-02.
    assert licence_flag(licence, today) == "expiring"
    edit_licence(actor=section_chief, licence=licence, valid_until=dt.date(2027, 2, 1))
    licence.refresh_from_db()
    assert licence_flag(licence, today) == ""
    old = Licence.objects.get(number="JY13101100000001")
    assert licence_flag(old, dt.date(2028, 1, 1)) == "expired"
    event = AuditEvent.objects.filter(event_type="registry.licence_edited").get()
    assert (event.before, event.after) == (
        {"valid_until": "2027-01-31"},
        {"valid_until": "2027-02-01"},
    )


def test_platform_edit_page_scoping(register, section_chief, other_section_chief, regulator):
    platform = register["platform"]
    case = ScopingCase(
        url=reverse("registry:platform-edit", args=[platform.pk]),
        missing_url=reverse("registry:platform-edit", args=[999999]),
        api=False,
    )
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )


def test_licence_edit_page_scoping(register, section_chief, other_section_chief, regulator):
    licence = Licence.objects.get(number="JY13101100000001")
    case = ScopingCase(
        url=reverse("registry:licence-edit", args=[licence.pk]),
        missing_url=reverse("registry:licence-edit", args=[999999]),
        method="post",
        data={"kind": "食品经营许可证", "number": "JY13101100000001", "valid_until": "2028-12-31"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )
    licence.refresh_from_db()
    assert licence.valid_until == dt.date(2028, 12, 31)


def test_register_load_page_scoping(register, section_chief, other_section_chief, regulator):
    content = (FIXTURES / "register_load_1.csv").read_bytes()
    load = load_register_file(actor=section_chief, file_name="r.csv", content=content).load
    case = ScopingCase(
        url=reverse("registry:register-load", args=[load.pk]),
        missing_url=reverse("registry:register-load", args=[999999]),
        api=False,
    )
    page = assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    ).content.decode()
    assert "第6行 状态日期：注销、吊销、迁出须填写状态日期" in page


def test_uploading_a_register_file_through_the_page(register, system_admin):
    client = Client()
    client.force_login(system_admin)
    with open(FIXTURES / "register_load_2.json", "rb") as handle:
        response = client.post(reverse("registry:register-loads"), {"file": handle}, follow=True)
    page = response.content.decode()
    assert "新增 2，变更 0，状态变更 2，无变化 0，驳回 0" in page


def test_maintenance_lists_are_for_the_register_keepers_only(register, regulator, system_admin):
    names = (
        "registry:register-loads",
        "registry:platform-admin",
        "registry:licence-admin",
        "registry:site-admin",
        "registry:live-room-admin",
    )
    anonymous = Client()
    for name in names:
        assert "/login/" in anonymous.get(reverse(name))["Location"]
    client = Client()
    client.force_login(regulator)
    for name in names:
        assert client.get(reverse(name)).status_code == 404
    client.force_login(system_admin)
    page = client.get(reverse("registry:licence-admin")).content.decode()
    assert "JY13101100000001" in page
    for name in names:
        assert client.get(reverse(name)).status_code == 200


def test_platform_accounts_are_opened_and_deactivated_on_the_platform_page(
    register, system_admin, section_chief
):
    platform = register["platform"]
    client = Client()
    client.force_login(system_admin)
    url = reverse("registry:platform-edit", args=[platform.pk])
    client.post(
        url,
        {"step": "account", "username": "haowu_ops", "password": "a-long-enough-passphrase-2"},
    )
    account = platform.accounts.get(user__username="haowu_ops")
    assert (account.user.role, account.user.org_unit) == ("platform_operator", None)
    client.post(url, {"step": "deactivate", "account": account.pk, "reason": "员工离职"})
    account.user.refresh_from_db()
    assert account.user.is_active is False
    # A section chief keeps the register but does not administer people.
    chief = Client()
    chief.force_login(section_chief)
    page = chief.get(url).content.decode()
    assert 'data-testid="account-create"' not in page
