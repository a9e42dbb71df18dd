"""Compact signed payloads for QR codes: ``PREFIX.<base64url canonical JSON>.<base64url sig>``.

The signature is Ed25519 over the ASCII bytes ``PREFIX.<base64url JSON>`` made with the evidence
app's key functions (``evidence.bundle.keys``); a payload names its key by ``k``, the first 16
hex digits of the key's SHA-256 fingerprint (``keys.key_fingerprint``). Pure Python: no Django,
so the offline verifiers use it as it is.
"""

import base64
import json

from wangjian.evidence.bundle import keys
from wangjian.evidence.bundle.canonical import canonical_json


class PayloadError(ValueError):
    """A payload that cannot be read or whose signature fails; ``step`` names the check."""

    def __init__(self, step: str, message: str):
        super().__init__(message)
        self.step = step


def key_id(public_key) -> str:
    return keys.key_fingerprint(public_key)[:16]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_payload(prefix: str, claims: dict, private_key) -> str:
    body = f"{prefix}.{_b64url(canonical_json(claims))}"
    return f"{body}.{_b64url(keys.sign(private_key, body.encode()))}"


def read_payload(prefix: str, token: str) -> tuple[dict, bytes, bytes]:
    """(claims, signed bytes, signature) without checking the signature."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != prefix:
        raise PayloadError(
            "format",
            f"载荷格式不正确（应以 {prefix}. 开头）/ malformed payload (expected {prefix}.)",
        )
    try:
        claims = json.loads(_unb64url(parts[1]))
        signature = _unb64url(parts[2])
    except (ValueError, UnicodeDecodeError) as error:
        raise PayloadError("format", "载荷无法解码 / payload cannot be decoded") from error
    if not isinstance(claims, dict):
        raise PayloadError("format", "载荷内容不是对象 / payload is not an object")
    return claims, f"{parts[0]}.{parts[1]}".encode(), signature


def verify_payload(prefix: str, token: str, public_keys: dict) -> dict:
    """The claims of ``token`` if its key is among ``public_keys`` (key id → public key) and the
    signature holds; ``PayloadError`` naming the failed step otherwise."""
    claims, signed, signature = read_payload(prefix, token)
    public_key = public_keys.get(claims.get("k", ""))
    if public_key is None:
        raise PayloadError(
            "key",
            f"签名密钥 {claims.get('k', '')!r} 不受信任或已吊销 / signing key {claims.get('k')!r} "
            "is not trusted or was revoked",
        )
    if not keys.verify(public_key, signature, signed):
        raise PayloadError(
            "signature", "载荷签名无效（内容被改动）/ payload signature invalid (content changed)"
        )
    return claims
