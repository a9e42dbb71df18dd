"""通知 to a platform: sent by a regulator, listed on the platform's page, receipt acknowledged
(送达 time recorded) and answered; never visible to another platform or district."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_api_token
from wangjian.platforms.actions import acknowledge_notice, answer_notice, send_notice
from wangjian.platforms.error_codes import PlatformNotPermitted, PlatformRefused
from wangjian.platforms.models import PlatformNotice


def notify(platform, regulator, due_on=None):
    return send_notice(
        actor=regulator,
        platform=platform,
        subject="关于开展“双十一”促销合规自查的通知",
        body="请于期限内报送自查情况。",
        due_on=due_on,
        today=dt.date(2026, 10, 20),
    )


def test_send_acknowledge_and_answer_are_audited(platform, regulator, platform_user):
    notice = notify(platform, regulator, due_on=dt.date(2026, 11, 5))
    assert notice.delivered_at is None
    acknowledged = acknowledge_notice(actor=platform_user, notice=notice)
    assert acknowledged.delivered_at is not None
    assert acknowledged.acknowledged_by == platform_user
    with pytest.raises(PlatformRefused, match="确认送达"):
        acknowledge_notice(actor=platform_user, notice=notice)
    with pytest.raises(PlatformRefused, match="回复 必填"):
        answer_notice(actor=platform_user, notice=notice, answer=" ")
    answered = answer_notice(actor=platform_user, notice=notice, answer="已完成自查，报告另附")
    assert answered.answer == "已完成自查，报告另附"
    assert answered.delivered_at == acknowledged.delivered_at
    assert list(
        AuditEvent.objects.filter(event_type__startswith="platforms.notice_")
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == ["platforms.notice_sent", "platforms.notice_acknowledged", "platforms.notice_answered"]


def test_answering_first_records_delivery_too(platform, regulator, platform_user):
    notice = answer_notice(actor=platform_user, notice=notify(platform, regulator), answer="收到")
    assert notice.delivered_at == notice.answered_at


def test_refusals(platform, regulator, platform_user, other_platform_user):
    with pytest.raises(PlatformRefused, match="标题和正文 均必填"):
        send_notice(actor=regulator, platform=platform, subject="", body="x")
    with pytest.raises(PlatformRefused, match="早于今天"):
        notify(platform, regulator, due_on=dt.date(2026, 10, 19))
    with pytest.raises(PlatformNotPermitted):
        send_notice(actor=platform_user, platform=platform, subject="s", body="b")
    notice = notify(platform, regulator)
    with pytest.raises(PlatformNotPermitted):
        acknowledge_notice(actor=other_platform_user, notice=notice)
    notice.refresh_from_db()
    assert notice.delivered_at is None


def test_notice_page_scoping(
    platform, regulator, other_regulator, platform_user, other_platform_user
):
    notice = notify(platform, regulator)
    case = ScopingCase(
        url=reverse("platforms:notice", args=[notice.pk]),
        missing_url=reverse("platforms:notice", args=[999999]),
        api=False,
    )
    page = assert_scoping_matrix(
        case,
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=other_platform_user,
    ).content.decode()
    assert "平台尚未确认收到" in page
    assert reverse("platforms:notice-ack", args=[notice.pk]) in page
    client = Client()
    client.force_login(platform_user)
    own = client.get(reverse("platforms:platform", args=[platform.pk])).content.decode()
    assert "关于开展“双十一”促销合规自查的通知" in own


def test_acknowledge_endpoint_scoping(
    platform, regulator, other_regulator, platform_user, other_platform_user
):
    notice = notify(platform, regulator)
    case = ScopingCase(
        url=reverse("platforms:notice-ack", args=[notice.pk]),
        missing_url=reverse("platforms:notice-ack", args=[999999]),
        method="post",
        data={},
        permitted_status=302,
        api=False,
    )
    assert_scoping_matrix(
        case,
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=other_platform_user,
    )
    notice.refresh_from_db()
    assert notice.acknowledged_by == platform_user


def test_send_endpoint_scoping(platform, regulator, other_regulator, platform_user):
    case = ScopingCase(
        url=reverse("platforms:notice-send", args=[platform.pk]),
        missing_url=reverse("platforms:notice-send", args=[999999]),
        method="post",
        data={"subject": "约谈通知", "body": "请派员到局", "due_on": ""},
        permitted_status=302,
        api=False,
    )
    assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=platform_user
    )
    notice = PlatformNotice.objects.get()
    assert (notice.subject, notice.due_on, notice.division) == ("约谈通知", None, platform.division)


def test_api_token_acknowledges_and_answers_its_own_notices_only(
    platform, regulator, other_regulator, platform_user, other_platform_user, merchant
):
    notice = notify(platform, regulator)
    case = ScopingCase(
        url=f"/api/v1/platforms/notices/{notice.pk}/",
        missing_url="/api/v1/platforms/notices/999999/",
    )
    assert_scoping_matrix(
        case, permitted=platform_user, other_jurisdiction=other_regulator, no_permission=merchant
    )
    other = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(other_platform_user)}")
    assert other.post(f"/api/v1/platforms/notices/{notice.pk}/acknowledge/").status_code == 404
    own = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(platform_user)}")
    acknowledged = own.post(f"/api/v1/platforms/notices/{notice.pk}/acknowledge/").json()
    assert acknowledged["delivered_at"] is not None
    answered = own.post(
        f"/api/v1/platforms/notices/{notice.pk}/answer/",
        {"answer": "已收悉"},
        content_type="application/json",
    ).json()
    assert answered["answer"] == "已收悉"
