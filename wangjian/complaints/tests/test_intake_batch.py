"""Batched API intake: external ids checked for the whole batch, one audit event per record on
a verifying chain, and statements per batch rather than per record."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wangjian.complaints.actions import file_submissions
from wangjian.complaints.choices import Channel
from wangjian.complaints.models import Complaint
from wangjian.complaints.tests.factories import intake
from wangjian.core.audit import verify_chain
from wangjian.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/complaints/"


def payload(world, number: int, external_id: str) -> dict:
    return {
        "kinds": ["complaint"],
        "external_id": external_id,
        "received_on": "2026-02-12",
        "complainant_name": "王芳",
        "complainant_phone": f"1370000{number:04d}",
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": world["yangpu_shop"].url,
        "facts": f"第{number}次购买的牛肉干包装破损且有异味，商家拒绝退货，要求平台介入处理。",
    }


def api_client(regulator) -> Client:
    from wangjian.core.tests.factories import make_api_token

    return Client(HTTP_AUTHORIZATION=f"Token {make_api_token(regulator)}")


def test_a_batch_repeating_an_external_id_is_refused_naming_both_submissions(
    world, divisions, regulator
):
    client = api_client(regulator)
    batch = [
        payload(world, 1, "12315-A"),
        payload(world, 2, "12315-B"),
        payload(world, 3, "12315-A"),
    ]

    refused = client.post(URL, batch, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["external_id"] == [
        "第 3 条投诉举报 字段 external_id：外部编号 12315-A 与第 1 条重复，同一批次中每个外部编号"
        "只能出现一次"
    ]
    assert not Complaint.objects.exists()
    assert not AuditEvent.objects.filter(event_type="complaints.filed").exists()


def test_a_batch_with_external_ids_filed_before_answers_with_the_earlier_records(
    world, divisions, regulator
):
    # A sender that lost the answer sends the batch again: the records filed the first time
    # come back (same receipt numbers), only the new submissions are filed and audited.
    client = api_client(regulator)
    first = client.post(URL, [payload(world, 1, "12315-A")], content_type="application/json")
    assert first.status_code == 201, first.content
    earlier = first.json()[0]["records"][0]

    again = client.post(
        URL,
        [payload(world, 1, "12315-A"), payload(world, 2, "12315-B")],
        content_type="application/json",
    )

    assert again.status_code == 201, again.content
    answers = again.json()
    assert answers[0]["records"] == [earlier]
    new = Complaint.objects.get(external_id="12315-B")
    assert answers[1]["records"][0]["receipt_number"] == new.receipt_number
    assert sorted(Complaint.objects.values_list("external_id", flat=True)) == [
        "12315-A",
        "12315-B",
    ]
    filed = AuditEvent.objects.filter(event_type="complaints.filed").order_by("sequence")
    assert [event.target_id for event in filed] == [str(earlier["id"]), str(new.pk)]
    assert verify_chain().ok


def test_a_batch_of_n_writes_n_numbered_clocked_records_and_n_audit_events(
    world, divisions, regulator
):
    count = 7
    client = api_client(regulator)

    response = client.post(
        URL,
        [payload(world, number, f"12315-{number}") for number in range(count)],
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    complaints = list(Complaint.objects.order_by("pk"))
    assert [c.external_id for c in complaints] == [f"12315-{number}" for number in range(count)]
    numbers = [c.receipt_number for c in complaints]
    assert len(set(numbers)) == count
    assert all(number.startswith(f"TS{divisions['yangpu'].code[:6]}20260212") for number in numbers)
    assert [answer["records"][0]["receipt_number"] for answer in response.json()] == numbers
    assert [list(c.clocks.values_list("step", "due_on")) for c in complaints] == [
        [("accept_decision", dt.date(2026, 2, 28))]
    ] * count
    filed = list(AuditEvent.objects.filter(event_type="complaints.filed").order_by("sequence"))
    assert [event.target_id for event in filed] == [str(c.pk) for c in complaints]
    assert [event.after["receipt_number"] for event in filed] == numbers
    sequences = [event.sequence for event in filed]
    assert sequences == list(range(sequences[0], sequences[0] + count))
    verification = verify_chain()
    assert verification.ok, verification.problems
    assert verification.checked == AuditEvent.objects.count()


def test_statements_per_batch_do_not_grow_with_its_size(world, divisions, regulator):
    # External ids, receipt numbers, records, clocks and audit events are each read or written
    # once per batch: two submissions and eight take the same statements.
    def statements(first: int, size: int) -> int:
        submissions = [
            (intake(external_id=f"X-{number}", complainant_phone=f"1370000{number:04d}"), None)
            for number in range(first, first + size)
        ]
        with CaptureQueriesContext(connection) as captured:
            file_submissions(
                actor=regulator,
                submissions=submissions,
                channel=Channel.API,
                received_by=divisions["yangpu"],
            )
        return len(captured.captured_queries)

    statements(0, 1)  # the first filing reads the catalogue and the calendar into memory
    assert statements(100, 2) == statements(200, 8)
    assert Complaint.objects.count() == 11
