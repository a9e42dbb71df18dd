"""市场主体身份码: a signed token (USCC, name, issued-at, key id) in a QR code.

Keys are Ed25519 keys made with ``evidence.bundle.keys``; the private half of each lives in a
0600 file under ``<evidence dir>/idcode-keys/``, the public half and its state in ``IdCodeKey``.
One key is current (new codes); a rotated key still verifies its codes; a revoked key verifies
nothing. The QR carries ``WANGJIAN_IDCODE_URL?t=<token>`` when that setting names the public
page, else the bare token, so a scan opens the public page and the token alone verifies offline.
"""

import io
import os
from pathlib import Path

from wangjian.evidence.bundle import keys
from wangjian.services.signing import PayloadError, read_payload, verify_payload

PREFIX = "WJID1"


def key_dir() -> Path:
    from wangjian.evidence.config import evidence_dir

    return evidence_dir() / "idcode-keys"


def write_private_key(key_id: str, private_key) -> Path:
    directory = key_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{key_id}.pem"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(keys.private_key_pem(private_key))
    return path


def load_private_key(key_id: str):
    return keys.load_or_create_key(key_dir() / f"{key_id}.pem")


def trusted_keys() -> dict:
    from wangjian.services.models import IdCodeKey

    return {
        key.key_id: keys.load_public_key_pem(key.public_key_pem)
        for key in IdCodeKey.objects.filter(revoked_at__isnull=True)
    }


def verify_token(token: str) -> dict:
    """The claims of a genuine token signed by a key that is not revoked; ``PayloadError``
    naming the step (format, key, signature) otherwise."""
    from wangjian.services.models import IdCodeKey

    claims, _signed, _signature = read_payload(PREFIX, token)
    revoked = IdCodeKey.objects.filter(key_id=claims.get("k", ""), revoked_at__isnull=False).first()
    if revoked is not None:
        raise PayloadError(
            "key",
            f"签发密钥 {revoked.key_id} 已于 {revoked.revoked_at:%Y-%m-%d} 吊销"
            f"（{revoked.revocation_reason}）/ signing key {revoked.key_id} was revoked",
        )
    return verify_payload(PREFIX, token, trusted_keys())


def qr_content(token: str) -> str:
    base = os.environ.get("WANGJIAN_IDCODE_URL", "")
    return f"{base}?t={token}" if base else token


def qr_png(token: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(qr_content(token), error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def qr_svg_data_uri(token: str) -> str:
    import segno

    return segno.make(qr_content(token), error="m").svg_data_uri(scale=4)
