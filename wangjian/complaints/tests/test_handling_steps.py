"""Handling steps on the record page: irreversible steps are asked again, with what they will
do; no 终止调解 ground is chosen for the handler; the handler (承办人) is assigned and
reassigned; sending a notice to a party is recorded (who, how, when)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.complaints import actions
from wangjian.complaints.choices import State
from wangjian.complaints.tests.factories import file
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _step(complaint, step: str) -> str:
    return reverse("complaints:step", args=[complaint.pk, step])


def test_acceptance_is_confirmed_and_the_message_gives_the_mediation_deadline(
    world, divisions, regulator, year_2027
):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 1)).records[0]
    client = _client(regulator)
    asked = client.post(_step(complaint, "accept"), {"on": "2026-12-02"})
    assert asked.status_code == 200
    page = asked.content.decode()
    # 45 working days from 12-02: 12-03…12-31 (21), 1 January off, January (20), 2-1…2-4.
    assert "调解期限自受理之日起计算，至 2027-02-04 届满；受理通知书将载明该日期。" in page
    assert "此步骤不能撤回。" in page
    complaint.refresh_from_db()
    assert complaint.state == State.RECEIVED
    assert not AuditEvent.objects.filter(event_type="complaints.accepted").exists()

    done = client.post(
        _step(complaint, "accept"), {"on": "2026-12-02", "confirmed": "yes"}, follow=True
    )
    assert "已受理，调解期限至 2027-02-04。" in done.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == State.MEDIATING


def test_acceptance_into_an_uncovered_year_is_refused_on_the_confirmation_page(
    world, divisions, regulator
):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 1)).records[0]
    page = _client(regulator).post(_step(complaint, "accept")).content.decode()
    assert (
        "不能受理：2027 年工作日表未录入，无法计算期限：请系统管理员在“工作日历”页按国务院办公厅"
        "2027年部分节假日安排通知录入。"
    ) in page
    assert 'data-testid="confirm"' not in page


def test_no_termination_ground_is_preselected_and_one_is_required(world, divisions, regulator):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 10, 9)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 10, 12)
    )
    client = _client(regulator)
    detail = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    select = detail[detail.index('data-testid="termination-ground"') :]
    select = select[: select.index("</select>")]
    assert "selected" not in select
    assert '<option value="">请选择</option>' in select

    asked = client.post(_step(complaint, "terminate"), {"reason": "被投诉人拒绝调解"})
    assert (
        '<span class="error" id="ground-error" data-testid="ground-error">请选择情形。</span>'
        in (asked.content.decode())
    )
    refused = client.post(
        _step(complaint, "terminate"), {"reason": "被投诉人拒绝调解", "confirmed": "yes"}
    )
    assert refused.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.MEDIATING

    client.post(
        _step(complaint, "terminate"),
        {"ground": "21", "reason": "被投诉人拒绝调解", "confirmed": "yes", "on": "2026-12-03"},
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.decision_ground) == (State.TERMINATED, "21")


def test_a_handler_is_assigned_and_reassigned_with_audit(
    world, divisions, regulator, section_chief, other_regulator
):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 1)).records[0]
    candidates = set(actions.handler_candidates(complaint))
    assert {regulator, section_chief} <= candidates
    assert other_regulator not in candidates
    client = _client(section_chief)
    done = client.post(_step(complaint, "assign"), {"handler": regulator.pk}, follow=True)
    assert f"承办人已指定为{regulator}。" in done.content.decode()
    client.post(_step(complaint, "assign"), {"handler": section_chief.pk})
    complaint.refresh_from_db()
    assert complaint.handler == section_chief
    events = AuditEvent.objects.filter(event_type="complaints.handler_assigned").order_by(
        "sequence"
    )
    assert [(e.before["handler"], e.after["handler"]) for e in events] == [
        (None, regulator.username),
        (regulator.username, section_chief.username),
    ]
    # Someone of another bureau is not offered and is refused next to the field.
    refused = client.post(_step(complaint, "assign"), {"handler": other_regulator.pk})
    assert refused.status_code == 200
    assert refused.context["assign_form"].errors["handler"]
    with pytest.raises(actions.ComplaintError) as error:
        actions.assign_handler(actor=section_chief, complaint=complaint, handler=other_regulator)
    assert (error.value.field, error.value.rule) == ("handler", "handler_of_bureau")


def test_assigning_a_handler_scoping_matrix(world, divisions, regulator, other_regulator, consumer):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 12, 1)).records[0]
    assert_scoping_matrix(
        ScopingCase(
            _step(complaint, "assign"),
            "/complaints/999999/step/assign/",
            method="post",
            data={"handler": regulator.pk},
            permitted_status=302,
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    complaint.refresh_from_db()
    assert complaint.handler == regulator


def test_sending_a_notice_is_recorded_and_completes_its_clock(world, divisions, regulator):
    complaint = file(divisions["yangpu"], on=dt.date(2026, 10, 9)).records[0]
    actions.decide_acceptance(
        actor=regulator, complaint=complaint, accept=True, on=dt.date(2026, 10, 12)
    )
    actions.terminate_mediation(
        actor=regulator,
        complaint=complaint,
        ground="21",
        reason="拒绝调解",
        on=dt.date(2026, 11, 2),
    )
    client = _client(regulator)
    future = client.post(
        _step(complaint, "delivery"),
        {
            "document": "termination",
            "recipient": "complainant",
            "method": "post",
            "sent_on": "2027-01-04",
        },
    )
    assert future.status_code == 200
    assert future.context["delivery_form"].errors["sent_on"] == [
        f"{complaint.receipt_number} 字段 sent_on：送达日期不能晚于今天"
    ]
    done = client.post(
        _step(complaint, "delivery"),
        {
            "document": "termination",
            "recipient": "complainant",
            "method": "post",
            "sent_on": "2026-11-05",
            "note": "EMS 1234567890",
        },
        follow=True,
    )
    assert "已记录：终止调解告知书于 2026-11-05 以邮寄送达投诉人/举报人。" in done.content.decode()
    clock = complaint.clocks.get(step="termination_notice")
    assert (clock.completed_on, clock.timely) == (dt.date(2026, 11, 5), True)
    delivery = complaint.deliveries.get()
    assert (delivery.method, delivery.recorded_by) == ("post", regulator)
    event = AuditEvent.objects.get(event_type="complaints.notice_delivered")
    assert event.after == {
        "document": "termination",
        "recipient": "complainant",
        "method": "post",
        "sent_on": "2026-11-05",
        "timely": True,
    }
    # A notice the record has not produced cannot be recorded as sent.
    with pytest.raises(actions.ComplaintError) as refused:
        actions.record_notice_delivery(
            actor=regulator,
            complaint=complaint,
            document="non_acceptance",
            recipient="complainant",
            method="sms",
            sent_on=dt.date(2026, 11, 5),
        )
    assert (refused.value.field, refused.value.rule) == ("document", "state")
