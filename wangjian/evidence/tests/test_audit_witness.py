"""The audit head published into the custody log's signed checkpoints: ``wangjian audit
verify`` fails after the tail is cut and the head rolled back, after the whole log is emptied,
and after the chain is rewritten, as long as a head was published before."""

import json

import pytest
from django.db import transaction

from wangjian.cli import main
from wangjian.core.audit import (
    GENESIS_HASH,
    HASHED_FIELDS_V2,
    event_digest,
    publish_head,
    verify_chain,
)
from wangjian.core.models import AuditChainHead, AuditEvent
from wangjian.core.tests.test_audit import write_events
from wangjian.evidence.models import CustodyCheckpoint, CustodyLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(evidence_settings, regulator):
    write_events(regulator, 10)
    heads = publish_head(actor=None)
    write_events(regulator, 2)
    return heads


def test_publishing_appends_the_head_to_the_custody_log_under_a_signed_checkpoint(published):
    [head] = published
    assert (head.sequence, head.hash) == (10, AuditEvent.objects.get(sequence=10).hash)
    entry = CustodyLogEntry.objects.get(event_type="audit-head")
    data = json.loads(entry.data)
    assert (data["audit_sequence"], data["audit_hash"]) == (10, head.hash)
    assert CustodyCheckpoint.objects.filter(size__gt=entry.index).exists()
    event = AuditEvent.objects.get(event_type="core.audit_head_published")
    assert (event.sequence, event.after["sequence"]) == (11, 10)
    outcome = verify_chain()
    assert (outcome.ok, outcome.checked, outcome.published) == (True, 13, 10)


def test_verify_passes_and_says_it_checked_the_published_head(published, capsys):
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "audit chain intact, 13 events checked" in out
    assert "checked against the published heads (up to #10)" in out


def _truncate_to(sequence: int) -> None:
    """Delete the events after ``sequence`` and roll the chain head back to it."""
    AuditEvent.objects.filter(sequence__gt=sequence).delete()
    last = AuditEvent.objects.filter(sequence=sequence).first()
    AuditChainHead.objects.filter(pk=1).update(
        last_sequence=sequence, last_hash=last.hash if last else GENESIS_HASH
    )


def test_verify_fails_after_the_tail_is_cut_and_the_head_rolled_back(published, capsys):
    _truncate_to(7)
    outcome = verify_chain()
    assert outcome.problems == [
        "已发布的链头为 #10（保管日志第 0 条 / custody log entry 0），日志却止于 #7"
        "（末尾事件被删除，或日志被清空）/ a head was published at #10 "
        "(保管日志第 0 条 / custody log entry 0) but the log ends at #7 (events were removed "
        "from the end, or the log was emptied)"
    ]
    assert main(["audit", "verify"]) == 1
    assert "audit chain broken: 1 problem(s) in 7 events" in capsys.readouterr().err


def test_verify_fails_after_the_whole_log_is_emptied(published, capsys):
    _truncate_to(0)
    outcome = verify_chain()
    assert (outcome.ok, outcome.checked) == (False, 0)
    assert "but the log ends at #0" in outcome.problems[0]
    assert main(["audit", "verify", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["checked"], report["published"]) == (False, 0, 10)


def test_verify_fails_after_the_chain_is_rewritten_from_an_edited_event(published):
    # Edit event 5 and recompute every hash after it, head included: internally consistent.
    AuditEvent.objects.filter(sequence=5).update(reason="改写")
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence"):
        values = {name: getattr(event, name) for name in HASHED_FIELDS_V2}
        digest = event_digest(values, previous)
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, hash=digest)
        previous = digest
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)
    assert verify_chain().problems == [
        "事件 #10 的哈希与已发布的链头（保管日志第 0 条 / custody log entry 0）不符（日志被重写）/ "
        "event #10: hash differs from the head published in 保管日志第 0 条 / custody log entry 0 "
        "(the log was rewritten)"
    ]


def test_an_edited_or_deleted_custody_entry_is_reported(published):
    entry = CustodyLogEntry.objects.get(event_type="audit-head")
    forged = json.loads(entry.data)
    forged["audit_sequence"] = 3
    CustodyLogEntry.objects.filter(pk=entry.pk).update(data=json.dumps(forged))
    assert verify_chain().problems == [
        "保管日志第 0 条 / custody log entry 0：内容与叶哈希不符（条目被修改）/ content does not "
        "match its leaf hash (the entry was edited)"
    ]
    CustodyLogEntry.objects.filter(pk=entry.pk).delete()
    assert verify_chain().problems == [
        "保管日志应有 1 条，实有 0 条（条目被删除）/ the custody log should hold 1 entries but "
        "holds 0 (entries were deleted)"
    ]


def test_the_publish_command_and_job(evidence_settings, regulator, system_admin, capsys):
    from wangjian.core.actions.jobs import start_job
    from wangjian.core.jobs import run_job

    write_events(regulator, 2)
    assert main(["audit", "publish"]) == 0
    assert "已发布审计链头 #2" in capsys.readouterr().out
    with transaction.atomic():
        job = start_job(actor=system_admin, kind="core.publish_audit_head", title="发布审计链头")
    assert run_job(job.pk) == "succeeded"
    assert CustodyLogEntry.objects.filter(event_type="audit-head").count() == 2
    assert verify_chain().ok
