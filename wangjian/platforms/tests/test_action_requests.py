"""平台处置要求: a regulator asks a platform to take down or rectify; the platform replies.
Deadlines on the working-day calendar, every step audited, a platform never sees another's."""

import base64
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.tests.factories import make_api_token
from wangjian.monitoring.actions import confirm_findings
from wangjian.monitoring.models import Finding
from wangjian.monitoring.tests.factories import feed_batch, make_monitoring_world
from wangjian.platforms.actions import Upload, reply_to_action_request, request_platform_action
from wangjian.platforms.error_codes import PlatformNotPermitted, PlatformRefused
from wangjian.platforms.models import PlatformActionRequest
from wangjian.registry.tests.factories import make_platform_user

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
SHANGHAI = ZoneInfo("Asia/Shanghai")


def ask(platform, regulator, kind="takedown", today=dt.date(2026, 9, 29)):
    return request_platform_action(
        actor=regulator,
        platform=platform,
        kind=kind,
        subject="某品牌奶粉 链接 https://shop.example.com/item/1",
        reason="宣传“治疗”功效，涉嫌违反广告法",
        today=today,
    )


def test_the_deadline_counts_working_days_across_national_day(platform, regulator):
    request = ask(platform, regulator)
    # 9-30 is the 1st working day; 10-01..10-07 are the holiday; 10-08, 10-09 the 2nd and 3rd.
    assert (request.issued_on, request.due_on, request.working_days) == (
        dt.date(2026, 9, 29),
        dt.date(2026, 10, 9),
        3,
    )
    assert request.rules_version == "2026.1"
    assert [(b["key"], b["verification"]) for b in request.basis] == [
        ("ecommerce-law-2018:29", "confirmed"),
        ("online-trading-measures-2021", "unconfirmed"),
    ]
    rectify = ask(platform, regulator, kind="rectify", today=dt.date(2026, 3, 2))
    assert (rectify.due_on, rectify.working_days) == (dt.date(2026, 3, 16), 10)
    event = AuditEvent.objects.filter(event_type="platforms.action_requested").first()
    assert event.after["due_on"] == "2026-10-09"
    assert event.actor == regulator


def test_bad_requests_are_refused_naming_the_field(platform, regulator, platform_user):
    with pytest.raises(PlatformRefused, match="理由 必填"):
        request_platform_action(
            actor=regulator, platform=platform, kind="takedown", subject="x", reason=" "
        )
    with pytest.raises(PlatformRefused, match="处置要求 'close'"):
        request_platform_action(
            actor=regulator, platform=platform, kind="close", subject="x", reason="y"
        )
    with pytest.raises(PlatformNotPermitted):
        ask(platform, platform_user)
    assert not PlatformActionRequest.objects.exists()


def test_the_platform_replies_once_with_attachments_and_the_reply_is_audited(
    platform, regulator, platform_user
):
    request = ask(platform, regulator)
    with pytest.raises(PlatformRefused, match="答复说明 必填"):
        reply_to_action_request(actor=platform_user, request=request, reply="taken_down", note="")
    with pytest.raises(PlatformRefused, match="不是 PDF、JPEG、PNG、WebP 或 MP4"):
        reply_to_action_request(
            actor=platform_user,
            request=request,
            reply="taken_down",
            note="已下架",
            attachments=[Upload("a.txt", b"hello")],
        )
    answered = reply_to_action_request(
        actor=platform_user,
        request=request,
        reply="taken_down",
        note="已于当日下架该商品",
        attachments=[Upload("截图.png", PNG)],
        today=dt.date(2026, 10, 12),
    )
    assert (answered.state, answered.reply, answered.replied_late) == (
        "answered",
        "taken_down",
        True,
    )
    assert [(a.name, a.content_type, a.size) for a in answered.attachments.all()] == [
        ("截图.png", "image/png", len(PNG))
    ]
    event = AuditEvent.objects.get(event_type="platforms.action_replied")
    assert event.after == {
        "state": "answered",
        "reply": "taken_down",
        "late": True,
        "attachments": ["截图.png"],
    }
    with pytest.raises(PlatformRefused, match="已于 2026-10-12 答复"):
        reply_to_action_request(actor=platform_user, request=request, reply="rectified", note="x")


