"""The hash-chained audit log: writing events and verifying the chain.

``record_event`` must run inside the transaction of the change it records, so that the change
and its audit row commit or roll back together. Each event's hash covers its canonical content
and the previous event's hash; ``verify_chain`` recomputes every hash in id order and compares
the end of the chain with ``AuditChainHead`` so a removed last row is noticed too.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from wangjian.core.context import current_request_id
from wangjian.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
# Columns covered by the hash. Changing this list changes every hash: add a new chain version
# rather than editing it.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_org_unit_id",
    "division_id",
    "request_id",
    "event_type",
    "target_type",
    "target_id",
    "target_repr",
    "before",
    "after",
    "reason",
)


class AuditOutsideTransaction(RuntimeError):
    """An audit event was written outside the transaction of the change it records."""


def _canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_digest(values: dict, previous_hash: str) -> str:
    content = {name: values[name] for name in HASHED_FIELDS}
    content["occurred_at"] = _canonical_time(content["occurred_at"])
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + payload).encode("utf-8")).hexdigest()


def _json_safe(value):
    """Round-trip through JSON so the hash is computed on what the database will return."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def describe_target(target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, Model):
        meta = target._meta
        return f"{meta.app_label}.{meta.model_name}", str(target.pk), str(target)[:300]
    kind, identifier, text = target
    return kind, str(identifier), str(text)[:300]


def record_event(
    *,
    actor,
    event_type: str,
    target=None,
    division=None,
    before=None,
    after=None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain.

    ``target`` is a model instance or a ``(type, id, text)`` tuple. Raise
    ``AuditOutsideTransaction`` when called outside ``transaction.atomic``: an audit row that can
    commit without its change, or the change without it, defeats the log.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            "audit events must be written inside the change's transaction"
        )
    head = _locked_head()
    target_type, target_id, target_repr = describe_target(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        sequence=head.last_sequence + 1,
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        actor_org_unit_id=getattr(actor, "org_unit_id", None) if authenticated else None,
        division=division,
        request_id=current_request_id.get(),
        event_type=event_type,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        before=_json_safe(before),
        after=_json_safe(after),
        reason=reason,
        previous_hash=head.last_hash,
    )
    event.hash = event_digest(_values_of(event), event.previous_hash)
    event.save()
    AuditChainHead.objects.filter(pk=head.pk).update(
        last_sequence=event.sequence, last_hash=event.hash
    )
    return event


def record_personal_data_view(
    *, actor, target, division, fields: list[str], purpose: str = ""
) -> AuditEvent:
    """Audit that ``actor`` was shown the personal-data ``fields`` of ``target``.

    Reads happen outside any change, so this opens its own transaction (个人信息保护法 第五十一条,
    第五十五条: processors record how personal information is handled).
    """
    with transaction.atomic():
        return record_event(
            actor=actor,
            event_type="core.personal_data_viewed",
            target=target,
            division=division,
            after={"fields": sorted(fields)},
            reason=purpose,
        )


def _locked_head() -> AuditChainHead:
    # select_for_update serialises appends on PostgreSQL; SQLite transactions are already
    # serialised (IMMEDIATE mode in settings).
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = AuditChainHead.objects.get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH, "last_sequence": 0}
        )
    return head


def _values_of(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


@dataclass
class ChainVerification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(*, batch_size: int = 5000) -> ChainVerification:
    """Recompute every hash in sequence order; report each break with the event and the reason.

    Events are numbered 1, 2, 3 … without gaps, so a missing number, a wrong predecessor hash
    or content that no longer matches its hash each name the event where the chain breaks.
    """
    result = ChainVerification()
    previous_hash = GENESIS_HASH
    last_sequence = 0
    with transaction.atomic():
        rows = AuditEvent.objects.order_by("sequence").values(
            *HASHED_FIELDS, "previous_hash", "hash"
        )
        for row in rows.iterator(chunk_size=batch_size):
            result.checked += 1
            if row["sequence"] != last_sequence + 1:
                result.problems.append(
                    f"事件 #{last_sequence + 1} 至 #{row['sequence'] - 1} 缺失（事件被删除）/ "
                    f"events #{last_sequence + 1} to #{row['sequence'] - 1} are missing "
                    "(events were deleted)"
                )
            if row["previous_hash"] != previous_hash:
                result.problems.append(
                    f"事件 #{row['sequence']} 的前序哈希与上一事件不符（事件被删除或插入）/ event "
                    f"#{row['sequence']}: previous hash does not match the event before it "
                    "(an event was deleted or inserted)"
                )
            expected = event_digest(row, row["previous_hash"])
            if expected != row["hash"]:
                result.problems.append(
                    f"事件 #{row['sequence']} 的内容与其哈希不符（事件被修改）/ event "
                    f"#{row['sequence']}: "
                    "content does not match its hash (the event was edited)"
                )
            previous_hash = row["hash"]
            last_sequence = row["sequence"]
        head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if result.checked:
            result.problems.append("审计链头缺失 / the chain head is missing")
    elif head.last_hash != previous_hash or head.last_sequence != last_sequence:
        result.problems.append(
            f"链尾为 #{last_sequence}，链头记录为 #{head.last_sequence}"
            "（末尾事件被删除或链头被修改）/ "
            f"the chain ends at #{last_sequence} but its head records #{head.last_sequence} "
            "(events were removed from the end, or the head was edited)"
        )
    return result
