"""Gig workers' notices (approval with the 身份码, annual-report reminders, 简易注销), the
platform's departure report, and auto-approval rules as data."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.test import Client

from wangjian.cli import main
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry.actions import deregister_entity, register_platform
from wangjian.registry.tests.factories import make_entity, make_platform_user, make_uscc
from wangjian.services import gig
from wangjian.services.actions.gig import (
    decide_gig_application,
    file_gig_batch,
    report_worker_departure,
)
from wangjian.services.actions.gig_notices import remind_annual_reports
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused
from wangjian.services.models import GigApplication, GigDeregistration, GigNotice, IdCodeIssue
from wangjian.services.tests.gig_data import resident_id, row

pytestmark = pytest.mark.django_db


def notice_page(code: str, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get("/services/notice/", {"c": code})


def test_approval_writes_the_workers_notice_and_the_public_page_shows_it_with_the_code(
    registered, platform_user
):
    notice = GigNotice.objects.get()
    entity = registered.entity
    assert (notice.application, notice.kind, notice.year, notice.deadline) == (
        registered,
        "approved",
        0,
        None,
    )
    assert notice.title == f"个体工商户登记核准通知：{entity.name}"
    assert f"统一社会信用代码：{entity.uscc}" in notice.body
    assert f"自{entity.established_on.year + 1}年起" in notice.body
    assert len(notice.receipt_code) == 12
    event = AuditEvent.objects.get(event_type="services.gig_application_decided")
    assert event.after["notice"] == notice.pk
    assert event.after["auto_approval_rule"] == ""

    # Anyone holding the code (typed with dashes, in lower case) opens it, without an account.
    response = notice_page(notice.receipt_display.lower())
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-testid="notice-title">{notice.title}<' in body
    assert 'data-testid="notice-qr"' in body
    assert entity.uscc in body
    token = IdCodeIssue.objects.get(entity=entity).token
    from urllib.parse import quote

    assert quote(token, safe="") in body
    assert resident_id(1) not in body
    assert registered.id_masked not in body

    # The platform sees the code and the page link to forward.
    client = Client()
    client.force_login(platform_user)
    batch_page = client.get(f"/services/gig/{registered.batch_id}/").content.decode()
    assert notice.receipt_display in batch_page
    assert f"/services/notice/?c={notice.receipt_code}" in batch_page


def test_an_unknown_receipt_code_is_not_found(registered):
    response = notice_page("ABCD-EFGH-JKMN")
    assert response.status_code == 404
    assert 'data-testid="notice-not-found"' in response.content.decode()
    assert notice_page("").status_code == 200


def test_annual_report_reminders_once_per_worker_and_year(platform, platform_user, regulator):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1), row(2), row(3)])
    first, second, third = batch.applications.order_by("row_number")
    for application in (first, second, third):
        decide_gig_application(actor=regulator, application=application, approve=True)
    third.refresh_from_db()
    deregister_entity(actor=None, entity=third.entity, reason="测试：已注销")

    assert main(["services", "remind-annual-reports", "--year", "2027"]) == 0
    reminders = GigNotice.objects.filter(kind="annual_report").order_by("application__row_number")
    assert [(n.application.row_number, n.year, n.deadline) for n in reminders] == [
        (1, 2027, dt.date(2027, 6, 30)),
        (2, 2027, dt.date(2027, 6, 30)),
    ]
    assert "2027年01月01日至2027年06月30日" in reminders[0].body
    assert "报送2026年度报告" in reminders[0].body
    assert "《个体工商户年度报告暂行办法》" in reminders[0].body
    assert AuditEvent.objects.filter(event_type="services.gig_annual_report_reminders").count() == 1

    # Again: nothing new, no new audit event.
    assert remind_annual_reports(actor=None, year=2027) == {
        "year": 2027,
        "issued": 0,
        "already": 2,
        "filed": 0,
    }
    assert GigNotice.objects.filter(kind="annual_report").count() == 2
    assert AuditEvent.objects.filter(event_type="services.gig_annual_report_reminders").count() == 1
    # Registered this year: nothing to report on 2025 in 2026, and that window has closed.
    assert main(["services", "remind-annual-reports", "--year", "2026"]) == 1


def test_annual_report_window_is_data_with_its_basis():
    rules = gig.gig_rules()["annual_report"]
    assert rules["window"] == {"from_month": 1, "from_day": 1, "to_month": 6, "to_day": 30}
    assert [b["verification"] for b in rules["basis"]] == ["secondary", "unconfirmed"]
    assert gig.annual_report_window(2028) == (dt.date(2028, 1, 1), dt.date(2028, 6, 30))


def test_platform_reports_departure_through_the_api_which_opens_simple_deregistration(
    registered, platform_user
):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(platform_user)
    url = f"/api/v1/services/gig-applications/{registered.pk}/departure/"
    today = registered.decided_on
    future = client.post(url, {"left_on": str(today + dt.timedelta(days=1))}, format="json")
    assert future.status_code == 400
    assert "晚于今天" in future.json()["detail"]

    response = client.post(url, {"left_on": str(today)}, format="json")
    assert response.status_code == 201
    deregistration = GigDeregistration.objects.get()
    assert (deregistration.application, deregistration.state, deregistration.left_platform_on) == (
        registered,
        "pending",
        today,
    )
    assert deregistration.requested_by == platform_user
    assert deregistration.reason == f"经营者已于{today:%Y年%m月%d日}退出众包骑手平台"
    notice = GigNotice.objects.get(kind="deregistration")
    assert notice.deadline == deregistration.objection_until
    assert [n["kind"] for n in response.json()["notices"]] == ["approved", "deregistration"]
    left = AuditEvent.objects.get(event_type="services.gig_worker_left_platform")
    assert left.actor == platform_user
    assert left.after["deregistration"] == deregistration.pk
    assert AuditEvent.objects.filter(
        event_type="services.gig_deregistration_requested", actor=platform_user
    ).exists()

    again = client.post(url, {"left_on": str(today)}, format="json")
    assert again.status_code == 400
    assert "已申请注销" in again.json()["detail"]


@pytest.fixture
def other_platform_user(divisions):
    operator = make_entity(
        make_uscc("91310110", "MA1H0200"), "上海另一平台有限公司", divisions["yangpu"]
    )
    other = register_platform(
        actor=None, entity=operator, name="另一平台", division=divisions["yangpu"]
    )
    return make_platform_user(other, "other_platform")


def test_departure_page_scoping(
    registered, platform_user, other_platform_user, consumer, regulator
):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/gig/applications/{registered.pk}/departure/",
            missing_url="/services/gig/applications/999999/departure/",
            method="post",
            data={"left_on": str(registered.decided_on)},
            api=False,
            permitted_status=302,
        ),
        permitted=platform_user,
        other_jurisdiction=other_platform_user,
        no_permission=consumer,
    )
    assert response["Location"] == f"/services/gig/{registered.batch_id}/"
    assert GigDeregistration.objects.get().left_platform_on == registered.decided_on
    # Staff request 简易注销 on their own page; this one is the platform's.
    client = Client()
    client.force_login(regulator)
    assert (
        client.post(
            f"/services/gig/applications/{registered.pk}/departure/",
            {"left_on": str(registered.decided_on)},
        ).status_code
        == 404
    )


def test_departure_api_scoping(registered, platform_user, other_platform_user, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/services/gig-applications/{registered.pk}/departure/",
            missing_url="/api/v1/services/gig-applications/999999/departure/",
            method="post",
            data={"left_on": str(registered.decided_on)},
            permitted_status=201,
        ),
        permitted=platform_user,
        other_jurisdiction=other_platform_user,
        no_permission=consumer,
    )
    assert response.json()["id"] == registered.pk


def test_no_application_kind_auto_approves_by_default(platform, platform_user):
    assert [k["auto_approve"] for k in gig.gig_rules()["auto_approval"]["kinds"]] == [False, False]
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    assert batch.applications.get().state == "pending"
    assert GigNotice.objects.count() == 0


def test_a_kind_set_to_auto_approve_registers_without_a_regulator(
    platform, platform_user, settings, tmp_path
):
    document = yaml.safe_load(Path(gig.DATA).read_text(encoding="utf-8"))
    document["version"] = "test-auto"
    document["auto_approval"]["kinds"][0]["auto_approve"] = True  # delivery_services
    rules = tmp_path / "gig_rules.yaml"
    rules.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    settings.SERVICES_GIG_RULES_FILE = str(rules)

    batch, _ = file_gig_batch(
        actor=platform_user,
        platform=platform,
        rows=[row(1), row(2, scope=["外卖递送服务", "平面设计"])],
    )
    delivery = batch.applications.get(row_number=1)
    mixed = batch.applications.get(row_number=2)
    assert (delivery.state, delivery.decided_by) == ("approved", None)
    assert delivery.entity.name == row(1)["business_name"]
    assert delivery.decision_reason == "自动核准：外卖递送、跑腿配送服务（规则 delivery_services）"
    assert mixed.state == "pending"  # 平面设计 is outside the kind: a regulator decides
    decided = AuditEvent.objects.get(event_type="services.gig_application_decided")
    assert decided.actor is None
    assert decided.after["auto_approval_rule"] == "delivery_services"
    assert decided.after["uscc"] == delivery.entity.uscc
    filed = AuditEvent.objects.get(event_type="services.gig_batch_filed")
    assert (filed.after["auto_approved"], filed.after["rules_version"]) == (1, "test-auto")
    assert GigNotice.objects.get().application == delivery


def test_auto_approval_cannot_be_claimed_by_a_person_or_for_a_kind_that_is_off(
    platform, platform_user, regulator
):

    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    application = batch.applications.get()
    with pytest.raises(ServiceNotPermitted) as raised:
        decide_gig_application(
            actor=None, application=application, approve=True, auto_kind="delivery_services"
        )
    assert raised.value.code == "not_permitted"
    assert "delivery_services" in raised.value.en
    with pytest.raises(ServiceNotPermitted):
        decide_gig_application(
            actor=regulator, application=application, approve=True, auto_kind="delivery_services"
        )
    assert GigApplication.objects.get(pk=application.pk).state == "pending"


def test_departure_before_registration_is_refused(registered, platform_user):

    with pytest.raises(ServiceRefused, match="早于核准登记日期"):
        report_worker_departure(
            actor=platform_user,
            application=registered,
            left_on=registered.decided_on - dt.timedelta(days=1),
        )
    assert GigDeregistration.objects.count() == 0


def test_api_application_detail_scoping(registered, platform_user, other_platform_user, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/services/gig-applications/{registered.pk}/",
            missing_url="/api/v1/services/gig-applications/999999/",
        ),
        permitted=platform_user,
        other_jurisdiction=other_platform_user,
        no_permission=consumer,
    )
    notices = response.json()["notices"]
    assert [(n["kind"], n["receipt_code"]) for n in notices] == [
        ("approved", GigNotice.objects.get().receipt_code)
    ]
