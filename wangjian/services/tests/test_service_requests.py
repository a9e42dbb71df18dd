"""知识产权与质量服务请求: filed by the entity's account, deadline on the working-day calendar,
accepted and assigned, answered, rated; a 维权援助 request linked to the counterfeit findings on
the infringing shop and a platform take-down raised from one of them."""

import datetime as dt

import pytest
from django.apps import apps
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.working_days import add_working_days
from wangjian.services.actions import requests as actions
from wangjian.services.catalogue import request_type
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
MISSING = "00000000-0000-0000-0000-000000000000"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def consultation(merchant_user, entities, **extra):
    return actions.submit_service_request(
        actor=merchant_user,
        entity=entities["penalised"],
        kind="quality_consultation",
        subject="儿童服装标签标准",
        question="网店销售的儿童服装，耐久性标签应执行哪一项国家标准？",
        **extra,
    )


def test_quality_consultation_answered_in_time_and_rated(
    entities, merchant_user, regulator, partner
):
    submitted = consultation(
        merchant_user, entities, attachments=[actions.Upload("label.png", PNG)]
    )
    applied = request_type("quality_consultation", dt.date(2026, 12, 2))
    assert submitted.submitted_on == dt.date(2026, 12, 2)
    assert submitted.due_on == add_working_days(dt.date(2026, 12, 2), 10)
    assert submitted.rules_applied["verification"] == "local_practice"
    assert submitted.rules_applied["working_days"] == applied.response_working_days == 10
    attachment = submitted.messages.get().attachments.get()
    assert (attachment.content_type, attachment.size) == ("image/png", len(PNG))

    accepted = actions.accept_service_request(
        actor=regulator,
        service_request=submitted,
        assignee=partner,
        service_body="yangpu-quality-service-centre",
    )
    assert (accepted.state, accepted.assignee) == ("accepted", partner)
    answered = actions.answer_service_request(
        actor=partner, service_request=accepted, answer="执行 GB 31701-2015 及 GB/T 5296.4。"
    )
    assert answered.answered_on == dt.date(2026, 12, 2)
    assert answered.answered_in_time is True
    rated = actions.rate_service_request(
        actor=merchant_user, service_request=answered, rating=5, comment="答复及时"
    )
    assert (rated.state, rated.rating, rated.closed_on) == ("rated", 5, dt.date(2026, 12, 2))
    kinds = list(
        AuditEvent.objects.filter(event_type__startswith="services.service_request")
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert kinds == [
        "services.service_request_submitted",
        "services.service_request_accepted",
        "services.service_request_answered",
        "services.service_request_rated",
    ]
    page = client_for(merchant_user).get(f"/services/me/entities/{entities['penalised'].pk}/")
    assert "质量问诊：儿童服装标签标准" in page.content.decode()
    assert "满意度 5/5" in page.content.decode()


def test_the_state_machine_refuses_steps_out_of_order(entities, merchant_user, regulator):
    submitted = consultation(merchant_user, entities)
    with pytest.raises(ServiceRefused, match="仅已受理的请求可答复"):
        actions.answer_service_request(actor=regulator, service_request=submitted, answer="答")
    with pytest.raises(ServiceRefused, match="答复后方可评价"):
        actions.rate_service_request(actor=merchant_user, service_request=submitted, rating=4)
    accepted = actions.accept_service_request(actor=regulator, service_request=submitted)
    answered = actions.answer_service_request(
        actor=regulator, service_request=accepted, answer="已答复"
    )
    for rating in (0, 6, True):
        with pytest.raises(ServiceRefused, match="满意度须为 1 至 5"):
            actions.rate_service_request(
                actor=merchant_user, service_request=answered, rating=rating
            )
    actions.close_service_request(actor=merchant_user, service_request=answered)
    with pytest.raises(ServiceRefused, match="请求已办结，不能再留言"):
        actions.post_service_message(actor=merchant_user, service_request=answered, body="还有问题")


def test_bad_input_is_refused_naming_the_field(entities, merchant_user, other_merchant):
    with pytest.raises(ServiceRefused, match="字段 kind"):
        actions.submit_service_request(
            actor=merchant_user,
            entity=entities["penalised"],
            kind="nonsense",
            subject="x",
            question="一二三四五六七八九十",
        )
    with pytest.raises(ServiceRefused, match="字段 infringed_right/infringing_listings"):
        actions.submit_service_request(
            actor=merchant_user,
            entity=entities["penalised"],
            kind="ip_assistance",
            subject="商标被仿冒",
            question="有店铺销售仿冒我司注册商标的商品",
        )
    with pytest.raises(ServiceRefused, match="不是 PDF、JPEG、PNG、WebP 或 MP4"):
        consultation(merchant_user, entities, attachments=[actions.Upload("a.jpg", b"MZ\x90")])
    with pytest.raises(ServiceNotPermitted):
        consultation(other_merchant, entities)


def test_a_partner_answers_only_what_it_is_assigned(entities, merchant_user, regulator, partner):
    submitted = consultation(merchant_user, entities)
    accepted = actions.accept_service_request(actor=regulator, service_request=submitted)
    with pytest.raises(ServiceNotPermitted):
        actions.answer_service_request(actor=partner, service_request=accepted, answer="答")
    queue = client_for(partner).get("/services/service-requests/")
    assert "儿童服装标签标准" not in queue.content.decode()


def ip_assistance(merchant_user, entities, world):
    return actions.submit_service_request(
        actor=merchant_user,
        entity=entities["penalised"],
        kind="ip_assistance",
        subject="“甲服务”注册商标被仿冒",
        question="好物商城的甲乙食品旗舰店销售标有我司注册商标的高仿商品。",
        infringed_right="第 12345678 号注册商标（第 25 类）",
        infringing_listings=f"{world['yangpu_shop'].url}\n某不存在的店",
    )


def counterfeit_finding(world, regulator):
    from wangjian.monitoring.actions import confirm_findings, receive_feed
    from wangjian.monitoring.models import Finding

    receive_feed(
        actor=regulator,
        platform=world["platform"],
        external_id="IP-1",
        records=[{"id": "L-IP", "text": "大牌高仿包包，走量价", "shop_id": "S-001"}],
    )
    finding = Finding.objects.get(rule="PG-001")
    confirm_findings(actor=regulator, finding_ids=[finding.pk], note="仿冒注册商标")
    finding.refresh_from_db()
    return finding


def test_ip_assistance_links_the_findings_and_raises_a_takedown(
    entities, merchant_user, regulator, other_regulator, world
):
    submitted = ip_assistance(merchant_user, entities, world)
    assert list(submitted.infringing_shops.all()) == [world["yangpu_shop"]]
    finding = counterfeit_finding(world, regulator)
    assert list(actions.counterfeit_findings(submitted, regulator)) == [finding]
    assert list(actions.counterfeit_findings(submitted, other_regulator)) == []

    page = client_for(regulator).get(f"/services/service-requests/{submitted.public_id}/")
    body = page.content.decode()
    assert body.count('data-testid="finding"') == 1
    response = client_for(regulator).post(
        f"/services/service-requests/{submitted.public_id}/takedown/",
        {"finding": finding.pk, "reason": "销售仿冒注册商标商品（商标法第五十七条）"},
    )
    assert response.status_code == 302
    # The platforms app sits beside services (no import): its model is looked up by name.
    platform_requests = apps.get_model("platforms", "PlatformActionRequest").objects
    takedown = submitted.takedowns.get()
    platform_request = platform_requests.get(pk=takedown.action_request_id)
    assert (platform_request.kind, platform_request.finding, platform_request.platform) == (
        "takedown",
        finding,
        world["platform"],
    )
    assert (takedown.finding, takedown.due_on) == (finding, platform_request.due_on)
    assert (
        'data-testid="takedown"'
        in client_for(regulator)
        .get(f"/services/service-requests/{submitted.public_id}/")
        .content.decode()
    )
    assert (
        AuditEvent.objects.filter(
            event_type="services.service_request_takedown_raised", target_id=str(submitted.pk)
        ).count()
        == 1
    )
    # The merchant sees neither the findings nor the take-down.
    merchant_page = client_for(merchant_user).get(
        f"/services/service-requests/{submitted.public_id}/"
    )
    assert 'data-testid="finding"' not in merchant_page.content.decode()


def test_public_directory_lists_bodies_and_local_practice_periods(db):
    page = Client().get("/services/directory/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('data-testid="service-body"') == 3
    assert body.count('data-testid="request-type"') == 5
    assert "长阳创谷知识产权工作站" in body
    assert "本地做法，非法定期限" in body


def test_scoping_matrix_of_the_request_pages(
    entities,
    merchant_user,
    other_merchant,
    regulator,
    other_regulator,
    consumer,
    partner,
    association_user,
):
    submitted = consultation(merchant_user, entities)
    detail = f"/services/service-requests/{submitted.public_id}/"
    missing = f"/services/service-requests/{MISSING}/"
    for permitted in (merchant_user, regulator):
        assert_scoping_matrix(
            ScopingCase(url=detail, missing_url=missing, api=False),
            permitted=permitted,
            other_jurisdiction=other_regulator,
            no_permission=consumer,
        )
    # Another merchant, an unassigned partner body and an association see nothing of it.
    for outsider in (other_merchant, partner, association_user):
        assert client_for(outsider).get(detail).status_code == 404
    actions.accept_service_request(actor=regulator, service_request=submitted, assignee=partner)
    assert_scoping_matrix(
        ScopingCase(url=detail, missing_url=missing, api=False),
        permitted=partner,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    entity_page = f"/services/me/entities/{entities['penalised'].pk}/service-requests/"
    assert_scoping_matrix(
        ScopingCase(
            url=entity_page, missing_url="/services/me/entities/0/service-requests/", api=False
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=regulator,
    )
    assert_scoping_matrix(
        ScopingCase(
            url="/services/service-requests/", missing_url="/services/service-requests/", api=False
        ),
        permitted=partner,
        other_jurisdiction=consumer,
        no_permission=merchant_user,
    )


@pytest.mark.parametrize("operation", ["message", "accept", "answer", "rate", "close", "takedown"])
def test_scoping_matrix_of_the_request_writes(
    operation, entities, merchant_user, regulator, other_regulator, consumer
):
    submitted = consultation(merchant_user, entities)
    permitted = merchant_user if operation in ("message", "rate", "close") else regulator
    case = ScopingCase(
        url=f"/services/service-requests/{submitted.public_id}/{operation}/",
        missing_url=f"/services/service-requests/{MISSING}/{operation}/",
        method="post",
        data={"body": "补充说明", "answer": "答", "rating": "5", "finding": "0"},
        api=False,
        permitted_status=404 if operation == "takedown" else 302,
    )
    assert_scoping_matrix(
        case, permitted=permitted, other_jurisdiction=other_regulator, no_permission=consumer
    )


def test_attachment_download_is_typed_audited_and_scoped(
    entities, merchant_user, other_merchant, regulator, other_regulator, consumer
):
    submitted = consultation(
        merchant_user, entities, attachments=[actions.Upload("label.png", PNG)]
    )
    attachment = submitted.messages.get().attachments.get()
    url = f"/services/service-requests/{submitted.public_id}/attachments/{attachment.pk}/"
    assert client_for(other_merchant).get(url).status_code == 404
    response = assert_scoping_matrix(
        ScopingCase(
            url=url,
            missing_url=f"/services/service-requests/{submitted.public_id}/attachments/0/",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert (response.status_code, response["Content-Type"], response.content) == (
        200,
        "image/png",
        PNG,
    )
    assert AuditEvent.objects.filter(event_type="services.service_attachment_viewed").count() == 1


def test_home_card_counts_open_requests_per_viewer(
    entities, merchant_user, regulator, other_regulator, partner
):
    from wangjian.core.home import cards_for

    def figure(user):
        return {str(card.label): card.value for card in cards_for(user)}.get(
            "待办理的知识产权与质量服务请求"
        )

    submitted = consultation(merchant_user, entities)
    consultation(merchant_user, entities)
    assert (figure(regulator), figure(other_regulator), figure(partner)) == (2, 0, 0)
    actions.accept_service_request(actor=regulator, service_request=submitted, assignee=partner)
    assert (figure(regulator), figure(partner), figure(merchant_user)) == (2, 1, None)
