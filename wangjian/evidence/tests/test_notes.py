"""C2SP checkpoints and tlog-proofs round-trip; forged signatures and keys are refused."""

import pytest

from wangjian.evidence.bundle import keys, notes


def test_a_checkpoint_round_trips_and_verifies_for_any_key():
    # Try keys until one's base64 contains "+", which once broke verifier-key parsing.
    for _attempt in range(200):
        key = keys.generate_key()
        vkey = notes.verifier_key("example.test/log", key.public_key())
        if "+" in vkey.split("+", 2)[2]:
            break
    checkpoint = notes.Checkpoint("example.test/log", 8, bytes(range(32)))
    note = notes.sign_checkpoint(checkpoint, "example.test/log", key)
    assert note.startswith("example.test/log\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\n—")
    assert notes.parse_checkpoint_body(notes.open_note(note, vkey)) == checkpoint


def test_a_changed_checkpoint_or_another_key_is_refused():
    key = keys.generate_key()
    note = notes.sign_checkpoint(notes.Checkpoint("o", 1, b"\x00" * 32), "o", key)
    vkey = notes.verifier_key("o", key.public_key())
    with pytest.raises(notes.NoteError):
        notes.open_note(note.replace("\n1\n", "\n2\n"), vkey)
    with pytest.raises(notes.NoteError):
        notes.open_note(note, notes.verifier_key("o", keys.generate_key().public_key()))


def test_a_tlog_proof_round_trips():
    proof = notes.TlogProof(5, (b"\x01" * 32, b"\x02" * 32), "o\n1\nAA==\n\n— o AAAA\n", b"x")
    text = proof.render()
    assert text.startswith("c2sp.org/tlog-proof@v1\nextra eA==\nindex 5\n")
    assert notes.parse_tlog_proof(text) == proof
