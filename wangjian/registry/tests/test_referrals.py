"""移送清单 in both directions: a referral addressed to Pudong is seen by Pudong (the receiving
bureau) as well as by Yangpu (which listed it); a third bureau, platforms and merchants see
nothing of it, and its detail answers them exactly like a missing one."""

import pytest
from django.test import Client

from wangjian.core.choices import DivisionLevel, Role
from wangjian.core.models import Division
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_division, make_org_unit, make_user
from wangjian.registry.models import Referral
from wangjian.registry.tests.test_import import FIRST, submit

pytestmark = pytest.mark.django_db


def third_bureau_regulator():
    """A regulator of 黄浦区, a bureau neither side of the fixture's referral."""
    municipal = Division.objects.get(code="310100000000")
    huangpu = make_division("310101", "黄浦区", DivisionLevel.COUNTY, municipal)
    return make_user("hp_regulator", Role.REGULATOR, make_org_unit("黄浦区市场监管局", huangpu))


@pytest.fixture
def referral(register):
    submit(register, FIRST)
    referral = Referral.objects.get()
    assert (referral.division.name, referral.target_division.name) == ("杨浦区", "张江镇")
    return referral


def _page(user, url: str):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_sender_lists_it_as_outgoing_and_receiver_as_incoming(referral, regulator, other_regulator):
    outgoing = _page(regulator, "/registry/referrals/").content.decode()
    assert "小王服装" in outgoing
    assert "小王服装" not in _page(regulator, "/registry/referrals/?direction=in").content.decode()
    incoming = _page(other_regulator, "/registry/referrals/?direction=in").content.decode()
    assert "小王服装" in incoming
    assert "杨浦区" in incoming
    assert "移入本局（1）" in incoming
    assert "小王服装" not in _page(other_regulator, "/registry/referrals/").content.decode()


def test_a_third_bureau_sees_nothing(referral):
    third = third_bureau_regulator()
    for url in ("/registry/referrals/", "/registry/referrals/?direction=in"):
        page = _page(third, url)
        assert page.status_code == 200
        assert "小王服装" not in page.content.decode()
    assert list(Referral.objects.visible_to(third)) == []


@pytest.mark.parametrize("side", ["sender", "receiver"])
def test_detail_page_scoping_matrix(referral, regulator, other_regulator, platform_user, side):
    permitted = regulator if side == "sender" else other_regulator
    response = assert_scoping_matrix(
        ScopingCase(
            f"/registry/referrals/{referral.pk}/", "/registry/referrals/999999/", api=False
        ),
        permitted=permitted,
        other_jurisdiction=third_bureau_regulator(),
        no_permission=platform_user,
    )
    body = response.content.decode()
    assert "上海市浦东新区张江镇科苑路8号" in body
    note = "由其他部门列入移送清单" if side == "receiver" else "本局已将该经营者列入移送清单"
    assert note in body


def test_receiving_bureau_reads_it_through_the_api(referral, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            f"/api/v1/registry/referrals/{referral.pk}/", "/api/v1/registry/referrals/999999/"
        ),
        permitted=other_regulator,
        other_jurisdiction=third_bureau_regulator(),
        no_permission=consumer,
    )
    assert response.json()["division_code"] == "310110000000"
    client = Client()
    client.force_login(other_regulator)
    listed = client.get("/api/v1/registry/referrals/").json()
    assert [row["id"] for row in listed["results"]] == [referral.pk]
