"""SHA-256 and SM3 (GB/T 32905-2016) digests, computed in one pass over the bytes."""

import hashlib

from cryptography.hazmat.primitives import hashes

CHUNK = 1 << 20


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sm3_hex(data: bytes) -> str:
    # cryptography ships SM3 on every build; hashlib.new("sm3") depends on the system OpenSSL.
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def both_digests(data: bytes) -> tuple[str, str]:
    """(sha256 hex, sm3 hex) of ``data``."""
    sha = hashlib.sha256()
    sm3 = hashes.Hash(hashes.SM3())
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        piece = view[start : start + CHUNK]
        sha.update(piece)
        sm3.update(piece)
    return sha.hexdigest(), sm3.finalize().hex()
