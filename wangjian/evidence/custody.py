"""The deployment's custody log in the database: append, checkpoints and proofs.

The maths is ``wangjian.evidence.bundle.merkle``; this module stores each leaf and each complete
subtree hash once (``CustodyLogNode``), so a proof at any size needs about 2·log2(n) lookups
and no rehashing of the log. Callers append inside their action's transaction, so an entry
commits together with the change and the audit event it records.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wangjian.evidence import config
from wangjian.evidence.bundle import merkle, notes
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.bundle.wacz import LoggedSeal
from wangjian.evidence.models import (
    CustodyCheckpoint,
    CustodyLogEntry,
    CustodyLogHead,
    CustodyLogNode,
)


class ProofRequestError(ValueError):
    pass


def _locked_head() -> CustodyLogHead:
    head, _created = CustodyLogHead.objects.get_or_create(pk=1)
    return CustodyLogHead.objects.select_for_update().get(pk=head.pk)


def node_getter():
    cache: dict[tuple[int, int], bytes] = {}

    def node(level: int, position: int) -> bytes:
        key = (level, position)
        if key not in cache:
            cache[key] = bytes(
                CustodyLogNode.objects.values_list("hash", flat=True).get(
                    level=level, position=position
                )
            )
        return cache[key]

    return node


def _prefetched(compute):
    """Run ``compute(node_getter)`` with every node it needs fetched in one query.

    Which complete nodes a proof needs depends only on the indices, not on hash values, so a
    first pass with placeholder hashes lists them.
    """
    wanted: list[tuple[int, int]] = []

    def record(level: int, position: int) -> bytes:
        wanted.append((level, position))
        return bytes(32)

    compute(record)
    if not wanted:
        return compute(node_getter())
    condition = Q()
    for level, position in set(wanted):
        condition |= Q(level=level, position=position)
    found = {
        (level, position): bytes(digest)
        for level, position, digest in CustodyLogNode.objects.filter(condition).values_list(
            "level", "position", "hash"
        )
    }

    def node(level: int, position: int) -> bytes:
        return found[(level, position)]

    return compute(node)


def log_size() -> int:
    head = CustodyLogHead.objects.filter(pk=1).first()
    return head.size if head else 0


def append_entry(entry: dict, *, actor=None) -> CustodyLogEntry:
    """Append one event; ``prev`` chains it to the bundle's previous entry. Needs a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "保管日志只能在事务中追加 / the custody log appends only in a transaction"
        )
    head = _locked_head()
    bundle_id = entry.get("bundle", "")
    previous = (
        CustodyLogEntry.objects.filter(bundle_id=bundle_id).order_by("-index").first()
        if bundle_id
        else None
    )
    entry = {
        **entry,
        "actor": _actor_label(actor) if actor is not None else entry.get("actor", ""),
        "time": entry.get("time") or timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "prev": previous.leaf_hash if previous else "",
        "log_index": head.size,
    }
    data = canonical_json(entry)
    leaf = merkle.leaf_hash(data)
    index = head.size
    nodes = [CustodyLogNode(level=0, position=index, hash=leaf)]
    current, level, position = leaf, 0, index
    while position % 2 == 1:
        sibling = node_getter()(level, position - 1)
        current = merkle.node_hash(sibling, current)
        level, position = level + 1, position // 2
        nodes.append(CustodyLogNode(level=level, position=position, hash=current))
    CustodyLogNode.objects.bulk_create(nodes)
    row = CustodyLogEntry.objects.create(
        index=index,
        event_type=entry["type"],
        bundle_id=bundle_id,
        data=data.decode(),
        leaf_hash=leaf.hex(),
    )
    head.size = index + 1
    head.save(update_fields=["size"])
    return row


def _actor_label(actor) -> dict:
    org_unit = getattr(actor, "org_unit", None)
    return {
        "id": actor.pk,
        "username": actor.username,
        "name": getattr(actor, "display_name", "") or actor.username,
        "org_unit": str(org_unit) if org_unit else "",
    }


def root(size: int | None = None) -> bytes:
    size = log_size() if size is None else size
    return _prefetched(lambda node: merkle.subtree_hash(node, 0, size))


def sign_checkpoint(*, timestamped: bool = True) -> CustodyCheckpoint:
    """Sign the current tree head (once per size); add an RFC 3161 token over the note."""
    size = log_size()
    existing = CustodyCheckpoint.objects.filter(size=size).first()
    if existing is not None:
        return existing
    origin = config.log_origin()
    tree_root = root(size)
    note = notes.sign_checkpoint(
        notes.Checkpoint(origin, size, tree_root), origin, config.platform_key()
    )
    token = config.timestamp(note.encode()) if timestamped else b""
    return CustodyCheckpoint.objects.create(
        size=size, root_hash=tree_root.hex(), note=note, timestamp_token=token
    )


def inclusion_proof(index: int, size: int) -> list[bytes]:
    if not 0 <= index < size <= log_size():
        raise ProofRequestError(
            f"索引 {index} 或树大小 {size} 超出日志（当前 {log_size()}）/ "
            "index or size outside the log"
        )
    return _prefetched(lambda node: merkle.inclusion_proof(node, index, size))


def consistency_proof(first: int, second: int) -> list[bytes]:
    if not 0 < first <= second <= log_size():
        raise ProofRequestError(
            f"一致性证明需要 0 < {first} <= {second} <= {log_size()} / sizes outside the log"
        )
    return _prefetched(lambda node: merkle.consistency_proof(node, first, second))


def log_seal_in_transaction(entry: dict, *, actor) -> LoggedSeal:
    """Append the seal entry, sign a checkpoint that covers it, return the bundle's proof."""
    row = append_entry(entry, actor=actor)
    checkpoint = sign_checkpoint()
    proof = notes.TlogProof(
        row.index, tuple(inclusion_proof(row.index, checkpoint.size)), checkpoint.note
    )
    return LoggedSeal(row.data.encode(), proof, bytes(checkpoint.timestamp_token))
