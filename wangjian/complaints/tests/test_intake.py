"""Intake: registry matching, mixed submissions, jurisdiction and transfers, API, 12315 import."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.complaints.actions import ComplaintError
from wangjian.complaints.actions.imports import import_12315
from wangjian.complaints.choices import RecordKind, RespondentKind, State
from wangjian.complaints.models import Complaint, ImportRowError, Transfer
from wangjian.complaints.tests.factories import file

pytestmark = pytest.mark.django_db


def test_respondent_matched_by_uscc_then_url_then_name(world, divisions):
    by_uscc = file(
        divisions["yangpu"], respondent_uscc=world["food"].uscc, shop_url="", platform_name=""
    ).records[0]
    assert (by_uscc.match_method, by_uscc.respondent_entity) == ("uscc", world["food"])
    by_url = file(divisions["yangpu"], shop_url="shop.haowu.example/s/001/").records[0]
    assert by_url.match_method == "shop_url"
    assert by_url.respondent_shop == world["yangpu_shop"]
    assert by_url.respondent_kind == RespondentKind.IN_PLATFORM
    by_name = file(divisions["yangpu"], shop_url="", respondent_name="张江美妆专营店").records[0]
    assert (by_name.match_method, by_name.respondent_shop) == ("name", world["pudong_shop"])
    unknown = file(divisions["yangpu"], shop_url="", respondent_name="不存在的小店").records[0]
    assert (unknown.match_method, unknown.respondent_kind) == ("", RespondentKind.UNKNOWN)
    assert unknown.division == divisions["yangpu"]


def test_mixed_submission_becomes_a_complaint_and_a_report(world, divisions):
    filed = file(divisions["yangpu"], kinds=(RecordKind.COMPLAINT, RecordKind.REPORT))
    complaint, report = filed.records
    assert (complaint.kind, report.kind) == ("complaint", "report")
    assert complaint.sibling == report
    assert complaint.state == State.RECEIVED
    assert report.state == State.VERIFYING
    assert list(complaint.clocks.values_list("step", flat=True)) == ["accept_decision"]
    assert list(report.clocks.values_list("step", flat=True)) == ["report_verification"]


def test_out_of_jurisdiction_complaint_is_kept_by_a_competent_first_receiver(world, divisions):
    # The Pudong shop is on a Yangpu platform: both bureaus are competent (第十二条), so Pudong,
    # receiving it first, keeps it (第十三条) and Yangpu, receiving another, keeps that one.
    pudong = file(divisions["pudong"], shop_url=world["pudong_shop"].url, on=dt.date(2025, 5, 6))
    yangpu = file(divisions["yangpu"], shop_url=world["pudong_shop"].url, on=dt.date(2025, 5, 6))
    assert pudong.records[0].division == divisions["pudong"]
    assert yangpu.records[0].division == divisions["yangpu"]
    assert Transfer.objects.count() == 0


def test_report_goes_to_the_operators_place_of_business_with_a_transfer(world, divisions):
    # A report against the Yangpu shop received in Pudong: Pudong is not competent.
    report = file(divisions["pudong"], kinds=(RecordKind.REPORT,), on=dt.date(2026, 3, 2)).records[
        0
    ]
    assert report.division == divisions["yangpu"]
    transfer = Transfer.objects.get(complaint=report)
    assert (transfer.from_division, transfer.to_division) == (
        divisions["pudong"],
        divisions["yangpu"],
    )
    assert "无管辖权" in transfer.reason
    assert "实际经营地" in transfer.reason
    assert transfer.basis == "complaint-handling-interim-measures-2019:27"


def test_2026_rule_sends_operators_without_shown_address_to_the_platform(world, divisions):
    shop_url = world["pudong_shop"].url
    before = file(
        divisions["pudong"], shop_url=shop_url, address_shown=False, on=dt.date(2026, 4, 14)
    ).records[0]
    after = file(
        divisions["pudong"], shop_url=shop_url, address_shown=False, on=dt.date(2026, 4, 15)
    ).records[0]
    assert before.rule_version == "interim-measures-2019"
    assert before.division == divisions["pudong"]
    assert after.rule_version == "measures-2026"
    assert after.division == divisions["yangpu"]
    assert "未在平台公示地址" in after.jurisdiction_reason
    assert Transfer.objects.get(complaint=after).to_division == divisions["yangpu"]


def test_intake_refuses_bad_input_naming_the_field(world, divisions):
    with pytest.raises(ComplaintError) as refused:
        file(divisions["yangpu"], facts="太差了")
    assert refused.value.field == "facts"
    assert str(refused.value).startswith("投诉举报 字段 facts：事实与理由至少10个字")


def test_api_intake_with_token_and_idempotent_external_id(world, divisions, regulator):
    from wangjian.core.tests.factories import make_api_token

    token = make_api_token(regulator)
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    payload = {
        "kinds": ["complaint"],
        "external_id": "12315-2026-000123",
        "received_on": "2026-02-12",
        "complainant_name": "王芳",
        "complainant_phone": "13700001234",
        "respondent_name": "甲乙食品旗舰店",
        "shop_url": world["yangpu_shop"].url,
        "facts": "购买的牛肉干包装破损且有异味，商家拒绝退货，要求平台介入处理。",
    }
    first = client.post("/api/v1/complaints/complaints/", payload, content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/complaints/complaints/", payload, content_type="application/json")
    assert (
        again.json()["records"][0]["receipt_number"] == first.json()["records"][0]["receipt_number"]
    )
    complaint = Complaint.objects.get()
    assert complaint.channel == "api"
    assert complaint.clocks.get().due_on == dt.date(2026, 2, 28)
    bad = client.post(
        "/api/v1/complaints/complaints/",
        {**payload, "external_id": "x", "facts": "短"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert Client().post("/api/v1/complaints/complaints/", payload).status_code == 401


def test_api_intake_files_a_batch_in_one_transaction_on_one_audit_chain(
    world, divisions, regulator
):
    from wangjian.core.audit import verify_chain
    from wangjian.core.models import AuditEvent
    from wangjian.core.tests.factories import make_api_token

    client = Client(HTTP_AUTHORIZATION=f"Token {make_api_token(regulator)}")
    payloads = [
        {
            "kinds": kinds,
            "external_id": f"12315-2026-{number:06d}",
            "received_on": "2026-02-12",
            "complainant_name": "王芳",
            "complainant_phone": f"1370000{number:04d}",
            "respondent_name": "甲乙食品旗舰店",
            "shop_url": world["yangpu_shop"].url,
            "facts": f"第{number}次购买的牛肉干包装破损且有异味，商家拒绝退货，要求平台介入处理。",
        }
        for number, kinds in enumerate([["complaint"], ["complaint"], ["complaint", "report"]])
    ]
    bad = [*payloads[:2], {**payloads[2], "facts": "短"}]
    refused = client.post("/api/v1/complaints/complaints/", bad, content_type="application/json")
    assert refused.status_code == 400
    assert not Complaint.objects.exists()

    response = client.post(
        "/api/v1/complaints/complaints/", payloads, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    answers = response.json()
    assert [len(answer["records"]) for answer in answers] == [1, 1, 2]
    numbers = [record["receipt_number"] for answer in answers for record in answer["records"]]
    assert sorted(numbers) == sorted(Complaint.objects.values_list("receipt_number", flat=True))
    assert [c.clocks.get().due_on for c in Complaint.objects.filter(kind="complaint")] == [
        dt.date(2026, 2, 28)
    ] * 3
    filed = AuditEvent.objects.filter(event_type="complaints.filed").order_by("sequence")
    assert [event.target_repr for event in filed] == [
        str(complaint) for complaint in Complaint.objects.order_by("pk")
    ]
    assert verify_chain().ok


CSV = (
    "登记编号,类型,收到日期,投诉人姓名,联系电话,被投诉人名称,店铺网址,购买渠道,商品类别,问题类型,事实与理由,涉及金额\n"
    "A001,投诉,2026-03-02,李雷,13600000001,甲乙食品旗舰店,https://shop.haowu.example/s/001,platform,"
    "食品,质量问题,收到的月饼礼盒内有异物，联系商家无果。,128\n"
    "A002,举报,2026-03-02,韩梅梅,13600000002,张江美妆专营店,https://shop.haowu.example/s/002,platform,"
    "美妆,虚假宣传,店铺宣称产品为进口正品但无任何中文标签。,\n"
    "A003,咨询,2026-13-02,,,,,,,,短,abc\n"
)


def test_12315_import_reports_row_errors_and_is_idempotent(world, divisions, regulator):
    batch = import_12315(
        actor=regulator, content=CSV.encode(), file_name="12315.csv", division=divisions["yangpu"]
    )
    assert (batch.rows_read, batch.rows_committed, batch.rows_rejected) == (3, 2, 1)
    errors = [
        (e.row, e.column, e.value, e.rule) for e in ImportRowError.objects.filter(batch=batch)
    ]
    assert errors == [
        (4, "被投诉人名称", "", "required"),
        (4, "类型", "咨询", "choice"),
        (4, "收到日期", "2026-13-02", "date"),
        (4, "涉及金额", "abc", "number"),
    ]
    again = import_12315(
        actor=regulator, content=CSV.encode(), file_name="12315.csv", division=divisions["yangpu"]
    )
    assert (again.rows_committed, again.rows_skipped, again.rows_rejected) == (0, 2, 1)
    assert Complaint.objects.count() == 2
    report = Complaint.objects.get(external_id="A002")
    # The platform's seat received the report on the Pudong shop first and may keep it (第二十七条).
    assert report.division == divisions["yangpu"]
    assert "先收到举报的可以处理" in report.jurisdiction_reason
