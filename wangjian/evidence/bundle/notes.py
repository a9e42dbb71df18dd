"""C2SP signed notes, tlog-checkpoint and tlog-proof, with Ed25519 signatures.

A checkpoint body is ``origin\\nsize\\nbase64(root)\\n``; a signature line is
``— name base64(key_id || signature)`` where ``key_id`` is the first four bytes of
``SHA-256(name || "\\n" || 0x01 || public key)`` (C2SP signed-note, algorithm 0x01 = Ed25519).
"""

import base64
import hashlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from wangjian.evidence.bundle import keys

EM_DASH = "\u2014"
ED25519 = b"\x01"
PROOF_HEADER = "c2sp.org/tlog-proof@v1"


class NoteError(ValueError):
    pass


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(
        name.encode() + b"\n" + ED25519 + keys.public_key_raw(public_key)
    ).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The vkey string ``name+hex(key_id)+base64(0x01 || key)`` that trust files carry."""
    raw = ED25519 + keys.public_key_raw(public_key)
    return f"{name}+{key_id(name, public_key).hex()}+{base64.b64encode(raw).decode()}"


def parse_verifier_key(vkey: str) -> tuple[str, bytes, Ed25519PublicKey]:
    try:
        # The name may not contain "+" (C2SP signed-note); the base64 key may.
        name, hex_id, encoded = vkey.split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
    except ValueError as error:
        raise NoteError(f"验证密钥格式错误 / malformed verifier key: {vkey!r}") from error
    if raw[:1] != ED25519 or len(raw) != 33:
        raise NoteError("验证密钥不是 Ed25519 / verifier key is not Ed25519")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if key_id(name, public_key).hex() != hex_id:
        raise NoteError("验证密钥的标识不符 / verifier key id does not match its key")
    return name, bytes.fromhex(hex_id), public_key


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = field(default=())

    def body(self) -> str:
        lines = [
            self.origin,
            str(self.size),
            base64.b64encode(self.root).decode(),
            *self.extensions,
        ]
        return "\n".join(lines) + "\n"


def sign_note(body: str, name: str, key: Ed25519PrivateKey) -> str:
    signature = key.sign(body.encode())
    blob = base64.b64encode(key_id(name, key.public_key()) + signature).decode()
    return f"{body}\n{EM_DASH} {name} {blob}\n"


def sign_checkpoint(checkpoint: Checkpoint, name: str, key: Ed25519PrivateKey) -> str:
    return sign_note(checkpoint.body(), name, key)


def open_note(note: str, vkey: str) -> str:
    """Return the body when ``vkey`` signed ``note``; raise NoteError otherwise."""
    name, expected_id, public_key = parse_verifier_key(vkey)
    body, separator, signatures = note.rpartition("\n\n")
    if not separator or not body:
        raise NoteError("签名注记缺少空行分隔 / signed note lacks the blank separator line")
    body += "\n"
    for line in signatures.splitlines():
        prefix = f"{EM_DASH} {name} "
        if not line.startswith(prefix):
            continue
        try:
            blob = base64.b64decode(line[len(prefix) :], validate=True)
        except ValueError:
            continue
        if blob[:4] == expected_id and keys.verify(public_key, blob[4:], body.encode()):
            return body
    raise NoteError(f"检查点没有 {name} 的有效签名 / checkpoint has no valid signature by {name}")


def parse_checkpoint_body(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("检查点正文格式错误 / malformed checkpoint body")
    try:
        size = int(lines[1])
        root = base64.b64decode(lines[2], validate=True)
    except ValueError as error:
        raise NoteError(
            "检查点的大小或根哈希格式错误 / checkpoint size or root malformed"
        ) from error
    if size < 0 or len(root) != 32 or str(size) != lines[1]:
        raise NoteError("检查点的大小或根哈希格式错误 / checkpoint size or root malformed")
    return Checkpoint(lines[0], size, root, tuple(lines[3:-1]))


@dataclass(frozen=True)
class TlogProof:
    index: int
    hashes: tuple[bytes, ...]
    checkpoint_note: str
    extra: bytes | None = None

    def render(self) -> str:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode())
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode() for h in self.hashes)
        return "\n".join(lines) + "\n\n" + self.checkpoint_note


def parse_tlog_proof(text: str) -> TlogProof:
    head, separator, note = text.partition("\n\n")
    lines = head.split("\n")
    if not separator or lines[0] != PROOF_HEADER:
        raise NoteError("不是 c2sp.org/tlog-proof@v1 / not a c2sp.org/tlog-proof@v1 file")
    position, extra = 1, None
    if position < len(lines) and lines[position].startswith("extra "):
        extra = base64.b64decode(lines[position][6:], validate=True)
        position += 1
    if position >= len(lines) or not lines[position].startswith("index "):
        raise NoteError("证明缺少 index 行 / proof lacks its index line")
    try:
        index = int(lines[position][6:])
        hashes = tuple(base64.b64decode(line, validate=True) for line in lines[position + 1 :])
    except ValueError as error:
        raise NoteError("证明的索引或哈希格式错误 / proof index or hashes malformed") from error
    return TlogProof(index, hashes, note, extra)
