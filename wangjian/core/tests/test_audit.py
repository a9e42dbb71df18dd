import pytest
from django.db import connection, transaction

from wangjian.cli import main
from wangjian.core.audit import AuditOutsideTransaction, record_event, verify_chain
from wangjian.core.models import AuditChainHead, AuditEvent


def write_events(actor, count: int) -> list[AuditEvent]:
    events = []
    for number in range(count):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=actor,
                    event_type="test.thing_changed",
                    target=("test.thing", number, f"物品 {number}"),
                    before={"状态": "旧", "n": number},
                    after={"状态": "新", "n": number + 1},
                    reason="测试",
                )
            )
    return events


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_write_outside_a_transaction(regulator):
    with pytest.raises(AuditOutsideTransaction):
        record_event(actor=regulator, event_type="test.thing_changed")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_events_chain_each_to_the_previous_hash(regulator):
    first, second, third = write_events(regulator, 3)
    assert first.previous_hash == "0" * 64
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert first.actor_username == "yp_regulator"
    assert first.actor_org_unit_id == regulator.org_unit_id
    head = AuditChainHead.objects.get()
    assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
    assert (head.last_sequence, head.last_hash) == (3, third.hash)
    outcome = verify_chain()
    assert (outcome.ok, outcome.checked, outcome.problems) == (True, 3, [])


@pytest.mark.django_db
def test_editing_a_row_in_sql_breaks_verification_at_that_row(regulator):
    events = write_events(regulator, 4)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = %s WHERE id = %s", ["篡改", events[1].pk])
    outcome = verify_chain()
    assert outcome.ok is False
    assert len(outcome.problems) == 1
    assert outcome.problems == [
        "事件 #2 的内容与其哈希不符（事件被修改）/ event #2: content does not match its hash "
        "(the event was edited)"
    ]


@pytest.mark.django_db
def test_deleting_a_middle_row_breaks_the_link_of_the_next(regulator):
    events = write_events(regulator, 4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
    outcome = verify_chain()
    assert outcome.ok is False
    assert outcome.problems == [
        "事件 #3 至 #3 缺失（事件被删除）/ events #3 to #3 are missing (events were deleted)",
        "事件 #4 的前序哈希与上一事件不符（事件被删除或插入）/ event #4: previous hash does "
        "not match the event before it (an event was deleted or inserted)",
    ]


@pytest.mark.django_db
def test_deleting_the_last_row_is_caught_by_the_chain_head(regulator):
    events = write_events(regulator, 3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
    outcome = verify_chain()
    assert outcome.ok is False
    assert outcome.problems == [
        "链尾为 #2，链头记录为 #3（末尾事件被删除或链头被修改）/ "
        "the chain ends at #2 but its head records #3 "
        "(events were removed from the end, or the head was edited)"
    ]


@pytest.mark.django_db
def test_rolled_back_change_leaves_no_audit_event(regulator):
    def failing_change():
        with transaction.atomic():
            record_event(actor=regulator, event_type="test.thing_changed")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert AuditEvent.objects.count() == 0
    assert verify_chain().ok


@pytest.mark.django_db
def test_audit_verify_command_passes_then_fails_after_sql_edit(regulator, capsys):
    events = write_events(regulator, 2)
    assert main(["audit", "verify"]) == 0
    assert "2 events checked" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET event_type = %s WHERE id = %s",
            ["test.other", events[0].pk],
        )
    assert main(["audit", "verify"]) == 1
    error = capsys.readouterr().err
    assert "event #1: content does not match its hash" in error
    assert "audit chain broken: 1 problem(s) in 2 events" in error


@pytest.mark.django_db
def test_a_view_of_personal_data_is_audited_with_the_fields_shown(regulator, divisions):
    from wangjian.core.audit import record_personal_data_view

    event = record_personal_data_view(
        actor=regulator,
        target=("complaints.complaint", 42, "投诉 42"),
        division=divisions["yangpu"],
        fields=["phone", "name"],
        purpose="调解联系",
    )
    assert (event.event_type, event.target_type, event.target_id) == (
        "core.personal_data_viewed",
        "complaints.complaint",
        "42",
    )
    assert (event.after, event.reason, event.division) == (
        {"fields": ["name", "phone"]},
        "调解联系",
        divisions["yangpu"],
    )
    assert verify_chain().ok
