"""The seven-step offline verification of a bundle (evidence-design.md §4.4).

No network and no Django: the inputs are the bundle bytes and a trust file that pins the
platform key fingerprint, the custody log's verifier key and the TSA root certificates. Every
step runs and reports PASS or FAIL with its reason, so an examiner sees all that is wrong, not
only the first thing.
"""

import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from warcio.archiveiterator import ArchiveIterator

from wangjian.evidence.bundle import keys, notes
from wangjian.evidence.bundle.hashing import both_digests, sha256_hex
from wangjian.evidence.bundle.merkle import leaf_hash, verify_inclusion
from wangjian.evidence.bundle.timestamps import TimestampError, verify_timestamp
from wangjian.evidence.bundle.wacz import (
    CERTIFICATE_PATH,
    DIGEST_PATH,
    INDEX_PATH,
    MANIFEST_PATH,
    OUTSIDE_MANIFEST,
    RESOURCE_URI_PREFIX,
    WARC_PATH,
)

# wacz-auth 0.1.0 §verification (6): the seal time and the TSA's genTime at most 10 min apart.
MAX_CREATED_GENTIME_SECONDS = 600
# evidence-design.md §4.2: a gap above a minute is worth an examiner's attention, not a failure.
WARN_CREATED_GENTIME_SECONDS = 60
MANIFEST_MARKER = rb"wangjian-manifest-sha256:([0-9a-f]{64})"

STEP_NAMES = {
    1: "文件完整性（SHA-256 与 SM3）/ file fixity (SHA-256 and SM3)",
    2: "清单摘要 / manifest digest",
    3: "平台签名 / platform signature",
    4: "可信时间戳（RFC 3161）/ trusted timestamp (RFC 3161)",
    5: "WARC 记录与索引 / WARC records and index",
    6: "保管日志包含证明 / custody-log inclusion proof",
    7: "存证证书 / certificate",
}


