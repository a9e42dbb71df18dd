"""The database custody log against the in-memory reference, and its checkpoints."""

import hashlib
import json

import pytest
from django.db import transaction

from wangjian.evidence import custody
from wangjian.evidence.bundle import merkle, notes
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.models import CustodyLogEntry, CustodyLogNode


def _append(count: int, bundle: str = "EV-2026-000001") -> list[CustodyLogEntry]:
    with transaction.atomic():
        return [
            custody.append_entry({"type": "access", "bundle": bundle, "n": n, "time": "t"})
            for n in range(count)
        ]


@pytest.mark.django_db
def test_database_log_roots_and_proofs_equal_the_memory_tree(evidence_settings):
    rows = _append(13)
    tree = merkle.MemoryTree([merkle.leaf_hash(row.data.encode()) for row in rows])
    for size in range(1, 14):
        assert custody.root(size) == tree.root(size)
        for index in range(size):
            assert custody.inclusion_proof(index, size) == tree.inclusion_proof(index, size)
        assert custody.consistency_proof(size, 13) == tree.consistency_proof(size, 13)
    # Leaves plus 6 + 3 + 1 complete interior nodes for 13 leaves, each stored once.
    assert CustodyLogNode.objects.count() == 13 + 6 + 3 + 1


@pytest.mark.django_db
def test_entries_chain_per_bundle_and_are_canonical_json(evidence_settings):
    first, second = _append(2)
    other = _append(1, bundle="EV-2026-000002")[0]
    assert json.loads(first.data)["prev"] == ""
    assert json.loads(second.data)["prev"] == first.leaf_hash
    assert json.loads(other.data)["prev"] == ""
    assert canonical_json(json.loads(second.data)).decode() == second.data
    assert [first.index, second.index, other.index] == [0, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_appending_outside_a_transaction_is_refused(evidence_settings):
    with pytest.raises(RuntimeError, match="only in a transaction"):
        custody.append_entry({"type": "access", "bundle": "x"})


@pytest.mark.django_db
def test_checkpoints_are_signed_timestamped_and_consistent(evidence_settings, local_tsa):
    from wangjian.evidence import config
    from wangjian.evidence.bundle.timestamps import verify_timestamp

    _append(3)
    with transaction.atomic():
        small = custody.sign_checkpoint()
    _append(4)
    with transaction.atomic():
        large = custody.sign_checkpoint()
    vkey = notes.verifier_key(config.log_origin(), config.platform_key().public_key())
    small_cp = notes.parse_checkpoint_body(notes.open_note(small.note, vkey))
    large_cp = notes.parse_checkpoint_body(notes.open_note(large.note, vkey))
    assert (small_cp.size, large_cp.size) == (3, 7)
    proof = custody.consistency_proof(3, 7)
    assert merkle.verify_consistency(3, small_cp.root, 7, large_cp.root, proof)
    token = verify_timestamp(
        bytes(large.timestamp_token), large.note.encode(), [local_tsa.pki.root_certificate]
    )
    assert token.message_imprint_sha256 == hashlib.sha256(large.note.encode()).hexdigest()


@pytest.mark.django_db
def test_proofs_outside_the_log_are_refused(evidence_settings):
    _append(2)
    with pytest.raises(custody.ProofRequestError):
        custody.inclusion_proof(2, 2)
    with pytest.raises(custody.ProofRequestError):
        custody.consistency_proof(1, 3)
