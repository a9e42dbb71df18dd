"""Writing a sealed evidence bundle: a WACZ 1.1.1 superset (evidence-design.md §4.2).

Order matters and is the whole point: every file is written first, then ``datapackage.json``
lists them with SHA-256 and SM3, its digest is signed with the platform key, the signature is
timestamped by an RFC 3161 TSA, and only then is the seal logged and the inclusion proof added
(``datapackage-digest.json``, which carries the signature, the token and the log proof, is outside
the manifest because it depends on it).
"""

import io
import json
import mimetypes
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from wangjian.evidence.bundle import keys
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.bundle.hashing import both_digests, sha256_hex
from wangjian.evidence.bundle.notes import TlogProof

WACZ_VERSION = "1.1.1"
SOFTWARE = "wangjian evidence"
WARC_PATH = "archive/capture.warc.gz"
INDEX_PATH = "indexes/index.cdx"
PAGES_PATH = "pages/pages.jsonl"
CAPTURE_PATH = "meta/capture.json"
MANIFEST_PATH = "datapackage.json"
DIGEST_PATH = "datapackage-digest.json"
# Bundles sealed before 2026-12 carried the certificate inside as ``certificate.pdf``; that file
# is outside the manifest, so the reference validator (``wacz validate``) refused them. The
# certificate now lies beside the bundle (``certificate_path_for``); old bundles still verify.
CERTIFICATE_PATH = "certificate.pdf"
CERTIFICATE_SUFFIX = ".certificate.pdf"
RESOURCE_URI_PREFIX = "urn:wangjian-evidence:"
# Files that cannot be in the manifest because they are made from it.
# The custody-log proof lives in datapackage-digest.json (beside the signature it covers), so
# that the sealed bundle has no file outside the manifest and passes `wacz validate`.
OUTSIDE_MANIFEST = frozenset({MANIFEST_PATH, DIGEST_PATH, CERTIFICATE_PATH})


class Sha256WarcWriter(WARCWriter):
    """warcio hard-codes SHA-1 record digests; evidence needs SHA-256 (warcio check passes)."""

    @staticmethod
    def _create_digester():
        return Digester("sha256")


