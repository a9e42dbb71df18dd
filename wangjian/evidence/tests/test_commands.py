"""The command line: capture to a file, export the trust file, verify with it."""

import json

import pytest

from wangjian.cli import main as wangjian_main
from wangjian.core.models import AuditEvent
from wangjian.evidence.models import CustodyLogEntry


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
    assert wangjian_main(["evidence", "trust", "--out", str(trust)]) == 0
    capsys.readouterr()
    assert wangjian_main(["evidence", "verify", str(bundle), "--trust", str(trust)]) == 0
    assert capsys.readouterr().out.count("[PASS]") == 7
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