@dataclass
class Trust:
    """Pinned anchors: platform key fingerprints, log origin and verifier key, TSA roots."""

    platform_key_fingerprints: set[str]
    log_origin: str
    log_verifier_key: str
    tsa_roots: list[x509.Certificate]

    def to_json(self) -> str:
        from cryptography.hazmat.primitives import serialization

        return json.dumps(
            {
                "platform_key_fingerprints": sorted(self.platform_key_fingerprints),
                "log": {"origin": self.log_origin, "verifier_key": self.log_verifier_key},
                "tsa_roots_pem": [
                    root.public_bytes(serialization.Encoding.PEM).decode()
                    for root in self.tsa_roots
                ],
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> "Trust":
        data = json.loads(text)
        return cls(
            platform_key_fingerprints=set(data["platform_key_fingerprints"]),
            log_origin=data["log"]["origin"],
            log_verifier_key=data["log"]["verifier_key"],
            tsa_roots=[
                x509.load_pem_x509_certificate(pem.encode()) for pem in data["tsa_roots_pem"]
            ],
        )


@dataclass
class StepResult:
    number: int
    passed: bool
    reason: str

    @property
    def name(self) -> str:
        return STEP_NAMES[self.number]


@dataclass
class Report:
    steps: list[StepResult] = field(default_factory=list)
    manifest_sha256: str = ""

    @property
    def ok(self) -> bool:
        return len(self.steps) == 7 and all(step.passed for step in self.steps)

    @property
    def failed_steps(self) -> list[int]:
        return [step.number for step in self.steps if not step.passed]

    def render(self) -> str:
        lines = []
        for step in self.steps:
            mark = "PASS" if step.passed else "FAIL"
            lines.append(f"[{mark}] {step.number}. {step.name}: {step.reason}")
        verdict = "全部通过 / all steps passed" if self.ok else "验证失败 / verification FAILED"
        return "\n".join([*lines, verdict])


class _Bundle:
    """The parsed parts each step needs; parsing problems become the steps' failures."""

    def __init__(self, data: bytes):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.archive.namelist()

    def read(self, path: str) -> bytes:
        return self.archive.read(path)


def verify_bundle(data: bytes, trust: Trust, certificate: bytes | None = None) -> Report:
    """Run the seven steps; ``certificate`` is the 存证证书 kept beside the bundle, if any."""
    report = Report()
    try:
        bundle = _Bundle(data)
        broken = bundle.archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        report.steps.append(
            StepResult(1, False, f"不是完好的 ZIP / not a well-formed ZIP: {error}")
        )
        for number in range(2, 8):
            report.steps.append(StepResult(number, False, "证据包无法打开 / bundle unreadable"))
        return report
    if broken is not None:
        report.steps.append(StepResult(1, False, f"ZIP 成员损坏 / corrupt ZIP member: {broken}"))
    context: dict = {"certificate": certificate}
    for number, step in enumerate(
        (
            _step_files,
            _step_manifest,
            _step_signature,
            _step_timestamp,
            _step_warc,
            _step_log,
            _step_certificate,
        ),
        start=1,
    ):
        if any(result.number == number for result in report.steps):
            continue
        try:
            passed, reason = step(bundle, trust, context)
        except Exception as error:  # every byte of a bundle is adversarial input
            passed, reason = False, f"{type(error).__name__}: {error}"
        report.steps.append(StepResult(number, passed, reason))
    report.steps.sort(key=lambda result: result.number)
    report.manifest_sha256 = context.get("manifest_sha256", "")
    return report


def _digest_json(bundle: _Bundle, context: dict) -> dict:
    if "digest" not in context:
        context["digest"] = json.loads(bundle.read(DIGEST_PATH))
    return context["digest"]


def _step_files(bundle, trust, context):
    duplicated = sorted({name for name in bundle.names if bundle.names.count(name) > 1})
    if duplicated:
        # Readers disagree on which of two same-named members counts; refuse the ambiguity.
        return False, f"ZIP 中有重名文件 / duplicate ZIP members: {', '.join(duplicated)}"
    manifest = json.loads(bundle.read(MANIFEST_PATH))
    listed = set()
    for resource in manifest["resources"]:
        path = resource["path"]
        listed.add(path)
        if path not in bundle.names:
            return False, f"清单列出的文件缺失 / listed file missing: {path}"
        content = bundle.read(path)
        sha256, sm3 = both_digests(content)
        if len(content) != resource["bytes"]:
            return False, f"{path}：大小不符 / size differs ({len(content)} ≠ {resource['bytes']})"
        if resource["hash"] != f"sha256:{sha256}":
            return False, f"{path}：SHA-256 不符 / SHA-256 differs"
        if resource.get("sm3") != f"sm3:{sm3}":
            return False, f"{path}：SM3 不符 / SM3 differs"
    unlisted = sorted(set(bundle.names) - listed - OUTSIDE_MANIFEST)
    if unlisted:
        return False, f"清单外的文件 / files not in the manifest: {', '.join(unlisted)}"
    context["resources"] = {resource["path"]: resource for resource in manifest["resources"]}
    return True, f"{len(listed)} 个文件的 SHA-256 与 SM3 均一致 / {len(listed)} files match"


def _step_manifest(bundle, trust, context):
    manifest = bundle.read(MANIFEST_PATH)
    sha256, sm3 = both_digests(manifest)
    context["manifest_sha256"] = sha256
    digest = _digest_json(bundle, context)
    if digest.get("path") != MANIFEST_PATH or digest.get("hash") != f"sha256:{sha256}":
        return False, (
            f"datapackage-digest.json 的哈希与 datapackage.json 不符 / manifest digest differs "
            f"(sha256 of datapackage.json is {sha256})"
        )
    if digest.get("sm3") != f"sm3:{sm3}":
        return False, "datapackage.json 的 SM3 不符 / manifest SM3 differs"
    return True, f"sha256:{sha256}"


def _step_signature(bundle, trust, context):
    signed = _digest_json(bundle, context)["signedData"]
    public_key = keys.load_public_key_pem(signed["publicKey"])
    fingerprint = keys.key_fingerprint(public_key)
    if fingerprint not in trust.platform_key_fingerprints:
        return False, f"平台公钥未被信任 / platform key not pinned in the trust file: {fingerprint}"
    if signed["hash"] != _digest_json(bundle, context)["hash"]:
        return False, "签名数据的哈希与清单摘要不符 / signedData.hash differs from the digest"
    signature = keys.unb64(signed["signature"])
    if not keys.verify(public_key, signature, signed["hash"].encode()):
        return False, "平台签名无效 / platform signature invalid"
    context["signature"] = signature
    return True, f"Ed25519 签名有效，公钥指纹 / valid, key fingerprint {fingerprint}"


def _step_timestamp(bundle, trust, context):
    signed = _digest_json(bundle, context)["signedData"]
    signature = keys.unb64(signed["signature"])
    token = keys.unb64(signed["timeSignature"])
    try:
        info = verify_timestamp(token, signature, trust.tsa_roots)
    except TimestampError as error:
        return False, str(error)
    created = datetime.fromisoformat(signed["created"].replace("Z", "+00:00"))
    gap = abs((created - info.gen_time).total_seconds())
    if gap > MAX_CREATED_GENTIME_SECONDS:
        return False, (
            f"封存时间与时间戳相差 {gap:.0f} 秒，超过 600 秒 / created and genTime {gap:.0f}s apart"
        )
    context["token"] = token
    warning = ""
    if gap > WARN_CREATED_GENTIME_SECONDS:
        warning = "；注意：相差超过 60 秒 / note: gap above 60 s"
    return True, (
        f"genTime {info.gen_time.isoformat()}，序列号 / serial {info.serial_number}，"
        f"TSA {info.tsa_name}，相差 / gap {gap:.1f}s{warning}"
    )


def _step_warc(bundle, trust, context):
    warc = bundle.read(WARC_PATH)
    records: dict[int, tuple[str, str, bytes]] = {}
    iterator = ArchiveIterator(io.BytesIO(warc), check_digests=True)
    for record in iterator:
        payload = record.content_stream().read()
        offset = iterator.get_record_offset()
        if record.rec_type == "warcinfo":
            continue
        if record.digest_checker.passed is not True:
            problems = "; ".join(record.digest_checker.problems) or "no digest"
            return False, f"WARC 记录摘要不符 / WARC record digest failed at {offset}: {problems}"
        block = record.rec_headers.get_header("WARC-Block-Digest")
        records[offset] = (record.rec_headers.get_header("WARC-Target-URI"), block, payload)
    index_lines = [line for line in bundle.read(INDEX_PATH).decode().splitlines() if line]
    if len(index_lines) != len(records):
        return (
            False,
            f"索引条目数与记录数不符 / {len(index_lines)} index lines, {len(records)} records",
        )
    for line in index_lines:
        entry = json.loads(line.split(" ", 2)[2])
        record = records.get(int(entry["offset"]))
        if record is None or record[0] != entry["url"] or record[1] != entry["recordDigest"]:
            return False, f"索引条目与 WARC 记录不符 / index entry does not match: {entry['url']}"
    renderings = {}
    for uri, _block, payload in records.values():
        if uri.startswith(RESOURCE_URI_PREFIX):
            renderings[uri[len(RESOURCE_URI_PREFIX) :].split("/", 1)[1]] = payload
    evidence_files = [name for name in bundle.names if name.startswith("evidence/")]
    for path in evidence_files:
        if path not in renderings:
            return False, f"{path} 没有对应的 WARC resource 记录 / no WARC resource record"
        if hashlib.sha256(renderings[path]).digest() != hashlib.sha256(bundle.read(path)).digest():
            return False, f"{path} 与其 WARC 记录不符 / differs from its WARC record"
    return True, (
        f"{len(records)} 条记录摘要一致，{len(evidence_files)} 个呈现文件与记录一致 / "
        f"{len(records)} records, {len(evidence_files)} renderings match"
    )


def _step_log(bundle, trust, context):
    digest = _digest_json(bundle, context)
    custody_log = digest["custodyLog"]
    entry_bytes = custody_log["entry"].encode()
    entry = json.loads(entry_bytes)
    signed = digest["signedData"]
    manifest_sha256 = sha256_hex(bundle.read(MANIFEST_PATH))
    expected = {
        "type": "seal",
        "manifest_sha256": manifest_sha256,
        "signature_sha256": sha256_hex(keys.unb64(signed["signature"])),
        "timestamp_sha256": sha256_hex(keys.unb64(signed["timeSignature"])),
    }
    for name, value in expected.items():
        if entry.get(name) != value:
            return (
                False,
                f"日志条目的 {name} 与证据包不符 / log entry {name} does not match the bundle",
            )
    proof = notes.parse_tlog_proof(custody_log["proof"])
    try:
        body = notes.open_note(proof.checkpoint_note, trust.log_verifier_key)
    except notes.NoteError as error:
        return False, str(error)
    checkpoint = notes.parse_checkpoint_body(body)
    if checkpoint.origin != trust.log_origin:
        return False, f"检查点来源不符 / checkpoint origin {checkpoint.origin!r} is not trusted"
    if not verify_inclusion(
        leaf_hash(entry_bytes), proof.index, checkpoint.size, proof.hashes, checkpoint.root
    ):
        return False, "包含证明不能导出检查点的根哈希 / inclusion proof does not lead to the root"
    context["log"] = (proof.index, checkpoint)
    stamped = ""
    if "checkpointTimestamp" in custody_log:
        try:
            info = verify_timestamp(
                keys.unb64(custody_log["checkpointTimestamp"]),
                proof.checkpoint_note.encode(),
                trust.tsa_roots,
            )
        except TimestampError as error:
            return False, f"检查点时间戳 / checkpoint timestamp: {error}"
        stamped = f"，检查点时间戳 / checkpoint stamped {info.gen_time.isoformat()}"
    return True, (
        f"第 {proof.index} 项，树大小 {checkpoint.size} / leaf {proof.index} of "
        f"{checkpoint.size}{stamped}"
    )


def _step_certificate(bundle, trust, context):
    pdf = context.get("certificate")
    if pdf is None and CERTIFICATE_PATH in bundle.names:
        pdf = bundle.read(CERTIFICATE_PATH)  # bundles sealed before 2026-12 carry it inside
    if pdf is None:
        return True, "未提供存证证书（可选）/ no certificate given (optional)"
    manifest_sha256 = sha256_hex(bundle.read(MANIFEST_PATH))
    if not pdf.startswith(b"%PDF-"):
        return False, "certificate.pdf 不是 PDF / not a PDF"
    stated = set(re.findall(MANIFEST_MARKER, pdf))
    # The marker sits in the document information, which PDF 1.5+ keeps in compressed object
    # streams; inflate every stream that inflates.
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated = zlib.decompressobj().decompress(pdf[match.end() : match.end() + (1 << 22)])
        except zlib.error:
            continue
        stated.update(re.findall(MANIFEST_MARKER, inflated))
    if stated != {manifest_sha256.encode()}:
        return False, "证书所载清单哈希与证据包不符 / certificate states another manifest hash"
    try:
        from wangjian.evidence.bundle.pades import check_pdf_signature
    except ImportError:
        return False, "无法校验 PAdES 签名：请安装 pyHanko / install pyHanko to check the signature"
    passed, reason = check_pdf_signature(pdf, trust.platform_key_fingerprints, trust.tsa_roots)
    if not passed:
        return False, reason
    return True, f"证书所载清单哈希一致 / certificate states this manifest hash；{reason}"