def test_another_platform_cannot_reply(platform, regulator, other_platform_user):
    request = ask(platform, regulator)
    with pytest.raises(PlatformNotPermitted):
        reply_to_action_request(
            actor=other_platform_user, request=request, reply="disputed", note="不是我们的"
        )
    request.refresh_from_db()
    assert request.state == "awaiting"


def test_detail_page_scoping_for_the_bureau(platform, regulator, other_regulator, consumer):
    request = ask(platform, regulator)
    case = ScopingCase(
        url=reverse("platforms:action-request", args=[request.pk]),
        missing_url=reverse("platforms:action-request", args=[999999]),
        api=False,
    )
    page = assert_scoping_matrix(
        case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=consumer
    ).content.decode()
    assert "2026-10-09" in page
    assert "（依据未核实）" in page
    assert 'data-testid="reply-form"' not in page


def test_detail_page_and_list_scoping_between_platforms(
    platform, regulator, platform_user, other_platform_user, other_regulator
):
    request = ask(platform, regulator)
    case = ScopingCase(
        url=reverse("platforms:action-request", args=[request.pk]),
        missing_url=reverse("platforms:action-request", args=[999999]),
        api=False,
    )
    page = assert_scoping_matrix(
        case,
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=other_platform_user,
    ).content.decode()
    assert 'data-testid="reply-form"' in page
    client = Client()
    client.force_login(other_platform_user)
    listing = client.get(reverse("platforms:action-requests")).content.decode()
    assert "某品牌奶粉" not in listing
    assert "暂无处置要求" in listing
    client.force_login(platform_user)
    assert "某品牌奶粉" in client.get(reverse("platforms:action-requests")).content.decode()


def test_reply_endpoint_scoping(
    platform, regulator, platform_user, other_platform_user, other_regulator
):
    request = ask(platform, regulator)
    case = ScopingCase(
        url=reverse("platforms:action-reply", args=[request.pk]),
        missing_url=reverse("platforms:action-reply", args=[999999]),
        method="post",
        data={"reply": "disputed", "note": "该商品已于此前下架"},
        permitted_status=302,
        api=False,
    )
    assert_scoping_matrix(
        case,
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=other_platform_user,
    )
    request.refresh_from_db()
    assert (request.reply, request.reply_note) == ("disputed", "该商品已于此前下架")


def test_reply_page_accepts_an_attachment_and_serves_it_only_in_scope(
    platform, regulator, platform_user, other_platform_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = ask(platform, regulator)
    client = Client()
    client.force_login(platform_user)
    client.post(
        reverse("platforms:action-reply", args=[request.pk]),
        {
            "reply": "rectified",
            "note": "已责令店铺修改宣传用语",
            "attachments": [SimpleUploadedFile("整改.png", PNG, content_type="image/png")],
        },
    )
    attachment = request.attachments.get()
    url = reverse("platforms:action-attachment", args=[request.pk, attachment.pk])
    client.force_login(regulator)
    assert client.get(url).content == PNG
    client.force_login(other_platform_user)
    assert client.get(url).status_code == 404


def test_request_from_the_platform_page_scoping(
    platform, regulator, other_regulator, platform_user
):
    case = ScopingCase(
        url=reverse("platforms:request-action", args=[platform.pk]),
        missing_url=reverse("platforms:request-action", args=[999999]),
        method="post",
        data={"kind": "takedown", "subject": "链接 A", "reason": "虚假宣传"},
        permitted_status=302,
        api=False,
    )
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
        response = assert_scoping_matrix(
            case,
            permitted=regulator,
            other_jurisdiction=other_regulator,
            no_permission=platform_user,
        )
    request = PlatformActionRequest.objects.get()
    assert response["Location"] == reverse("platforms:action-request", args=[request.pk])
    assert (request.due_on, request.division) == (dt.date(2026, 3, 5), platform.division)


def test_request_from_a_finding_page_through_the_platforms_tag(
    divisions, regulator, other_regulator, consumer
):
    load_legal_catalogue()
    world = make_monitoring_world(divisions)
    feed_batch(regulator, world)
    finding = Finding.objects.filter(shop__shop_id="S-001").first()
    clue = confirm_findings(actor=regulator, finding_ids=[finding.pk], note="核查")
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("monitoring:finding-detail", args=[finding.pk])).content.decode()
    assert reverse("platforms:request-action-finding", args=[finding.pk]) in page
    clue_page = client.get(reverse("monitoring:clue-detail", args=[clue.pk])).content.decode()
    assert reverse("platforms:request-action-clue", args=[clue.pk]) in clue_page
    case = ScopingCase(
        url=reverse("platforms:request-action-finding", args=[finding.pk]),
        missing_url=reverse("platforms:request-action-finding", args=[999999]),
        method="post",
        data={"kind": "takedown", "subject": "", "reason": "宣称治疗功效"},
        permitted_status=302,
        api=False,
    )
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
        assert_scoping_matrix(
            case, permitted=regulator, other_jurisdiction=other_regulator, no_permission=consumer
        )
    request = PlatformActionRequest.objects.get()
    assert (request.finding, request.shop.shop_id, request.platform) == (
        finding,
        "S-001",
        world["platform"],
    )
    assert request.subject == f"甲乙食品旗舰店：{finding.match}"
    page = client.get(reverse("monitoring:finding-detail", args=[finding.pk])).content.decode()
    assert f"处置要求 #{request.pk}" in page
    # The platform sees it on its own page.
    client.force_login(make_platform_user(world["platform"]))
    own = client.get(reverse("platforms:platform", args=[world["platform"].pk])).content.decode()
    assert f"甲乙食品旗舰店：{finding.match}" in own


