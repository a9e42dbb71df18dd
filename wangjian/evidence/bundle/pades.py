"""PAdES signatures on the certificate PDF (evidence-design.md §4.1 step 5, §4.4 step 7).

The platform's Ed25519 key signs the PDF through pyHanko with a self-signed X.509 certificate
for that key (the trust file pins the key, not a CA), plus an RFC 3161 document timestamp from the
configured TSA (PAdES B-T). pyHanko is imported only here, so the other verification steps run
without it.
"""

import datetime
import io
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from wangjian.evidence.bundle import keys

PLATFORM_NAME = "wangjian evidence platform"


def platform_certificate(key: Ed25519PrivateKey, *, name: str = PLATFORM_NAME) -> x509.Certificate:
    """A self-signed certificate for the platform key; its only job is to carry the key in CMS."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650 * 3))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, None)
    )


def _asn1(certificate: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _timestamper(tsa_url: str):
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper

    class UrllibTimeStamper(TimeStamper):
        """pyHanko's HTTP timestampers need extra packages; the standard library suffices."""

        async def async_request_tsa_response(self, req):
            request = urllib.request.Request(
                tsa_url,
                data=req.dump(),
                headers={"Content-Type": "application/timestamp-query"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=30) as reply:
                return tsp.TimeStampResp.load(reply.read())

    return UrllibTimeStamper()


def sign_pdf(
    pdf: bytes, key: Ed25519PrivateKey, certificate: x509.Certificate, *, tsa_url: str = ""
) -> bytes:
    from asn1crypto import keys as asn1_keys
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

    signer = signers.SimpleSigner(
        signing_cert=_asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=None,
    )
    metadata = PdfSignatureMetadata(
        field_name="PlatformSeal",
        subfilter=SigSeedSubFilter.PADES,
        reason="电子数据存证证书 / evidence certificate",
    )
    output = signers.PdfSigner(
        metadata, signer=signer, timestamper=_timestamper(tsa_url) if tsa_url else None
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return output.getvalue()


def check_pdf_signature(pdf: bytes, pinned_fingerprints: set[str], tsa_roots) -> tuple[bool, str]:
    """(passed, reason): intact, whole file covered, signed by a pinned platform key."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    if len(reader.embedded_signatures) != 1:
        return False, "证书应有且仅有一个 PAdES 签名 / certificate must carry exactly one signature"
    embedded = reader.embedded_signatures[0]
    signer_certificate = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    fingerprint = keys.key_fingerprint(signer_certificate.public_key())
    if fingerprint not in pinned_fingerprints:
        return False, f"证书签名公钥未被信任 / certificate signed by an unpinned key {fingerprint}"
    context = ValidationContext(
        trust_roots=[embedded.signer_cert, *[_asn1(root) for root in tsa_roots]]
    )
    status = validate_pdf_signature(embedded, context)
    if not (status.intact and status.valid and status.trusted):
        return False, "证书 PAdES 签名无效或文件被改动 / certificate PAdES signature broken"
    if status.coverage.name != "ENTIRE_FILE":
        return False, "证书签名未覆盖整个文件 / signature does not cover the whole file"
    stamped = ""
    if status.timestamp_validity is not None and status.timestamp_validity.trusted:
        stamped = f"，签名时间戳 / stamped {status.timestamp_validity.timestamp.isoformat()}"
    return True, f"PAdES 签名完整有效 / PAdES signature intact and trusted{stamped}"
