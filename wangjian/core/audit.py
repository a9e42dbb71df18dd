"""The hash-chained audit log: writing events, publishing its head and verifying the chain.

``record_event`` must run inside the transaction of the change it records, so that the change
and its audit row commit or roll back together. Each event's hash covers its canonical content
and the previous event's hash; ``verify_chain`` recomputes every hash in sequence order and
compares the end of the chain with ``AuditChainHead`` so a removed last row is noticed too.

Chain versions: version 1 (events written before version 2 existed) hashes ``HASHED_FIELDS``;
version 2 hashes the row's ``id`` and its version too, so renumbering a row is noticed. Old rows
keep their version-1 hashes and still verify; once a version-2 row appears, no later row may be
version 1.

A database administrator can rewrite the whole chain (the hash has no key) or cut its tail and
roll the head back. ``publish_head`` therefore hands the current head to the registered
witnesses (``register_head_witness``; the evidence app registers its custody log, whose
checkpoints are signed with the platform key and timestamped), and ``verify_chain`` checks the
chain against every head a witness has published: a published event that is missing or has
another hash is a break, an emptied log included. Core imports no other app: witnesses register
themselves.
"""

import datetime as dt
import hashlib
import json
import secrets
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
# Version 2 adds the row's id (and the version itself, so a row cannot be passed off as v1).
CHAIN_VERSION = 2
HASHED_FIELDS_V2 = (*HASHED_FIELDS, "id", "chain_version")


class AuditOutsideTransaction(RuntimeError):
    """An audit event was written outside the transaction of the change it records."""


def _canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_digest(values: dict, previous_hash: str) -> str:
    version = values.get("chain_version") or 1
    names = HASHED_FIELDS if version == 1 else HASHED_FIELDS_V2
    content = {name: values[name] for name in names}
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
    event = _new_event(
        head.last_sequence + 1,
        actor=actor,
        event_type=event_type,
        target=target,
        division=division,
        before=before,
        after=after,
        reason=reason,
    )
    event.previous_hash = head.last_hash
    event.save()
    event.hash = event_digest(_values_of(event), event.previous_hash)
    AuditEvent.objects.filter(pk=event.pk).update(hash=event.hash)
    AuditChainHead.objects.filter(pk=head.pk).update(
        last_sequence=event.sequence, last_hash=event.hash
    )
    return event


def record_events(events: list[dict]) -> list[AuditEvent]:
    """Append several events (each the keyword arguments of ``record_event``) in one go.

    The same chain as one ``record_event`` after another: the head is locked once, the rows are
    inserted in one statement, and then each hash (over its row's database id and its
    predecessor's hash) is written in a second. For bulk intake, where one request files many
    records.
    """
    if not events:
        return []
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            "audit events must be written inside the change's transaction"
        )
    head = _locked_head()
    rows = [
        _new_event(head.last_sequence + offset, **event)
        for offset, event in enumerate(events, start=1)
    ]
    AuditEvent.objects.bulk_create(rows)
    if any(row.pk is None for row in rows):
        raise RuntimeError("the database did not return the ids of the inserted audit events")
    previous = head.last_hash
    for row in rows:
        row.previous_hash = previous
        row.hash = previous = event_digest(_values_of(row), previous)
    AuditEvent.objects.bulk_update(rows, ["previous_hash", "hash"])
    AuditChainHead.objects.filter(pk=head.pk).update(
        last_sequence=rows[-1].sequence, last_hash=rows[-1].hash
    )
    return rows


def _new_event(
    sequence: int,
    *,
    actor,
    event_type: str,
    target=None,
    division=None,
    before=None,
    after=None,
    reason: str = "",
) -> AuditEvent:
    target_type, target_id, target_repr = describe_target(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        sequence=sequence,
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
        chain_version=CHAIN_VERSION,
        # The id is hashed, and the database assigns it on insert: unique placeholders until
        # the real hashes are known, all written in this transaction.
        previous_hash="",
        hash="pending:" + secrets.token_hex(28),
    )


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
    return {name: getattr(event, name) for name in HASHED_FIELDS_V2}


