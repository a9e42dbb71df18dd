"""RFC 3161 timestamps: asking a TSA for a token and verifying one offline.

Verification uses rfc3161-client, which checks the message imprint, the signer's critical
timeStamping EKU and the chain to a pinned TSA root (evidence-design.md §3: rfc3161ng does no
chain check and must never be the only check).
"""

import hashlib
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

CONTENT_TYPE_QUERY = "application/timestamp-query"


class TimestampError(RuntimeError):
    pass


@dataclass(frozen=True)
class TokenInfo:
    gen_time: datetime
    serial_number: int
    policy: str
    tsa_name: str
    message_imprint_sha256: str


def request_timestamp(url: str, data: bytes, *, timeout: float = 30.0) -> bytes:
    """Ask the TSA at ``url`` to stamp ``data`` (SHA-256 imprint); return the TimeStampResp DER."""
    request = (
        TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    http_request = urllib.request.Request(
        url, data=request.as_bytes(), headers={"Content-Type": CONTENT_TYPE_QUERY}, method="POST"
    )
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as reply:
            body = reply.read()
    except OSError as error:
        raise TimestampError(
            f"时间戳服务不可用 / timestamp authority unreachable: {url}: {error}"
        ) from error
    response = decode_timestamp_response(body)
    if response.status not in (0, 1):
        raise TimestampError(
            f"时间戳服务拒绝请求（状态 {response.status}）/ TSA refused the request (status "
            f"{response.status}): {response.status_string}"
        )
    if response.tst_info.nonce != request.nonce:
        raise TimestampError("时间戳应答的随机数不符 / TSA reply nonce does not match the request")
    return body


def token_info(response_der: bytes) -> TokenInfo:
    info = decode_timestamp_response(response_der).tst_info
    try:
        name = info.name.value.rfc4514_string() if info.name is not None else ""
    except (AttributeError, ValueError):
        name = str(info.name)
    return TokenInfo(
        gen_time=info.gen_time,
        serial_number=info.serial_number,
        policy=info.policy.dotted_string,
        tsa_name=name,
        message_imprint_sha256=info.message_imprint.message.hex(),
    )


def verify_timestamp(response_der: bytes, data: bytes, roots: list[x509.Certificate]) -> TokenInfo:
    """Return the token's details when it stamps ``data`` and chains to one of ``roots``.

    Raise TimestampError otherwise, saying which check failed.
    """
    try:
        response = decode_timestamp_response(response_der)
    except (ValueError, Exception) as error:
        raise TimestampError(f"时间戳令牌无法解析 / timestamp token unreadable: {error}") from error
    imprint = response.tst_info.message_imprint.message
    if imprint != hashlib.sha256(data).digest():
        raise TimestampError(
            "时间戳令牌的消息摘要与签名不符 / token message imprint does not match the signature"
        )
    last_error: Exception | None = None
    for root in roots:
        builder = VerifierBuilder().add_root_certificate(root)
        for der in response.signed_data.certificates:
            certificate = x509.load_der_x509_certificate(der)
            if certificate != root and _is_ca(certificate):
                builder = builder.add_intermediate_certificate(certificate)
        try:
            builder.build().verify_message(response, data)
        except VerificationError as error:
            last_error = error
            continue
        return token_info(response_der)
    raise TimestampError(
        f"时间戳令牌未通过验证（签名、用途或证书链）/ timestamp token failed verification "
        f"(signature, EKU or chain to a pinned root): {last_error}"
    )


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False
