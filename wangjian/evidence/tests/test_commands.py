"""The command line: capture to a file, export the trust file, verify with it."""

import json
import subprocess
import sys

import pytest

from wangjian.cli import main as wangjian_main
from wangjian.core.models import AuditEvent
from wangjian.evidence.models import CustodyLogEntry

WACZ_VALID = "Validation succeeded, the passed WACZ is valid"


def run_wacz_validate(path) -> str:
    """The output of the reference validator of the ``wacz`` package, ``wacz validate``.

    Its exit status is 0 even when validation fails, so callers check the verdict line.
    """
    result = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


@pytest.mark.django_db
def test_capture_then_verify_from_the_command_line(evidence_settings, site_url, tmp_path, capsys):
    steps = tmp_path / "steps.json"
    steps.write_text(json.dumps([{"action": "scroll", "pixels": 300}]), encoding="utf-8")
    bundle, trust = tmp_path / "page.wacz", tmp_path / "trust.json"
    status = wangjian_main(
        [
            "evidence",
            "capture",
            site_url,
            "--case",
            "CLI-1",
            "--steps",
            str(steps),
            "--out",
            str(bundle),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert list(CustodyLogEntry.objects.values_list("event_type", flat=True)) == [
        "capture",
        "seal",
    ]
    seal = json.loads(CustodyLogEntry.objects.get(event_type="seal").data)
    assert seal["actor"]["via"] == "command line"
    assert AuditEvent.objects.filter(event_type="evidence.sealed").count() == 1
    certificate = tmp_path / "page.certificate.pdf"
    assert certificate.read_bytes().startswith(b"%PDF-")
    # The bundle itself passes the reference WACZ validator (every file in the manifest).
    validation = run_wacz_validate(bundle)
    assert WACZ_VALID in validation, validation
    assert wangjian_main(["evidence", "trust", "--out", str(trust)]) == 0
    capsys.readouterr()
    assert wangjian_main(["evidence", "verify", str(bundle), "--trust", str(trust)]) == 0
    output = capsys.readouterr().out
    assert output.count("[PASS]") == 7
    # Step 7 found the certificate beside the bundle and checked its signature.
    assert "[PASS] 7. 存证证书 / certificate: 证书所载清单哈希一致" in output
    # Without --trust the deployment's own anchors are used.
    assert wangjian_main(["evidence", "verify", str(bundle)]) == 0


@pytest.mark.django_db
def test_capture_refuses_a_bad_steps_file(evidence_settings, site_url, tmp_path, capsys):
    steps = tmp_path / "steps.json"
    steps.write_text(json.dumps([{"action": "click"}]), encoding="utf-8")
    status = wangjian_main(
        ["evidence", "capture", site_url, "--steps", str(steps), "--out", str(tmp_path / "x")]
    )
    assert status == 1
    assert "selector" in capsys.readouterr().err
    assert CustodyLogEntry.objects.count() == 0


@pytest.mark.django_db
def test_bad_input_gives_a_clear_error_and_no_traceback(evidence_settings, tmp_path, capsys):
    status = wangjian_main(["evidence", "capture", "ftp://example.test/", "--out", "x.wacz"])
    assert status == 1
    assert "field url" in capsys.readouterr().err
    (tmp_path / "trust.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b.wacz").write_bytes(b"")
    status = wangjian_main(
        ["evidence", "verify", str(tmp_path / "b.wacz"), "--trust", str(tmp_path / "trust.json")]
    )
    assert status == 2
    assert "trust file unreadable" in capsys.readouterr().err
    status = wangjian_main(["evidence", "verify", str(tmp_path / "missing.wacz")])
    assert status == 2
    assert "bundle unreadable" in capsys.readouterr().err


@pytest.mark.django_db
def test_signing_a_checkpoint_from_the_command_line_and_as_a_job(
    evidence_settings, system_admin, capsys
):
    from wangjian.core.actions.jobs import start_job
    from wangjian.core.jobs import run_job
    from wangjian.core.models import Job
    from wangjian.evidence.models import CustodyCheckpoint

    assert wangjian_main(["evidence", "checkpoint"]) == 0
    assert capsys.readouterr().out.startswith("wangjian.local/evidence-log\n0\n")
    assert AuditEvent.objects.filter(event_type="evidence.checkpoint_signed").count() == 1
    job = start_job(actor=system_admin, kind="evidence.sign_checkpoint", title="检查点")
    run_job(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.result == {
        "size": 0,
        "root_hash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    }
    assert CustodyCheckpoint.objects.count() == 1  # one checkpoint per tree size
    assert AuditEvent.objects.filter(event_type="evidence.checkpoint_signed").count() == 1


def test_a_bundle_verifies_on_a_checkout_without_a_database(sealed, tmp_path):
    from wangjian.core.tests.commandline import run_without_database

    result, trust = sealed
    bundle, trust_file = tmp_path / "page.wacz", tmp_path / "trust.json"
    bundle.write_bytes(result.data)
    trust_file.write_text(trust.to_json(), encoding="utf-8")

    completed = run_without_database(
        tmp_path, "evidence", "verify", str(bundle), "--trust", str(trust_file)
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("[PASS]") == 7
