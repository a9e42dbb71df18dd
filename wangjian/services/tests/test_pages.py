"""Report lookup, profile timeline facts, home cards and menu entries of the services app."""

import pytest
from django.test import Client

from wangjian.core.navigation import items_for
from wangjian.services.actions.merchant import file_objection
from wangjian.services.actions.report import issue_credit_report

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_lookup_finds_an_entity_in_jurisdiction_only(entities, regulator, other_regulator):
    uscc = entities["penalised"].uscc
    found = client_for(regulator).get("/services/reports/", {"uscc": uscc.lower()})
    assert found.status_code == 302
    assert found["Location"] == f"/services/entities/{entities['penalised'].pk}/reports/"
    outside = client_for(other_regulator).get("/services/reports/", {"uscc": uscc})
    assert outside.status_code == 200
    assert f"未找到统一社会信用代码为 {uscc} 的主体" in outside.content.decode()


def test_lookup_is_404_for_roles_without_the_capability(entities, consumer):
    assert client_for(consumer).get("/services/reports/").status_code == 404


def test_profile_timeline_shows_reports_and_objections(entities, signing, regulator, merchant_user):
    issue, _pdf = issue_credit_report(actor=regulator, entity=entities["penalised"])
    file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="credit_event",
        target_id=entities["penalty"].pk,
        reason="金额有误",
    )
    body = (
        client_for(regulator)
        .get(f"/registry/entities/{entities['penalised'].pk}/")
        .content.decode()
    )
    assert f"出具专用信用报告 {issue.number}" in body
    assert "异议：" in body


def test_home_cards_and_menu(entities, merchant_user, regulator, consumer):
    file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="credit_event",
        target_id=entities["penalty"].pk,
        reason="金额有误",
    )
    home = client_for(regulator).get("/").content.decode()
    assert "待答复的信用异议" in home
    labels = {str(item.label) for item, _href in items_for(merchant_user)}
    assert {"经营者服务", "专用信用报告"} <= labels
    assert "信用异议" not in labels
    staff = {str(item.label) for item, _href in items_for(regulator)}
    assert {"信用异议", "灵活就业登记", "专用信用报告"} <= staff
    assert "经营者服务" not in staff
    assert not {str(item.label) for item, _href in items_for(consumer)} & {
        "经营者服务",
        "专用信用报告",
        "信用异议",
    }
