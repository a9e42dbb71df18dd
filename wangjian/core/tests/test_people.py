"""People administration: staff accounts and org units of the administrator's division,
deactivation (never deletion) and password resets, all audited and scoped."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from wangjian.core.actions.organisation import (
    reset_password,
    set_org_unit_active,
    set_user_active,
    update_user,
)
from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
from wangjian.core.choices import Role
from wangjian.core.models import ApiToken, AuditEvent, User
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_api_token, make_user


@pytest.fixture
def pudong_admin(pudong_bureau):
    return make_user("pd_admin", Role.SYSTEM_ADMIN, pudong_bureau)


def test_an_administrator_creates_a_user_through_the_page(system_admin, yangpu_bureau):
    client = Client()
    client.force_login(system_admin)
    response = client.post(
        reverse("core:people"),
        {
            "step": "user",
            "username": "yp_new",
            "display_name": "新同事",
            "role": "regulator",
            "org_unit": yangpu_bureau.pk,
            "password": "a-long-enough-passphrase-1",
        },
        follow=True,
    )
    assert "已新建用户 yp_new" in response.content.decode()
    created = User.objects.get(username="yp_new")
    assert (created.role, created.org_unit, created.jurisdiction.code) == (
        "regulator",
        yangpu_bureau,
        "310110000000",
    )
    assert AuditEvent.objects.filter(event_type="core.user_created", target_id=str(created.pk))


def test_person_page_scoping(system_admin, pudong_admin, regulator):
    case = ScopingCase(
        url=reverse("core:person", args=[regulator.pk]),
        missing_url=reverse("core:person", args=[999999]),
        api=False,
    )
    assert_scoping_matrix(
        case, permitted=system_admin, other_jurisdiction=pudong_admin, no_permission=regulator
    )


def test_person_step_scoping(system_admin, pudong_admin, regulator):
    case = ScopingCase(
        url=reverse("core:person-step", args=[regulator.pk, "deactivate"]),
        missing_url=reverse("core:person-step", args=[999999, "deactivate"]),
        method="post",
        data={"reason": "调离"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case, permitted=system_admin, other_jurisdiction=pudong_admin, no_permission=regulator
    )
    regulator.refresh_from_db()
    assert regulator.is_active is False


def test_org_unit_step_scoping(system_admin, pudong_admin, regulator, wujiaochang_station):
    case = ScopingCase(
        url=reverse("core:unit-step", args=[wujiaochang_station.pk, "deactivate"]),
        missing_url=reverse("core:unit-step", args=[999999, "deactivate"]),
        method="post",
        data={"reason": "合并"},
        api=False,
        permitted_status=302,
    )
    assert_scoping_matrix(
        case, permitted=system_admin, other_jurisdiction=pudong_admin, no_permission=regulator
    )
    wujiaochang_station.refresh_from_db()
    assert wujiaochang_station.is_active is False


def test_deactivation_needs_a_reason_revokes_the_token_and_keeps_the_user(system_admin, regulator):
    make_api_token(regulator)
    with pytest.raises(CoreRefused) as refused:
        set_user_active(actor=system_admin, user=regulator, active=False, reason=" ")
    assert (refused.value.code, refused.value.zh, refused.value.en) == (
        "reason_missing",
        "请填写停用或启用的理由",
        "a reason is required",
    )
    with pytest.raises(CoreRefused) as refused:
        set_user_active(actor=system_admin, user=system_admin, active=False, reason="离职")
    assert (refused.value.code, refused.value.en) == (
        "own_account",
        "you cannot deactivate your own account",
    )
    set_user_active(actor=system_admin, user=regulator, active=False, reason="调离")
    regulator.refresh_from_db()
    assert regulator.is_active is False
    assert not regulator.has_capability("registry.view_entity")
    assert not ApiToken.objects.usable().filter(user=regulator).exists()
    event = AuditEvent.objects.get(event_type="core.user_deactivated")
    assert (event.reason, event.after) == ("调离", {"is_active": False})


def test_a_password_reset_returns_a_working_password_never_audited(system_admin, regulator):
    password = reset_password(actor=system_admin, user=regulator)
    assert len(password) == 14
    assert authenticate(username=regulator.username, password=password) == regulator
    event = AuditEvent.objects.get(event_type="core.password_reset")
    assert password not in str(event.after)


def test_roles_and_org_units_stay_consistent(system_admin, regulator, yangpu_bureau, pudong_admin):
    with pytest.raises(CoreRefused) as refused:
        update_user(
            actor=system_admin,
            user=regulator,
            role=Role.PLATFORM_OPERATOR,
            org_unit=yangpu_bureau,
            display_name="",
            email="",
        )
    assert (refused.value.code, refused.value.field) == ("role_without_org_unit", "org_unit")
    assert refused.value.en == "role platform_operator may not belong to an org unit"
    with pytest.raises(CoreNotPermitted) as denied:
        update_user(
            actor=pudong_admin,
            user=regulator,
            role=Role.SECTION_CHIEF,
            org_unit=regulator.org_unit,
            display_name="",
            email="",
        )
    assert (denied.value.code, denied.value.zh) == ("outside_jurisdiction", "该用户不在您的辖区内")
    update_user(
        actor=system_admin,
        user=regulator,
        role=Role.SECTION_CHIEF,
        org_unit=yangpu_bureau,
        display_name="杨科长二",
        email="",
    )
    event = AuditEvent.objects.get(event_type="core.user_updated")
    assert event.before == {"role": "regulator", "display_name": "杨监管"}
    assert event.after == {"role": "section_chief", "display_name": "杨科长二"}


def test_an_org_unit_with_active_members_cannot_be_deactivated(
    system_admin, regulator, wujiaochang_station
):
    with pytest.raises(CoreRefused) as refused:
        set_org_unit_active(
            actor=system_admin, unit=regulator.org_unit, active=False, reason="合并"
        )
    assert refused.value.code == "unit_has_active_users"
    assert refused.value.zh == f"机构 {regulator.org_unit.name} 仍有启用的用户，请先停用或调出"
    set_org_unit_active(actor=system_admin, unit=wujiaochang_station, active=False, reason="合并")
    wujiaochang_station.refresh_from_db()
    assert wujiaochang_station.is_active is False


def test_people_pages_are_for_the_system_administrator_only(regulator, consumer):
    for user in (regulator, consumer):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("core:people")).status_code == 404
    assert "/login/" in Client().get(reverse("core:people"))["Location"]