# ---------------------------------------------------------------------------------------------
# Published heads


@dataclass(frozen=True)
class PublishedHead:
    """A head of the audit chain as a witness recorded it: event ``sequence`` had ``hash``."""

    sequence: int
    hash: str
    where: str


@dataclass
class WitnessReading:
    heads: list[PublishedHead] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class HeadWitness:
    """Somewhere the audit head is published out of the audit tables' reach.

    ``publish`` records (sequence, hash) inside the caller's transaction and says where;
    ``read`` returns every head recorded, with problems found in the witness's own records.
    """

    name = ""

    def publish(self, *, sequence: int, last_hash: str, actor) -> str:
        raise NotImplementedError

    def read(self) -> WitnessReading:
        raise NotImplementedError


_WITNESSES: dict[str, HeadWitness] = {}


def register_head_witness(witness: HeadWitness) -> None:
    _WITNESSES[witness.name] = witness


def head_witnesses() -> list[HeadWitness]:
    return list(_WITNESSES.values())


class NoHeadWitness(RuntimeError):
    """No witness is registered: the head cannot be published."""


def publish_head(*, actor=None) -> list[PublishedHead]:
    """Publish the chain's current head to every witness, and audit that it was published.

    Run it periodically (``wangjian audit publish`` from cron, or the job
    ``core.publish_audit_head``): a tail cut after the last publication cannot be told from a
    log that ended there.
    """
    if not _WITNESSES:
        raise NoHeadWitness(
            "没有登记的审计链头见证方（须安装 evidence 应用）/ no audit head witness is "
            "registered (the evidence app provides one)"
        )
    with transaction.atomic():
        head = _locked_head()
        published = [
            PublishedHead(
                head.last_sequence,
                head.last_hash,
                witness.publish(sequence=head.last_sequence, last_hash=head.last_hash, actor=actor),
            )
            for witness in _WITNESSES.values()
        ]
        record_event(
            actor=actor,
            event_type="core.audit_head_published",
            target=("core.AuditChainHead", head.last_sequence, f"#{head.last_sequence}"),
            after={
                "sequence": head.last_sequence,
                "hash": head.last_hash,
                "witnesses": [item.where for item in published],
            },
        )
    return published


@dataclass
class ChainVerification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    # The latest sequence a witness published (0: none).
    published: int = 0

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
    newest_version = 1
    published: dict[int, list[PublishedHead]] = {}
    for witness in head_witnesses():
        reading = witness.read()
        result.problems.extend(reading.problems)
        for item in reading.heads:
            published.setdefault(item.sequence, []).append(item)
    result.published = max(published, default=0)
    with transaction.atomic():
        rows = AuditEvent.objects.order_by("sequence").values(
            *HASHED_FIELDS_V2, "previous_hash", "hash"
        )
        for row in rows.iterator(chunk_size=batch_size):
            result.checked += 1
            if row["chain_version"] < newest_version:
                result.problems.append(
                    f"事件 #{row['sequence']} 使用旧版哈希（版本 {row['chain_version']}），晚于新版"
                    f"事件（事件被替换）/ event #{row['sequence']} uses chain version "
                    f"{row['chain_version']} after version {newest_version} events (the event "
                    "was replaced)"
                )
            newest_version = max(newest_version, row["chain_version"])
            for item in published.get(row["sequence"], ()):
                if item.hash != row["hash"]:
                    result.problems.append(
                        f"事件 #{row['sequence']} 的哈希与已发布的链头（{item.where}）不符（日志被"
                        f"重写）/ event #{row['sequence']}: hash differs from the head published "
                        f"in {item.where} (the log was rewritten)"
                    )
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
    for sequence in sorted(published):
        if sequence > last_sequence:
            where = "、".join(item.where for item in published[sequence])
            result.problems.append(
                f"已发布的链头为 #{sequence}（{where}），日志却止于 #{last_sequence}"
                f"（末尾事件被删除，或日志被清空）/ a head was published at #{sequence} "
                f"({where}) but the log ends at #{last_sequence} (events were removed from the "
                "end, or the log was emptied)"
            )
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
