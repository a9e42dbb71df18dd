"""Sealing into the deployment, and every later access, export, verification and deletion."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from wangjian.core.actions.jobs import start_job
from wangjian.core.choices import JobState
from wangjian.core.jobs import run_job
from wangjian.core.models import AuditEvent, Job
from wangjian.evidence import actions, config
from wangjian.evidence.bundle.verify import verify_bundle
from wangjian.evidence.choices import EvidenceState
from wangjian.evidence.error_codes import EvidenceNotPermitted, EvidenceRefused
from wangjian.evidence.models import CustodyLogEntry, EvidenceItem
from wangjian.evidence.tests.factories import make_evidence


def _log_types(item) -> list[str]:
    return list(
        CustodyLogEntry.objects.filter(bundle_id=item.bundle_id)
        .order_by("index")
        .values_list("event_type", flat=True)
    )


@pytest.mark.django_db
def test_keeping_a_capture_seals_it_into_the_log_and_the_audit_chain(
    evidence_settings, regulator, page_capture
):
    item = make_evidence(
        regulator,
        page_capture,
        case_reference="CASE-1",
        subject_type="registry.shop",
        subject_id="42",
        witness="李四",
    )
    assert item.bundle_id == f"EV-{timezone.localdate().year}-000001"
    assert item.division == regulator.jurisdiction
    assert item.state == EvidenceState.SEALED
    assert _log_types(item) == ["capture", "seal"]
    assert item.log_index == 1
    event = AuditEvent.objects.get(event_type="evidence.sealed")
    assert event.after["manifest_sha256"] == item.manifest_sha256
    data = actions.read_bundle(item)
    report = verify_bundle(data, config.deployment_trust())
    assert report.failed_steps == [], report.render()
    capture = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("meta/capture.json"))
    assert capture["actors"] == page_capture.record["actors"]
    # The certificate lies beside the bundle (the bundle stays a valid WACZ) and is verified.
    assert "certificate.pdf" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert actions.read_certificate(item).startswith(b"%PDF-")
    report = actions.verify_evidence(actor=regulator, evidence=item)
    assert "PAdES" in report.steps[6].reason


@pytest.mark.django_db
def test_a_consumer_cannot_capture(evidence_settings, consumer, page_capture):
    with pytest.raises(EvidenceNotPermitted):
        make_evidence(consumer, page_capture)
    assert EvidenceItem.objects.count() == 0
    assert CustodyLogEntry.objects.count() == 0


@pytest.mark.django_db
def test_bad_urls_are_refused_naming_the_field(evidence_settings, regulator):
    with pytest.raises(EvidenceRefused) as raised:
        actions.capture_evidence(actor=regulator, url="ftp://example.com/")
    assert re.search("field url", raised.value.en)
    with pytest.raises(EvidenceRefused) as raised:
        actions.check_capture_input(url="http://a/", steps=[{"action": "format-disk"}])
    assert re.search("steps", raised.value.en)


@pytest.mark.django_db
def test_access_export_verify_and_deletion_are_logged_and_audited(
    evidence_settings, regulator, section_chief, page_capture
):
    item = make_evidence(regulator, page_capture)
    actions.record_access(actor=section_chief, evidence=item, what="detail")
    actions.record_access(actor=section_chief, evidence=item, what="bundle")
    report = actions.verify_evidence(actor=section_chief, evidence=item)
    assert report.ok, report.render()
    with pytest.raises(EvidenceRefused) as raised:
        actions.request_deletion(actor=section_chief, evidence=item, reason=" ")
    assert re.search("reason", raised.value.en)
    actions.request_deletion(actor=section_chief, evidence=item, reason="案件已结")
    assert _log_types(item) == [
        "capture",
        "seal",
        "access",
        "export",
        "verify",
        "deletion-request",
    ]
    audited = list(
        AuditEvent.objects.filter(event_type__startswith="evidence.")
        .order_by("sequence")
        .values_list("event_type", flat=True)
    )
    assert audited == [
        "evidence.sealed",
        "evidence.certificate_issued",
        "evidence.accessed",
        "evidence.exported",
        "evidence.verified",
        "evidence.deletion_requested",
    ]
    verify_entry = CustodyLogEntry.objects.get(bundle_id=item.bundle_id, event_type="verify")
    assert json.loads(verify_entry.data)["ok"] is True
    assert json.loads(verify_entry.data)["actor"]["username"] == section_chief.username


@pytest.mark.django_db(transaction=True)
def test_expired_content_is_deleted_but_its_log_entries_stay(
    evidence_settings, regulator, page_capture
):
    item = make_evidence(regulator, page_capture)
    path = item.bundle_path
    item.retain_until = timezone.localdate()
    with pytest.raises(EvidenceRefused) as raised:
        actions.delete_expired_content(actor=regulator, evidence=item)
    assert re.search("retain_until", raised.value.zh)
    actions.delete_expired_content(
        actor=regulator, evidence=item, today=timezone.localdate() + timedelta(days=1)
    )
    item.refresh_from_db()
    assert item.state == EvidenceState.CONTENT_DELETED
    assert not (evidence_settings / path).exists()
    assert _log_types(item) == ["capture", "seal", "content-deleted"]
    with pytest.raises(FileNotFoundError):
        actions.read_bundle(item)


@pytest.mark.django_db
def test_a_capture_job_captures_and_seals(evidence_settings, regulator, site_url):
    job = start_job(
        actor=regulator,
        kind="evidence.capture",
        title="取证",
        parameters={"url": site_url, "case_reference": "CASE-JOB"},
    )
    # Tests run tasks immediately on commit; run it here in case the backend only queued it.
    run_job(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.state == JobState.SUCCEEDED, job.error
    item = EvidenceItem.objects.get(pk=job.result["evidence_id"])
    assert item.case_reference == "CASE-JOB"
    assert item.title == "测试店铺首页"
    assert verify_bundle(actions.read_bundle(item), config.deployment_trust()).ok
