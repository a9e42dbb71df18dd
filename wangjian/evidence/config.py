"""Where the evidence app keeps its key and bundles, and which TSA it asks; read at call time.

``WANGJIAN_EVIDENCE_DIR`` (default ``var/evidence``; never under MEDIA_ROOT, which may be
served), ``WANGJIAN_EVIDENCE_KEY_FILE`` (default ``<dir>/platform-ed25519.pem``, created on first
use), ``WANGJIAN_EVIDENCE_LOG_ORIGIN`` (the checkpoint origin line), ``WANGJIAN_TSA_URL`` and
``WANGJIAN_TSA_ROOTS`` (PEM file of the TSA roots to trust). Without a TSA URL (the demo), a
loopback test TSA with a test PKI kept in ``<dir>/test-tsa/`` is used; its tokens name the test
PKI, the certificate says so in red, and the system check ``evidence.W001`` warns.
"""

import logging
import os
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings

from wangjian import __version__ as software_version_string
from wangjian.evidence.bundle import keys
from wangjian.evidence.bundle.timestamps import request_timestamp

logger = logging.getLogger(__name__)

DEFAULT_LOG_ORIGIN = "wangjian.local/evidence-log"


class EvidenceConfigurationError(RuntimeError):
    pass


def evidence_dir() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "evidence"
    return Path(os.environ.get("WANGJIAN_EVIDENCE_DIR", default))


def bundle_dir() -> Path:
    return evidence_dir() / "bundles"


def platform_key():
    path = os.environ.get("WANGJIAN_EVIDENCE_KEY_FILE") or evidence_dir() / "platform-ed25519.pem"
    return keys.load_or_create_key(Path(path))


def platform_certificate() -> x509.Certificate:
    """The self-signed certificate of the platform key, made next to the key on first use."""
    from wangjian.evidence.bundle.pades import platform_certificate as make_certificate

    key = platform_key()
    key_path = Path(
        os.environ.get("WANGJIAN_EVIDENCE_KEY_FILE") or evidence_dir() / "platform-ed25519.pem"
    )
    path = key_path.with_name(key_path.stem + ".crt.pem")
    if path.exists():
        certificate = x509.load_pem_x509_certificate(path.read_bytes())
        if certificate.public_key() == key.public_key():
            return certificate
    certificate = make_certificate(key)
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return certificate


def log_origin() -> str:
    return os.environ.get("WANGJIAN_EVIDENCE_LOG_ORIGIN", DEFAULT_LOG_ORIGIN)


def software_version() -> str:
    return software_version_string


_local_tsa = None
_local_tsa_lock = threading.Lock()


def _test_tsa():
    """A loopback TSA whose PKI persists in the evidence directory, so old seals stay verifiable."""
    global _local_tsa
    from wangjian.evidence.bundle.local_tsa import LocalTimestampAuthority, TestPki, make_test_pki

    with _local_tsa_lock:
        if _local_tsa is None:
            directory = evidence_dir() / "test-tsa"
            root_path, cert_path, key_path = (
                directory / "root.pem",
                directory / "tsa.pem",
                directory / "tsa-key.pem",
            )
            if key_path.exists():
                pki = TestPki(
                    x509.load_pem_x509_certificate(root_path.read_bytes()),
                    x509.load_pem_x509_certificate(cert_path.read_bytes()),
                    serialization.load_pem_private_key(key_path.read_bytes(), password=None),
                )
            else:
                pki = make_test_pki()
                directory.mkdir(parents=True, exist_ok=True)
                root_path.write_text(pki.root_pem())
                cert_path.write_text(pki.tsa_pem())
                descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(
                        pki.tsa_key.private_bytes(
                            serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption(),
                        )
                    )
            _local_tsa = LocalTimestampAuthority(pki).start()
        return _local_tsa


def uses_test_tsa() -> bool:
    return not os.environ.get("WANGJIAN_TSA_URL")


def tsa_url() -> str:
    if uses_test_tsa():
        logger.warning("evidence: no WANGJIAN_TSA_URL, sealing with the loopback test TSA")
        return _test_tsa().url
    return os.environ["WANGJIAN_TSA_URL"]


def tsa_roots() -> list[x509.Certificate]:
    path = os.environ.get("WANGJIAN_TSA_ROOTS", "")
    if path:
        return x509.load_pem_x509_certificates(Path(path).read_bytes())
    if uses_test_tsa():
        return [_test_tsa().pki.root_certificate]
    raise EvidenceConfigurationError(
        "已设置 WANGJIAN_TSA_URL 但未设置其根证书 WANGJIAN_TSA_ROOTS / WANGJIAN_TSA_URL is set "
        "but WANGJIAN_TSA_ROOTS (the PEM file of its root certificates) is not"
    )


def tsa_root_pems() -> list[str]:
    return [root.public_bytes(serialization.Encoding.PEM).decode() for root in tsa_roots()]


def timestamp(data: bytes) -> bytes:
    return request_timestamp(tsa_url(), data)


def deployment_trust():
    """The trust file of this deployment: what `wangjian evidence trust` hands to examiners."""
    from wangjian.evidence.bundle.notes import verifier_key
    from wangjian.evidence.bundle.verify import Trust

    key = platform_key()
    return Trust(
        platform_key_fingerprints={keys.key_fingerprint(key.public_key())},
        log_origin=log_origin(),
        log_verifier_key=verifier_key(log_origin(), key.public_key()),
        tsa_roots=tsa_roots(),
    )