def test_overdue_requests_are_flagged_on_both_home_pages(
    platform, regulator, platform_user, other_platform_user
):
    ask(platform, regulator, today=dt.date(2026, 3, 2))  # due 2026-03-05
    label = "逾期未答复的平台处置要求"

    def card(user):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("core:home")).content.decode()
        return page.split(f'data-card="{label}"', 1)[1].split("</div>", 1)[0]

    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=SHANGHAI)):
        assert card(regulator).endswith(">0")
    with time_machine.travel(dt.datetime(2026, 3, 6, 10, tzinfo=SHANGHAI)):
        assert card(regulator).endswith(">1")
        assert card(platform_user).endswith(">1")
        assert card(other_platform_user).endswith(">0")


def test_api_token_lists_and_replies_within_the_platform(
    platform, regulator, platform_user, other_platform_user, other_regulator, merchant
):
    request = ask(platform, regulator)
    case = ScopingCase(
        url=f"/api/v1/platforms/action-requests/{request.pk}/",
        missing_url="/api/v1/platforms/action-requests/999999/",
    )
    body = assert_scoping_matrix(
        case, permitted=platform_user, other_jurisdiction=other_regulator, no_permission=merchant
    ).json()
    assert (body["due_on"], body["kind_label"], body["state"]) == (
        "2026-10-09",
        "删除、屏蔽或下架",
        "awaiting",
    )
    other = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(other_platform_user)}")
    assert other.get("/api/v1/platforms/action-requests/").json()["results"] == []
    refused = other.post(
        f"/api/v1/platforms/action-requests/{request.pk}/reply/",
        {"reply": "disputed", "note": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    own = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(platform_user)}")
    answered = own.post(
        f"/api/v1/platforms/action-requests/{request.pk}/reply/",
        {
            "reply": "taken_down",
            "note": "已下架",
            "attachments": [{"name": "s.png", "content_base64": base64.b64encode(PNG).decode()}],
        },
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.content
    assert (answered.json()["reply_label"], answered.json()["attachments"][0]["size"]) == (
        "已下架",
        len(PNG),
    )


def test_an_unconfirmed_finding_cannot_be_sent_to_the_platform(divisions, regulator):
    load_legal_catalogue()
    world = make_monitoring_world(divisions)
    feed_batch(regulator, world)
    finding = Finding.objects.filter(shop__shop_id="S-001", state="open").first()
    with pytest.raises(PlatformRefused, match="须先确认（研判状态为 待研判）"):
        request_platform_action(actor=regulator, kind="takedown", reason="x", finding=finding)
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("monitoring:finding-detail", args=[finding.pk])).content.decode()
    assert "确认本监测发现后，可要求平台处置。" in page
    assert reverse("platforms:request-action-finding", args=[finding.pk]) not in page
    assert not PlatformActionRequest.objects.exists()
