"""异地协查: a request from Yangpu to Pudong is answered and both see the thread; a third
bureau sees nothing; the province sees both; clocks, overdue cards and referral conversion."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from wangjian.collaboration import actions
from wangjian.collaboration.choices import RequestState
from wangjian.collaboration.error_codes import CollaborationNotPermitted
from wangjian.collaboration.models import AssistanceRequest, RequestMessage
from wangjian.collaboration.tests.conftest import make_pudong_evidence
from wangjian.core.home import cards_for
from wangjian.core.models import AuditEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def send(regulator, pudong_bureau, world, **extra):
    values = {
        "actor": regulator,
        "receiving_unit": pudong_bureau,
        "subject_text": "张江美妆专营店",
        "questions": "请核实该店铺实际经营地址及经营者身份。",
        "requested_by": dt.date(2026, 12, 31),
        "shop": world["pudong_shop"],
        "entity": world["pudong_seller"],
    }
    values.update(extra)
    return actions.send_request(**values)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_yangpu_request_answered_by_pudong_both_see_the_thread(
    regulator, other_regulator, pudong_bureau, world, hongkou_regulator, province_admin
):
    request = send(regulator, pudong_bureau, world, attachments=[actions.Upload("协查函.pdf", PDF)])
    assert request.number == f"XC2026-{request.pk:06d}"
    assert request.sent_on == dt.date(2026, 12, 2)
    # 3 working days (local practice) and 15 working days (unconfirmed) from Wednesday 2 Dec.
    assert request.accept_due_on == dt.date(2026, 12, 7)
    assert request.answer_due_on == dt.date(2026, 12, 23)
    assert request.clock_basis["accept"]["status"] == "local"
    assert request.clock_basis["answer"]["status"] == "unconfirmed"

    actions.accept_request(actor=other_regulator, request=request)
    evidence = make_pudong_evidence(other_regulator)
    actions.answer_request(
        actor=other_regulator,
        request=request,
        findings="经现场核查，该店铺实际经营地址属实，经营者为上海浦东张江美妆有限公司。",
        evidence_bundle_ids=[evidence.bundle_id],
    )
    request.refresh_from_db()
    assert request.state == RequestState.ANSWERED
    assert list(request.evidence.values_list("bundle_id", "manifest_sha256")) == [
        ("EV-2026-000001", "a" * 64)
    ]
    kinds = list(RequestMessage.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == ["sent", "accepted", "answer"]

    url = f"/collaboration/requests/{request.pk}/"
    for user in (regulator, other_regulator, province_admin):
        page = client_for(user).get(url)
        assert page.status_code == 200, user
        text = page.content.decode()
        assert "经现场核查，该店铺实际经营地址属实" in text
        assert "协查函.pdf" in text
        assert "EV-2026-000001" in text
    assert client_for(hongkou_regulator).get(url).status_code == 404
    assert (
        client_for(hongkou_regulator).get("/collaboration/").content.decode().count(request.number)
        == 0
    )
    province_list = client_for(province_admin).get("/collaboration/").content.decode()
    assert request.number in province_list
    assert "辖区内各局之间的请求" in province_list


def test_province_only_reads(regulator, pudong_bureau, world, province_admin):
    request = send(regulator, pudong_bureau, world)
    with pytest.raises(CollaborationNotPermitted):
        actions.post_message(actor=province_admin, request=request, body="请加快办理")
    with pytest.raises(CollaborationNotPermitted):
        actions.accept_request(actor=province_admin, request=request)


def test_requesting_side_cannot_answer_its_own_request(regulator, pudong_bureau, world):
    request = send(regulator, pudong_bureau, world)
    with pytest.raises(CollaborationNotPermitted):
        actions.accept_request(actor=regulator, request=request)
    assert AssistanceRequest.objects.get().state == RequestState.SENT


def test_more_information_then_supplement_resumes_and_decline_closes(
    regulator, other_regulator, pudong_bureau, world
):
    request = send(regulator, pudong_bureau, world)
    actions.accept_request(actor=other_regulator, request=request)
    actions.ask_for_more(actor=other_regulator, request=request, body="请提供店铺后台截图。")
    request.refresh_from_db()
    assert request.state == RequestState.MORE_INFO
    assert request.supplement_due_on == dt.date(2026, 12, 9)
    actions.send_supplement(
        actor=regulator,
        request=request,
        body="截图见附件",
        attachments=[actions.Upload("a.pdf", PDF)],
    )
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.attachments.count() == 1
    actions.decline_request(actor=other_regulator, request=request, reason="不属于本局职权范围")
    request.refresh_from_db()
    assert (request.state, request.decline_reason) == (RequestState.DECLINED, "不属于本局职权范围")
    with pytest.raises(ValidationError) as error:
        actions.accept_request(actor=other_regulator, request=request)
    assert "已退回" in str(error.value)


def test_answer_refuses_evidence_of_another_bureau(
    regulator, other_regulator, pudong_bureau, world
):
    request = send(regulator, pudong_bureau, world)
    actions.accept_request(actor=other_regulator, request=request)
    make_pudong_evidence(regulator, bundle_id="EV-2026-000009")  # Yangpu's own evidence
    with pytest.raises(ValidationError) as error:
        actions.answer_request(
            actor=other_regulator,
            request=request,
            findings="结果",
            evidence_bundle_ids=["EV-2026-000009"],
        )
    assert "EV-2026-000009" in str(error.value)
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED


def test_bad_input_is_refused_with_the_field_named(regulator, yangpu_bureau, pudong_bureau, world):
    with pytest.raises(ValidationError) as own:
        send(regulator, yangpu_bureau, world, shop=None, entity=None)
    assert own.value.field == "receiving_unit"
    with pytest.raises(ValidationError) as past:
        send(regulator, pudong_bureau, world, requested_by=dt.date(2026, 12, 1))
    assert past.value.field == "requested_by"
    with pytest.raises(ValidationError) as exe:
        send(regulator, pudong_bureau, world, attachments=[actions.Upload("x.pdf", b"MZ\x90")])
    assert exe.value.field == "attachments"
    assert AssistanceRequest.objects.count() == 0


def test_request_across_provinces(regulator, zhejiang_bureau, world, province_admin):
    request = send(regulator, zhejiang_bureau, world, shop=None, entity=None)
    assert request.receiving_unit == zhejiang_bureau
    assert AssistanceRequest.objects.visible_to(province_admin).filter(pk=request.pk).exists()


def test_overdue_shows_on_both_home_pages(regulator, other_regulator, pudong_bureau, world):
    send(regulator, pudong_bureau, world)
    with time_machine.travel(dt.datetime(2026, 12, 24, 10, 0, tzinfo=SHANGHAI), tick=False):
        incoming = {str(c.label): c.value for c in cards_for(other_regulator)}
        outgoing = {str(c.label): c.value for c in cards_for(regulator)}
    assert incoming["逾期未办的来函协查"] == 1
    assert outgoing["对方逾期未复的发函协查"] == 1
    assert incoming["对方逾期未复的发函协查"] == 0
    # Still inside the periods: nothing is overdue.
    assert {str(c.label): c.value for c in cards_for(other_regulator)}["逾期未办的来函协查"] == 0


def test_unaccepted_past_accept_date_is_overdue(regulator, pudong_bureau, world):
    request = send(regulator, pudong_bureau, world)
    assert not AssistanceRequest.objects.overdue(dt.date(2026, 12, 7)).exists()
    assert list(AssistanceRequest.objects.overdue(dt.date(2026, 12, 8))) == [request]


def test_referral_becomes_incoming_transfer_at_the_receiving_bureau(
    regulator, other_regulator, pudong_bureau, referral, world
):
    request = actions.convert_referral(actor=regulator, referral=referral)
    assert request.kind == "transfer"
    assert request.number.startswith("YS2026-")
    assert request.receiving_unit == pudong_bureau
    assert request.shop == world["pudong_shop"]
    assert list(AssistanceRequest.objects.incoming_for(other_regulator)) == [request]
    # Converting again returns the same request.
    assert actions.convert_referral(actor=regulator, referral=referral) == request
    assert AssistanceRequest.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="collaboration.referral_converted").count() == 1


def test_only_the_referring_bureau_converts(other_regulator, referral, pudong_bureau):
    with pytest.raises(CollaborationNotPermitted):
        actions.convert_referral(actor=other_regulator, referral=referral)
    assert AssistanceRequest.objects.count() == 0


def test_referral_list_and_convert_page(regulator, referral, pudong_bureau):
    client = client_for(regulator)
    listing = client.get("/collaboration/").content.decode()
    assert "张江美妆专营店" in listing
    response = client.post(f"/collaboration/referrals/{referral.pk}/convert/")
    request = AssistanceRequest.objects.get()
    assert response["Location"] == f"/collaboration/requests/{request.pk}/"
    assert "发出移送" not in client.get("/collaboration/").content.decode()


def test_new_request_page_sends(regulator, pudong_bureau, world):
    client = client_for(regulator)
    page = client.get("/collaboration/new/")
    options = [str(unit) for unit in page.context["form"].fields["receiving_unit"].queryset]
    assert options == ["上海市浦东新区市场监督管理局"]
    response = client.post(
        "/collaboration/new/",
        {
            "receiving_unit": pudong_bureau.pk,
            "subject_text": "张江美妆专营店",
            "entity_uscc": world["pudong_seller"].uscc,
            "questions": "请核实经营地址。",
            "requested_by": "2026-12-30",
        },
    )
    request = AssistanceRequest.objects.get()
    assert response["Location"] == f"/collaboration/requests/{request.pk}/"
    assert request.entity == world["pudong_seller"]


def test_pages_have_an_english_catalogue(regulator, pudong_bureau, world):
    request = send(regulator, pudong_bureau, world)
    client = client_for(regulator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = client.get("/collaboration/").content.decode()
    assert "Cross-region assistance and transfers" in listing
    detail = client.get(f"/collaboration/requests/{request.pk}/").content.decode()
    assert "Answer requested by" in detail
    board = client.get("/dashboards/").content.decode()
    assert "Monitoring findings by rule family and month" in board


def test_a_year_without_a_working_day_table_is_refused_not_guessed(regulator, pudong_bureau, world):
    # chinesecalendar covers 2026; the answer period from 2026-12-21 reaches 2027.
    day = dt.datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(day, tick=False), pytest.raises(ValidationError) as error:
        send(regulator, pudong_bureau, world, requested_by=dt.date(2027, 1, 31))
    assert error.value.field == "calendar"
    assert "2027" in str(error.value)
    assert AssistanceRequest.objects.count() == 0
