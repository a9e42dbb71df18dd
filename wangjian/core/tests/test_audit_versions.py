"""Chain version 2 hashes the row's id: renumbering a row is noticed; rows written under
version 1 still verify, and no version-1 row may follow a version-2 row."""

import pytest
from django.db import connection

from wangjian.cli import main
from wangjian.core.audit import GENESIS_HASH, HASHED_FIELDS_V2, event_digest, verify_chain
from wangjian.core.models import AuditChainHead, AuditEvent
from wangjian.core.tests.test_audit import write_events

pytestmark = pytest.mark.django_db


def _rechain(versions: dict[int, int]) -> None:
    """Recompute every hash in order, setting the given sequences' chain versions (as rows
    written before version 2, or by someone rewriting the log, would be)."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence"):
        event.chain_version = versions.get(event.sequence, event.chain_version)
        event.previous_hash = previous
        values = {name: getattr(event, name) for name in HASHED_FIELDS_V2}
        event.hash = event_digest(values, previous)
        AuditEvent.objects.filter(pk=event.pk).update(
            chain_version=event.chain_version, previous_hash=previous, hash=event.hash
        )
        previous = event.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_new_events_are_version_2_and_a_changed_id_is_noticed(regulator, capsys):
    events = write_events(regulator, 3)
    assert [e.chain_version for e in AuditEvent.objects.order_by("sequence")] == [2, 2, 2]
    assert verify_chain().ok
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id = %s WHERE id = %s", [9999, events[1].pk])
    outcome = verify_chain()
    assert outcome.problems == [
        "事件 #2 的内容与其哈希不符（事件被修改）/ event #2: content does not match its hash "
        "(the event was edited)"
    ]
    assert main(["audit", "verify"]) == 1
    assert "audit chain broken: 1 problem(s) in 3 events" in capsys.readouterr().err


def test_version_1_rows_still_verify_and_may_not_follow_version_2(regulator):
    write_events(regulator, 4)
    _rechain({1: 1, 2: 1})
    outcome = verify_chain()
    assert (outcome.ok, outcome.checked) == (True, 4)
    # A version-1 row's id is not hashed (the known limit of old rows) …
    table = AuditEvent._meta.db_table
    first = AuditEvent.objects.get(sequence=1)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id = %s WHERE id = %s", [8888, first.pk])
    assert verify_chain().ok
    # … but a row cannot be passed off as version 1 after version 2 rows.
    _rechain({4: 1})
    assert verify_chain().problems == [
        "事件 #4 使用旧版哈希（版本 1），晚于新版事件（事件被替换）/ event #4 uses chain version 1 "
        "after version 2 events (the event was replaced)"
    ]