@dataclass
class CapturedResponse:
    """One raw HTTP response as the browser received it."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    server_ip: str = ""


@dataclass
class Capture:
    """What a capture produced, before sealing."""

    record: dict  # becomes meta/capture.json (evidence-design.md §1.5 fields)
    files: dict[str, bytes]  # evidence/… renderings
    responses: list[CapturedResponse] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)  # {url, ts, title}


@dataclass(frozen=True)
class LoggedSeal:
    """What the custody log returns for a seal entry."""

    entry: bytes
    proof: TlogProof
    checkpoint_token: bytes = b""  # RFC 3161 token over the checkpoint note, when the log has one


@dataclass
class SealResult:
    data: bytes
    manifest_sha256: str
    manifest_sm3: str
    signature: bytes
    timestamp_token: bytes
    created: str
    log_index: int


def utc_now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _warc_date(iso: str) -> str:
    return iso[:19] + "Z"


def _cdx_timestamp(iso: str) -> str:
    return iso[:19].replace("-", "").replace("T", "").replace(":", "")


def surt(url: str) -> str:
    """Sort-friendly URI key for the CDXJ index (host reversed, lower-case)."""
    if url.startswith(RESOURCE_URI_PREFIX):
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    key = ",".join(reversed(labels))
    if parts.port:
        key += f":{parts.port}"
    path = parts.path or "/"
    return f"{key}){path.lower()}" + (f"?{parts.query}" if parts.query else "")


def build_warc(capture: Capture, bundle_id: str) -> tuple[bytes, list[str]]:
    """Return the WARC and its CDXJ lines (raw responses, then every rendering as a resource)."""
    buffer = io.BytesIO()
    writer = Sha256WarcWriter(buffer, gzip=True)
    cdx: list[str] = []
    started = capture.record.get("time", {}).get("started_utc", utc_now_iso())
    info = writer.create_warcinfo_record(
        f"{bundle_id}.warc.gz",
        {"software": SOFTWARE, "format": "WARC File Format 1.1", "wangjian-bundle": bundle_id},
    )
    writer.write_record(info)

    def write(record, url: str, iso: str, mime: str, status: int | None) -> None:
        offset = buffer.tell()
        writer.write_record(record)
        entry = {
            "url": url,
            "mime": mime,
            "digest": record.rec_headers.get_header("WARC-Payload-Digest")
            or record.rec_headers.get_header("WARC-Block-Digest"),
            "length": str(buffer.tell() - offset),
            "offset": str(offset),
            "filename": WARC_PATH.split("/")[-1],
            "recordDigest": record.rec_headers.get_header("WARC-Block-Digest"),
        }
        if status is not None:
            entry["status"] = str(status)
        cdx.append(f"{surt(url)} {_cdx_timestamp(iso)} {json.dumps(entry, ensure_ascii=False)}")

    for response in capture.responses:
        http_headers = StatusAndHeaders(
            f"{response.status} {response.reason or 'OK'}",
            [(k, v) for k, v in response.headers if k.lower() != "content-encoding"],
            protocol="HTTP/1.1",
        )
        warc_headers = {"WARC-Date": _warc_date(response.fetched_at)}
        if response.server_ip:
            warc_headers["WARC-IP-Address"] = response.server_ip
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
        mime = {k.lower(): v for k, v in response.headers}.get("content-type", "")
        write(record, response.url, response.fetched_at, mime.split(";")[0], response.status)

    for path in sorted(capture.files):
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        uri = f"{RESOURCE_URI_PREFIX}{bundle_id}/{path}"
        record = writer.create_warc_record(
            uri,
            "resource",
            payload=io.BytesIO(capture.files[path]),
            length=len(capture.files[path]),
            warc_content_type=mime,
            warc_headers_dict={"WARC-Date": _warc_date(started)},
        )
        write(record, uri, started, mime, None)
    return buffer.getvalue(), sorted(cdx)


def _pages_jsonl(capture: Capture) -> bytes:
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    for number, page in enumerate(capture.pages, start=1):
        lines.append({"id": f"page-{number}", **page})
    return b"".join(json.dumps(line, ensure_ascii=False).encode() + b"\n" for line in lines)


def build_manifest(files: dict[str, bytes], *, title: str, created: str, main_page: dict) -> bytes:
    resources = []
    for path in sorted(files):
        sha256, sm3 = both_digests(files[path])
        resources.append(
            {
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "hash": f"sha256:{sha256}",
                "sm3": f"sm3:{sm3}",
                "bytes": len(files[path]),
            }
        )
    manifest = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "created": created,
        "software": SOFTWARE,
        "mainPageURL": main_page.get("url", ""),
        "mainPageDate": main_page.get("ts", ""),
        "resources": resources,
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"


def seal_capture(
    capture: Capture,
    *,
    bundle_id: str,
    key: Ed25519PrivateKey,
    timestamp: Callable[[bytes], bytes],
    log_seal: Callable[[dict], LoggedSeal],
    software_version: str,
    timestamp_certificates: list[str] = (),
) -> SealResult:
    """Seal ``capture`` into bundle bytes.

    ``timestamp(data)`` returns an RFC 3161 TimeStampResp DER over ``data``; ``log_seal(entry)``
    appends the seal entry to the custody log and returns its canonical bytes and a tlog-proof.
    """
    capture_json = canonical_json(capture.record)
    warc, cdx_lines = build_warc(capture, bundle_id)
    files = dict(capture.files)
    files[CAPTURE_PATH] = capture_json
    files[WARC_PATH] = warc
    files[INDEX_PATH] = ("\n".join(cdx_lines) + "\n").encode()
    files[PAGES_PATH] = _pages_jsonl(capture)
    created = utc_now_iso()
    main_page = capture.pages[0] if capture.pages else {}
    manifest = build_manifest(
        files,
        title=f"{bundle_id} 电子数据存证 / evidence bundle",
        created=created,
        main_page=main_page,
    )
    manifest_sha256, manifest_sm3 = both_digests(manifest)
    signed_hash = f"sha256:{manifest_sha256}"
    signature = keys.sign(key, signed_hash.encode())
    token = timestamp(signature)
    public_key = key.public_key()
    logged = log_seal(
        {
            "type": "seal",
            "bundle": bundle_id,
            "manifest_sha256": manifest_sha256,
            "manifest_sm3": manifest_sm3,
            "signature_sha256": sha256_hex(signature),
            "timestamp_sha256": sha256_hex(token),
            "key_fingerprint": keys.key_fingerprint(public_key),
            "time": created,
        }
    )
    digest = {
        "path": MANIFEST_PATH,
        "hash": signed_hash,
        "sm3": f"sm3:{manifest_sm3}",
        "signedData": {
            "hash": signed_hash,
            "created": created,
            "software": SOFTWARE,
            "version": software_version,
            "signatureAlgorithm": "Ed25519",
            "signature": keys.b64(signature),
            "publicKey": keys.public_key_pem(public_key),
            "keyFingerprint": keys.key_fingerprint(public_key),
            "timeSignature": keys.b64(token),
            "timestampCerts": list(timestamp_certificates),
        },
        "custodyLog": {
            "entry": logged.entry.decode(),
            "proof": logged.proof.render(),
            **(
                {"checkpointTimestamp": keys.b64(logged.checkpoint_token)}
                if logged.checkpoint_token
                else {}
            ),
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            # WACZ: the WARC is already gzip-compressed and must stay seekable, so store it.
            compress = (
                zipfile.ZIP_STORED
                if path.endswith((".gz", ".png", ".jpg"))
                else zipfile.ZIP_DEFLATED
            )
            archive.writestr(path, files[path], compress_type=compress)
        archive.writestr(MANIFEST_PATH, manifest)
        archive.writestr(DIGEST_PATH, json.dumps(digest, indent=2, ensure_ascii=False) + "\n")
    return SealResult(
        data=buffer.getvalue(),
        manifest_sha256=manifest_sha256,
        manifest_sm3=manifest_sm3,
        signature=signature,
        timestamp_token=token,
        created=created,
        log_index=logged.proof.index,
    )


def certificate_path_for(bundle_path: Path) -> Path:
    """Where the 存证证书 of the bundle at ``bundle_path`` lies: ``<name>.certificate.pdf``.

    The certificate is made from the sealed manifest, so it cannot be listed in it; kept beside
    the bundle, the bundle stays a valid WACZ (every file inside is in ``datapackage.json``).
    """
    name = bundle_path.name
    stem = name[: -len(".wacz")] if name.endswith(".wacz") else name
    return bundle_path.with_name(stem + CERTIFICATE_SUFFIX)


def add_certificate(bundle: bytes, certificate_pdf: bytes) -> bytes:
    """Return the bundle with ``certificate.pdf`` inside: the layout of bundles sealed before
    2026-12, kept so that such bundles can be made and verified in tests."""
    buffer = io.BytesIO(bundle)
    with zipfile.ZipFile(buffer, "a") as archive:
        if CERTIFICATE_PATH in archive.namelist():
            raise ValueError("证据包已有存证证书 / bundle already has a certificate")
        archive.writestr(CERTIFICATE_PATH, certificate_pdf, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
