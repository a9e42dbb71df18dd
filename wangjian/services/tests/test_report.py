import datetime as dt
import hashlib
import json

import pytest
from django.utils import timezone

from wangjian.core.models import AuditEvent
from wangjian.credit import actions as credit
from wangjian.services import report
from wangjian.services.actions.report import issue_credit_report
from wangjian.services.models import ReportIssue
from wangjian.services.signing import _b64url, read_payload, sign_payload
from wangjian.services.trust import report_key, verify_report_file

pytestmark = pytest.mark.django_db


def test_content_of_the_penalised_entity_matches_the_expectation(entities):
    content = report.build_content(
        entities["penalised"],
        number="CR-TEST",
        start=dt.date(2023, 12, 3),
        end=dt.date(2026, 12, 2),
        as_of=dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC),
    )
    assert content["entity"]["uscc"] == entities["penalised"].uscc
    assert content["entity"]["established_on"] == "2012-05-01"
    assert content["penalties"] == [
        {
            "record": entities["penalty"].pk,
            "decided_on": "2025-03-10",
            "summary": "未明码标价，罚款五千元",
            "severity": "一般行政处罚",
            "basis": content["penalties"][0]["basis"],
            "decision_number": "沪市监杨处〔2025〕12号",
            "publicity": {
                "status": "publicised",
                "label": "公示中（公示期至 2028-03-10）",
                "until": "2028-03-10",
            },
        }
    ]
    assert "价格法" in content["penalties"][0]["basis"]
    assert content["lists"] == [
        {
            "record": entities["entry"].pk,
            "list": "经营异常名录",
            "ground": "未按规定期限公示年度报告",
            "basis": content["lists"][0]["basis"],
            "listed_on": "2025-08-01",
            "removed_on": "2025-10-15",
            "repaired": True,
            "status": "已修复（已履行义务（补报、公示、更正、变更住所）），2025-10-15 移出",
        }
    ]
    assert content["inspections"] == []
    assert "信用风险分类结果（监管内部参考，不对外提供）" in content["not_covered"]


def test_content_of_the_clean_entity_is_empty_and_says_what_it_does_not_cover(entities):
    content = report.build_content(
        entities["clean"],
        number="CR-TEST2",
        start=dt.date(2023, 12, 3),
        end=dt.date(2026, 12, 2),
        as_of=dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC),
    )
    assert (content["penalties"], content["lists"], content["inspections"]) == ([], [], [])
    assert len(content["not_covered"]) == 7


def test_repaired_penalty_shows_as_repaired_and_a_withdrawn_one_is_left_out(entities):
    penalty = entities["penalty"]
    penalty.publicity_ended_on = dt.date(2026, 1, 5)
    penalty.save()
    withdrawn = credit.record_credit_event(
        actor=None,
        entity=entities["penalised"],
        kind="penalty",
        occurred_on=dt.date(2026, 2, 1),
        legal_basis="price-law-1997:13",
        summary="撤销的处罚",
        source_app="test",
        severity="low",
    )
    credit.withdraw_credit_event(
        actor=None, event=withdrawn, withdrawn_on=dt.date(2026, 3, 1), reason="复议撤销"
    )
    content = report.build_content(
        entities["penalised"],
        number="CR-T",
        start=dt.date(2023, 12, 3),
        end=dt.date(2026, 12, 2),
        as_of=timezone.now(),
    )
    assert [row["publicity"] for row in content["penalties"]] == [
        {
            "status": "repaired",
            "label": "已信用修复，2026-01-05 起停止公示",
            "repaired_on": "2026-01-05",
        }
    ]


def test_default_period_is_three_years_to_the_day():
    assert report.default_period(dt.date(2026, 12, 2)) == (
        dt.date(2023, 12, 3),
        dt.date(2026, 12, 2),
    )
    assert report.default_period(dt.date(2028, 2, 29)) == (
        dt.date(2025, 3, 1),
        dt.date(2028, 2, 29),
    )


def test_issued_report_verifies_and_is_logged_and_audited(entities, signing):
    before = AuditEvent.objects.count()
    issue, pdf = issue_credit_report(actor=None, entity=entities["penalised"])
    assert pdf.startswith(b"%PDF")
    assert ReportIssue.objects.get() == issue
    assert issue.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.last().event_type == "services.credit_report_issued"
    result = verify_report_file(pdf)
    assert [(step.key, step.passed) for step in result.steps] == [
        ("pdf_signature", True),
        ("embedded", True),
        ("payload_signature", True),
        ("content_digest", True),
        ("binding", True),
    ]
    assert result.claims["u"] == entities["penalised"].uscc
    assert result.claims["r"] == issue.number
    assert result.claims["h"] == issue.content_sha256
    assert result.content["lists"][0]["repaired"] is True


def test_one_changed_byte_fails_the_pdf_signature_step(entities, signing):
    _issue, pdf = issue_credit_report(actor=None, entity=entities["clean"])
    position = pdf.index(b"/Type /Page") + 2  # inside the signed range, a harmless byte
    tampered = pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]
    result = verify_report_file(tampered)
    assert not result.valid
    assert result.failed[0].key == "pdf_signature"


def test_payload_with_another_uscc_fails_the_payload_signature(entities, signing):
    issue, _pdf = issue_credit_report(actor=None, entity=entities["clean"])
    claims, _signed, signature = read_payload(report.PAYLOAD_PREFIX, issue.payload)
    claims["u"] = entities["penalised"].uscc
    from wangjian.evidence.bundle.canonical import canonical_json

    forged = f"{report.PAYLOAD_PREFIX}.{_b64url(canonical_json(claims))}.{_b64url(signature)}"
    from wangjian.services.trust import report_public_keys

    result = report.verify_report_payload(forged, report_public_keys())
    assert [(step.key, step.passed) for step in result.steps] == [("payload_signature", False)]


def test_payload_signed_for_another_uscc_fails_the_binding_step(entities, signing):
    """A validly signed payload that does not match the content: the binding step says so."""
    issue, pdf = issue_credit_report(actor=None, entity=entities["clean"])
    result = verify_report_file(pdf)
    content = result.content
    other = sign_payload(
        report.PAYLOAD_PREFIX,
        dict(result.claims, u=entities["penalised"].uscc),
        report_key(),
    )
    check = report.verify_report_payload(other, {result.claims["k"]: report_key().public_key()})
    assert check.valid
    expected = report.payload_claims(content, issue.content_sha256, result.claims["k"])
    assert expected["u"] != check.claims["u"]
    assert json.loads(report.content_bytes(content))["entity"]["uscc"] == entities["clean"].uscc
