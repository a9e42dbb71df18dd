"""Merchant self-service: its own record, 信用修复 with the conditions shown first, 异议 with
attachments answered by a regulator; a merchant reaches only its own."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.credit import actions as credit
from wangjian.credit.models import RepairApplication
from wangjian.services.actions.merchant import answer_objection, file_objection
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused
from wangjian.services.models import Objection

pytestmark = pytest.mark.django_db
MISSING = 999999


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def listed(entities):
    entry = credit.notify_listing(
        actor=None,
        entity=entities["penalised"],
        list_kind="abnormal",
        ground="通过登记的住所无法联系",
        ground_basis="abnormal-operation-list-measures-2014:4",
        notified_on=dt.date(2026, 9, 1),
    )
    return credit.decide_listing(
        actor=None, entry=entry, listed=True, decided_on=dt.date(2026, 10, 9)
    )


def test_record_page_scoping_and_content(entities, merchant_user, other_merchant, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/me/entities/{entities['penalised'].pk}/",
            missing_url=f"/services/me/entities/{MISSING}/",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    body = response.content.decode()
    assert "未明码标价，罚款五千元" in body
    assert "公示中（公示期至 2028-03-10）" in body
    assert "已移出（已履行义务（补报、公示、更正、变更住所））" in body
    assert "<td>2025年10月15日</td>" in body


def test_staff_cannot_open_the_merchant_pages(entities, regulator):
    assert (
        client_for(regulator).get(f"/services/me/entities/{entities['penalised'].pk}/").status_code
        == 404
    )


def test_repair_page_shows_the_conditions_and_submission_uses_credits_action(
    entities, listed, merchant_user
):
    url = f"/services/me/entities/{entities['penalised'].pk}/repair/"
    client = client_for(merchant_user)
    page = client.get(url, {"kind": "abnormal_removal", "target": listed.pk})
    body = page.content.decode()
    assert "✓ 满足：申请时仍在名单中" in body
    assert RepairApplication.objects.count() == 0

    response = client.post(
        url, {"kind": "abnormal_removal", "target": listed.pk, "statement": "已变更住所并登记"}
    )
    assert response.status_code == 302
    application = RepairApplication.objects.get()
    assert (application.entity, application.list_entry, application.kind) == (
        entities["penalised"],
        listed,
        "abnormal_removal",
    )
    assert all(condition["met"] for condition in application.conditions)
    assert (
        AuditEvent.objects.filter(
            event_type="services.repair_applied_by_merchant", actor=merchant_user
        ).count()
        == 1
    )


def test_repair_form_scoping(entities, listed, merchant_user, other_merchant, consumer):
    query = f"?kind=abnormal_removal&target={listed.pk}"
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/me/entities/{entities['penalised'].pk}/repair/{query}",
            missing_url=f"/services/me/entities/{MISSING}/repair/{query}",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert "✓ 满足：申请时仍在名单中" in response.content.decode()


def test_objection_form_scoping(entities, merchant_user, other_merchant, consumer):
    query = f"?kind=credit_event&target={entities['penalty'].pk}"
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/me/entities/{entities['penalised'].pk}/objections/new/{query}",
            missing_url=f"/services/me/entities/{MISSING}/objections/new/{query}",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert "15 个工作日内核查并答复" in response.content.decode()


def test_merchant_cannot_apply_for_another_entitys_record(entities, listed, other_merchant):
    url = f"/services/me/entities/{entities['clean'].pk}/repair/"
    response = client_for(other_merchant).get(
        url, {"kind": "abnormal_removal", "target": listed.pk}
    )
    assert response.status_code == 404
    response = client_for(other_merchant).post(
        f"/services/me/entities/{entities['penalised'].pk}/repair/",
        {"kind": "abnormal_removal", "target": listed.pk, "statement": "x"},
    )
    assert response.status_code == 404
    assert RepairApplication.objects.count() == 0


def test_objection_with_attachment_then_regulator_answers(
    entities, merchant_user, regulator, other_regulator
):
    url = f"/services/me/entities/{entities['penalised'].pk}/objections/new/"
    client = client_for(merchant_user)
    form = client.get(url, {"kind": "credit_event", "target": entities["penalty"].pk})
    assert "15 个工作日内核查并答复" in form.content.decode()
    response = client.post(
        url,
        {
            "kind": "credit_event",
            "target": entities["penalty"].pk,
            "reason": "罚款已缴纳，处罚决定书编号有误",
            "files": [SimpleUploadedFile("缴款凭证.pdf", b"%PDF-1.4 receipt")],
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.state == "pending"
    assert objection.due_basis["verification"] == "unconfirmed"
    assert objection.due_on > objection.filed_on
    assert [a.name for a in objection.attachments.all()] == ["缴款凭证.pdf"]

    detail = f"/services/objections/{objection.public_id}/"
    assert client_for(other_regulator).get(detail).status_code == 404
    answered = client_for(regulator).post(detail, {"upheld": "0", "answer": "经核查，记录无误"})
    assert answered.status_code == 302
    objection.refresh_from_db()
    assert (objection.state, objection.answered_by) == ("rejected", regulator)
    assert "经核查，记录无误" in client.get(detail).content.decode()


def test_objection_detail_scoping(entities, merchant_user, other_merchant, consumer):
    objection = file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="list_entry",
        target_id=entities["entry"].pk,
        reason="列入事由不实",
    )
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/objections/{objection.public_id}/",
            missing_url="/services/objections/00000000-0000-0000-0000-000000000000/",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )


def test_objection_against_another_entitys_record_is_refused(entities, other_merchant):

    with pytest.raises(ServiceNotPermitted):
        file_objection(
            actor=other_merchant,
            entity=entities["clean"],
            target_kind="credit_event",
            target_id=entities["penalty"].pk,
            reason="x",
        )


def test_objection_answered_twice_is_refused(entities, merchant_user, regulator):

    objection = file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="credit_event",
        target_id=entities["penalty"].pk,
        reason="金额有误",
    )
    answer_objection(actor=regulator, objection=objection, upheld=True, answer="已更正")
    with pytest.raises(ServiceRefused) as refused:
        answer_objection(actor=regulator, objection=objection, upheld=False, answer="再答")
    label = f"异议 {objection.public_id}"
    assert refused.value.code == "wrong_state"
    assert (refused.value.zh, refused.value.en) == (
        f"{label}：已答复",
        f"{label}: already answered",
    )


def test_objection_queue_scoping(entities, merchant_user, regulator, other_regulator):
    file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="credit_event",
        target_id=entities["penalty"].pk,
        reason="金额有误",
    )
    assert (
        "上海甲服务贸易有限公司"
        in client_for(regulator).get("/services/objections/").content.decode()
    )
    assert (
        "上海甲服务贸易有限公司"
        not in client_for(other_regulator).get("/services/objections/").content.decode()
    )
    assert client_for(merchant_user).get("/services/objections/").status_code == 404


def test_objection_names_the_record_not_its_key(entities, merchant_user):
    objection = file_objection(
        actor=merchant_user,
        entity=entities["penalised"],
        target_kind="list_entry",
        target_id=entities["entry"].pk,
        reason="列入事由不实",
    )
    assert objection.target_summary == "经营异常名录（2025-08-01）：未按规定期限公示年度报告"
