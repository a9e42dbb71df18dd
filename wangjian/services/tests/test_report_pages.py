"""CLI round trip, the public verification page, and the scoping of report issuance."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wangjian.cli import main
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.credit import actions as credit
from wangjian.services.actions.report import issue_credit_report
from wangjian.services.models import ReportIssue

pytestmark = pytest.mark.django_db
MISSING = 999999


def test_cli_report_then_verify_passes_and_a_changed_byte_fails(
    entities, signing, tmp_path, capsys
):
    out = tmp_path / "r.pdf"
    assert main(["credit", "report", entities["penalised"].uscc, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    issue = ReportIssue.objects.get()
    assert printed[-1] == issue.payload
    assert issue.channel == "command_line"

    assert main(["credit", "verify-report", str(out)]) == 0
    assert "核验通过 / verified" in capsys.readouterr().out

    data = out.read_bytes()
    position = data.index(b"/Type /Page") + 2
    out.write_bytes(data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :])
    assert main(["credit", "verify-report", str(out)]) == 1
    captured = capsys.readouterr()
    assert "[FAIL] PDF 签名（PAdES）/ PDF signature (PAdES)" in captured.out
    assert "verification FAILED: pdf_signature" in captured.err


def test_cli_report_for_an_unknown_uscc_exits_1(entities, signing, capsys):
    assert main(["credit", "report", "91310110MA1H00999X", "--out", "/tmp/x.pdf"]) == 1
    assert "未在登记库中" in capsys.readouterr().err


def test_public_page_accepts_the_genuine_report_and_rejects_a_tampered_one(entities, signing):
    _issue, pdf = issue_credit_report(actor=None, entity=entities["clean"])
    client = Client()
    genuine = client.post(
        "/services/verify/", {"pdf": SimpleUploadedFile("r.pdf", pdf, "application/pdf")}
    )
    assert genuine.status_code == 200
    assert "核验通过：报告真实、未被改动" in genuine.content.decode()
    assert 'data-testid="unchanged"' in genuine.content.decode()

    position = pdf.index(b"/Type /Page") + 2
    tampered = pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]
    rejected = client.post(
        "/services/verify/", {"pdf": SimpleUploadedFile("r.pdf", tampered, "application/pdf")}
    )
    body = rejected.content.decode()
    assert "核验未通过：报告不可信" in body
    assert "✗ PDF 签名（PAdES）" in body


def test_report_issued_before_a_new_penalty_verifies_but_the_page_says_the_record_changed(
    entities, signing
):
    issue, pdf = issue_credit_report(actor=None, entity=entities["clean"])
    credit.record_credit_event(
        actor=None,
        entity=entities["clean"],
        kind="penalty",
        occurred_on=dt.date(2026, 12, 2),
        legal_basis="price-law-1997:13",
        summary="新的处罚",
        source_app="test",
        severity="ordinary",
    )
    response = Client().post(
        "/services/verify/", {"pdf": SimpleUploadedFile("r.pdf", pdf, "application/pdf")}
    )
    body = response.content.decode()
    assert "核验通过：报告真实、未被改动" in body
    assert 'data-testid="changed"' in body
    assert "2026-12-02 新增：行政处罚" in body

    pasted = Client().post("/services/verify/", {"payload": issue.payload})
    assert "核验通过" in pasted.content.decode()
    assert "2026-12-02 新增：行政处罚" in pasted.content.decode()


def test_pasted_payload_with_another_uscc_is_rejected(entities, signing):
    issue, _pdf = issue_credit_report(actor=None, entity=entities["clean"])
    prefix, body, signature = issue.payload.split(".")
    import base64
    import json

    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["u"] = entities["penalised"].uscc
    forged_body = (
        base64.urlsafe_b64encode(json.dumps(claims, sort_keys=True, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )
    response = Client().post(
        "/services/verify/", {"payload": f"{prefix}.{forged_body}.{signature}"}
    )
    text = response.content.decode()
    assert "核验未通过：报告不可信" in text
    assert "载荷签名无效" in text


def test_staff_issue_report_scoping(entities, signing, regulator, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/reports/issue/",
            missing_url=f"/services/entities/{MISSING}/reports/issue/",
            method="post",
            data={},
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response["Content-Type"] == "application/pdf"
    assert ReportIssue.objects.get().issued_by == regulator


def test_merchant_issues_only_its_own_report(
    entities, signing, merchant_user, other_merchant, consumer
):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/reports/issue/",
            missing_url=f"/services/entities/{MISSING}/reports/issue/",
            method="post",
            data={},
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert response.content.startswith(b"%PDF")
    assert list(ReportIssue.objects.values_list("entity_id", "issued_by_id")) == [
        (entities["penalised"].pk, merchant_user.pk)
    ]


def test_report_list_page_scoping(entities, signing, merchant_user, other_merchant, consumer):
    issue_credit_report(actor=merchant_user, entity=entities["penalised"])
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/reports/",
            missing_url=f"/services/entities/{MISSING}/reports/",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert ReportIssue.objects.get().number in response.content.decode()


def test_invalid_period_is_refused_with_a_bilingual_message(entities, signing, regulator):
    client = Client()
    client.force_login(regulator)
    response = client.post(
        f"/services/entities/{entities['penalised'].pk}/reports/issue/",
        {"period_from": "2026-12-01", "period_to": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "报告期 2026-12-01—2026-01-01 无效" in response.content.decode()
    assert ReportIssue.objects.count() == 0


def test_verification_page_speaks_english_from_the_apps_catalogue(db):
    client = Client()
    client.cookies["django_language"] = "en"
    body = client.get("/services/verify/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verify a dedicated credit report" in body
    assert "核验专用信用报告" not in body


def test_cli_verifies_with_an_exported_trust_file_and_fails_with_a_foreign_one(
    entities, signing, tmp_path, capsys
):
    import json

    out = tmp_path / "r.pdf"
    assert main(["credit", "report", entities["clean"].uscc, "--out", str(out)]) == 0
    trust = tmp_path / "trust.json"
    assert main(["evidence", "trust", "--out", str(trust)]) == 0
    capsys.readouterr()
    assert main(["credit", "verify-report", str(out), "--trust", str(trust)]) == 0
    assert "核验通过 / verified" in capsys.readouterr().out

    foreign = json.loads(trust.read_text(encoding="utf-8"))
    foreign["platform_key_fingerprints"] = ["0" * 64]
    trust.write_text(json.dumps(foreign), encoding="utf-8")
    assert main(["credit", "verify-report", str(out), "--trust", str(trust)]) == 1
    assert "pdf_signature; payload_signature" in capsys.readouterr().err
