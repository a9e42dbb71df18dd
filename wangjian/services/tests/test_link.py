"""The verified link step: a bureau-issued one-time code plus the USCC links a merchant."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from wangjian.core.choices import Role
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_user
from wangjian.registry.models import MerchantAccount
from wangjian.services.actions.link import issue_link_code, redeem_link_code
from wangjian.services.error_codes import ServiceRefused
from wangjian.services.models import MerchantLinkCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return make_user("merchant_new", Role.MERCHANT)


def test_code_links_once_and_only_with_the_right_uscc(entities, regulator, newcomer):
    row, code = issue_link_code(actor=regulator, entity=entities["penalised"])
    assert row.code_sha256 != code
    assert code not in str(MerchantLinkCode.objects.values_list())
    with pytest.raises(ServiceRefused, match="关联码不正确"):
        redeem_link_code(actor=newcomer, uscc=entities["clean"].uscc, code=code)
    account = redeem_link_code(actor=newcomer, uscc=entities["penalised"].uscc, code=code.lower())
    assert account.entity == entities["penalised"]
    other = make_user("merchant_other", Role.MERCHANT)
    with pytest.raises(ServiceRefused, match="已使用"):
        redeem_link_code(actor=other, uscc=entities["penalised"].uscc, code=code)
    assert list(MerchantAccount.objects.filter(user=other)) == []


def test_expired_code_is_refused(entities, regulator, newcomer):
    _row, code = issue_link_code(actor=regulator, entity=entities["penalised"])
    with (
        time_machine.travel(dt.datetime(2026, 12, 20, tzinfo=dt.UTC)),
        pytest.raises(ServiceRefused),
    ):
        redeem_link_code(actor=newcomer, uscc=entities["penalised"].uscc, code=code)
    assert not MerchantAccount.objects.filter(user=newcomer).exists()


def test_issue_endpoint_scoping(entities, regulator, other_regulator, merchant_user):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/link-code/",
            missing_url="/services/entities/999999/link-code/",
            method="post",
            data={},
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant_user,
    )
    assert 'data-testid="link-code"' in response.content.decode()


def test_merchant_links_through_the_page(entities, regulator, newcomer):
    _row, code = issue_link_code(actor=regulator, entity=entities["clean"])
    client = Client()
    client.force_login(newcomer)
    assert "关联市场主体" in client.get("/services/me/").content.decode()
    response = client.post(
        "/services/me/link/", {"uscc": entities["clean"].uscc, "code": code}, follow=True
    )
    assert f"已关联 {entities['clean'].name}" in response.content.decode()
    assert client.get(f"/services/me/entities/{entities['clean'].pk}/").status_code == 200
