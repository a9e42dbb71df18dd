"""The 电子数据存证证书 (PDF), rendered from the sealed bundle's own bytes and nothing else.

Rendering from the bundle rather than from database rows means the certificate can only state
what was sealed (民事诉讼证据规定 第十五条: an output that comes directly from the electronic data).
The manifest hash is also written into the PDF's keywords, which verification step 7 compares.
"""

import base64
import io
import json
import os
import zipfile
from datetime import timedelta, timezone

import segno
import weasyprint
from django.template.loader import render_to_string
from PIL import Image

from wangjian.evidence.bundle import keys, notes
from wangjian.evidence.bundle.timestamps import token_info
from wangjian.evidence.bundle.wacz import (
    CAPTURE_PATH,
    DIGEST_PATH,
    MANIFEST_PATH,
)

SHANGHAI = timezone(timedelta(hours=8))
TEST_PKI_NAME = "wangjian test PKI"  # the organisation of local_tsa.make_test_pki certificates
VERIFICATION_DOC = "docs/evidence-verification.md"


def verification_pointer(bundle_id: str, manifest_sha256: str) -> str:
    """What the QR code carries: the offline verification instructions, not only a web service."""
    base = os.environ.get("WANGJIAN_EVIDENCE_VERIFY_URL", "")
    if base:
        return f"{base}?bundle={bundle_id}&manifest=sha256:{manifest_sha256}"
    return (
        f"{bundle_id} sha256:{manifest_sha256} 离线校验 / offline: wangjian evidence verify; "
        f"OpenSSL: {VERIFICATION_DOC}"
    )


def _thumbnail(png: bytes) -> str:
    """A small JPEG of the top of the sealed screenshot (the bundle keeps the original)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, image.width * 3 // 2)))
    image.thumbnail((480, 720))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return base64.b64encode(buffer.getvalue()).decode()


def certificate_context(bundle: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    capture = json.loads(archive.read(CAPTURE_PATH))
    manifest = json.loads(archive.read(MANIFEST_PATH))
    digest = json.loads(archive.read(DIGEST_PATH))
    entry = json.loads(digest["custodyLog"]["entry"])
    proof = notes.parse_tlog_proof(digest["custodyLog"]["proof"])
    checkpoint_body = proof.checkpoint_note.split("\n\n", 1)[0] + "\n"
    checkpoint = notes.parse_checkpoint_body(checkpoint_body)
    signed = digest["signedData"]
    token = token_info(keys.unb64(signed["timeSignature"]))
    manifest_sha256 = digest["hash"].split(":", 1)[1]
    bundle_id = entry["bundle"]
    screenshot = ""
    if "evidence/screenshot.png" in archive.namelist():
        screenshot = _thumbnail(archive.read("evidence/screenshot.png"))
    qr = segno.make(verification_pointer(bundle_id, manifest_sha256), error="m")
    return {
        "bundle_id": bundle_id,
        "capture": capture,
        "collectors": [a for a in capture.get("actors", []) if a.get("role") == "collector"],
        "witnesses": [a for a in capture.get("actors", []) if a.get("role") == "witness"],
        "resources": manifest["resources"],
        "manifest_sha256": manifest_sha256,
        "manifest_sm3": digest.get("sm3", "").split(":", 1)[-1],
        "created": signed["created"],
        "key_fingerprint": signed["keyFingerprint"],
        "token": token,
        "gen_time_shanghai": token.gen_time.astimezone(SHANGHAI).isoformat(),
        "test_tsa": TEST_PKI_NAME in token.tsa_name,
        "log_index": proof.index,
        "checkpoint": checkpoint,
        "checkpoint_root_hex": checkpoint.root.hex(),
        "screenshot_b64": screenshot,
        "qr_svg_data_uri": qr.svg_data_uri(scale=3),
        "verification_doc": VERIFICATION_DOC,
        "marker": f"wangjian-manifest-sha256:{manifest_sha256}",
    }


def render_certificate(
    bundle: bytes, *, sign: bool = True, key=None, certificate=None, tsa_url: str | None = None
) -> bytes:
    """The certificate PDF, PAdES-signed with a TSA timestamp (B-T) by the platform key.

    ``key``, ``certificate`` and ``tsa_url`` default to this deployment's.
    """
    html = render_to_string("evidence/certificate.html", certificate_context(bundle))
    pdf = weasyprint.HTML(string=html).write_pdf()
    if not sign:
        return pdf
    from wangjian.evidence import config
    from wangjian.evidence.bundle.pades import platform_certificate, sign_pdf

    if key is None:
        key, certificate = config.platform_key(), config.platform_certificate()
    return sign_pdf(
        pdf,
        key,
        certificate or platform_certificate(key),
        tsa_url=config.tsa_url() if tsa_url is None else tsa_url,
    )
