"""The custody log in memory: the same entries, checkpoints and proofs as the database log.

Used where no database exists (the standalone ``capture`` without a deployment, the bench) and
as the reference the database log is tested against.
"""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.bundle.merkle import MemoryTree, leaf_hash
from wangjian.evidence.bundle.notes import Checkpoint, TlogProof, sign_checkpoint, verifier_key
from wangjian.evidence.bundle.wacz import LoggedSeal


class MemoryCustodyLog:
    def __init__(self, origin: str, key: Ed25519PrivateKey, timestamp=None):
        self.origin = origin
        self.key = key
        self.timestamp = timestamp  # data -> RFC 3161 TimeStampResp DER, to stamp checkpoints
        self.tree = MemoryTree()
        self.entries: list[bytes] = []
        self.last_hash_by_bundle: dict[str, str] = {}

    @property
    def verifier_key(self) -> str:
        return verifier_key(self.origin, self.key.public_key())

    def append(self, entry: dict) -> int:
        bundle = entry.get("bundle", "")
        entry = {**entry, "prev": self.last_hash_by_bundle.get(bundle, "")}
        data = canonical_json(entry)
        self.entries.append(data)
        hashed = leaf_hash(data)
        self.tree.append(hashed)
        self.last_hash_by_bundle[bundle] = hashed.hex()
        return self.tree.size - 1

    def checkpoint(self) -> str:
        return sign_checkpoint(
            Checkpoint(self.origin, self.tree.size, self.tree.root()), self.origin, self.key
        )

    def log_seal(self, entry: dict) -> LoggedSeal:
        index = self.append(entry)
        note = self.checkpoint()
        proof = TlogProof(index, tuple(self.tree.inclusion_proof(index)), note)
        token = self.timestamp(note.encode()) if self.timestamp else b""
        return LoggedSeal(self.entries[index], proof, token)
