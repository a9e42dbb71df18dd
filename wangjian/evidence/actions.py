"""Every change to evidence: capture and seal, access, export, verification, deletion.

Each action runs in one transaction that appends its custody-log leaf and its audit event
together, so the log and the audit chain cannot disagree about what happened.
"""

import getpass
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.netpolicy import FetchRefused, Unresolvable, check_url, policy_from_settings
from wangjian.evidence import config, custody
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.evidence.bundle.capture import (
    CaptureError,
    CaptureRequest,
    capture_page,
    validate_steps,
)
from wangjian.evidence.bundle.hashing import sha256_hex
from wangjian.evidence.bundle.verify import Report, verify_bundle
from wangjian.evidence.bundle.wacz import (
    CERTIFICATE_PATH,
    Capture,
    SealResult,
    certificate_path_for,
    seal_capture,
)
from wangjian.evidence.certificate import render_certificate
from wangjian.evidence.choices import CustodyEventType, EvidenceState
from wangjian.evidence.error_codes import EvidenceErrorCode, EvidenceNotPermitted, EvidenceRefused
from wangjian.evidence.models import CustodyCheckpoint, CustodyLogEntry, EvidenceItem

CAPTURE_CAPABILITY = "evidence.capture_evidence"


def _parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def check_capture_input(*, url: str, steps=None, division=None) -> None:
    """Raise ValidationError naming the field and the rule (the outbound fetch policy of
    ``division``'s bureau included: no capture of this host, the intranet or a metadata
    address)."""
    if not url.startswith(("http://", "https://")):
        raise EvidenceRefused(
            f"取证任务的字段 url 必须以 http:// 或 https:// 开头：{url!r} / evidence capture: "
            f"field url must start with http:// or https://"
        )
    try:
        validate_steps(steps or [])
    except (CaptureError, ValueError) as error:
        raise EvidenceRefused(
            f"取证任务的字段 steps 无效 / field steps invalid: {error}"
        ) from error
    try:
        check_url(url, policy_from_settings(division=division))
    except Unresolvable:
        pass  # the capture resolves the name again and applies the policy then
    except FetchRefused as error:
        raise EvidenceRefused(
            f"取证任务的字段 url：{error} / evidence capture: field url"
        ) from error


def actor_record(actor, *, role: str = "collector") -> dict:
    org_unit = getattr(actor, "org_unit", None)
    return {
        "role": role,
        "id": actor.pk,
        "username": actor.username,
        "name": actor.display_name or actor.username,
        "org_unit": str(org_unit) if org_unit else "",
    }


def _next_bundle_id() -> str:
    """EV-<year>-<n>; called under the custody-log lock, so numbers never collide."""
    year = timezone.now().year
    taken = CustodyLogEntry.objects.filter(
        event_type=CustodyEventType.CAPTURE, bundle_id__startswith=f"EV-{year}-"
    ).count()
    return f"EV-{year}-{taken + 1:06d}"


def seal_into_log(capture: Capture, *, actor=None, actor_label: dict | None = None):
    """Log the capture, seal it, log the seal and add the certificate. Needs a transaction.

    Return (bundle_id, SealResult). The certificate is written after the transaction
    (``add_certificate_file``): rendering takes seconds and needs nothing but the sealed bytes.
    """
    custody._locked_head()
    bundle_id = _next_bundle_id()
    label = actor_label or {}
    custody.append_entry(
        {
            "type": CustodyEventType.CAPTURE.value,
            "bundle": bundle_id,
            "url": capture.record["target"]["url_entered"],
            "final_url": capture.record["target"]["final_url"],
            "started": capture.record["time"]["started_utc"],
            "ended": capture.record["time"]["ended_utc"],
            "capture_json_sha256": sha256_hex(canonical_json(capture.record)),
            "actor": label,
        },
        actor=actor,
    )
    result: SealResult = seal_capture(
        capture,
        bundle_id=bundle_id,
        key=config.platform_key(),
        timestamp=config.timestamp,
        log_seal=lambda entry: custody.log_seal_in_transaction(
            {**entry, "actor": label}, actor=actor
        ),
        software_version=config.software_version(),
        timestamp_certificates=config.tsa_root_pems(),
    )
    return bundle_id, result


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)


def add_certificate_file(path: Path) -> Path:
    """Render the 存证证书 from the sealed bundle at ``path`` and write it beside the bundle.

    The bundle itself is not touched, so it stays a valid WACZ (``wacz validate``).
    """
    certificate = certificate_path_for(path)
    _write_atomically(certificate, render_certificate(path.read_bytes()))
    return certificate


def capture_evidence(
    *,
    actor,
    url: str,
    case_reference: str = "",
    case_reason: str = "",
    witness: str = "",
    subject_type: str = "",
    subject_id: str = "",
    steps: list[dict] | None = None,
    live_duration_seconds: float = 0.0,
) -> EvidenceItem:
    """Capture ``url`` in a fresh browser, seal it and keep the bundle (网络在线提取).

    The capture runs before the transaction (it takes seconds); sealing, both log leaves, the
    bundle file and the audit event happen in one. Raise PermissionDenied when the actor may not
    capture or has no jurisdiction, ValidationError for bad input, CaptureError when the page
    cannot be captured.
    """
    if actor is None or not actor.has_capability(CAPTURE_CAPABILITY) or actor.jurisdiction is None:
        raise EvidenceNotPermitted(
            "无权取证 / not permitted to capture evidence", code=EvidenceErrorCode.NOT_PERMITTED
        )
    check_capture_input(url=url, steps=steps, division=actor.jurisdiction)
    actors = [actor_record(actor)]
    if witness:
        actors.append({"role": "witness", "name": witness})
    capture = capture_page(
        CaptureRequest(
            url=url,
            steps=steps or [],
            case={"reference": case_reference, "reason": case_reason},
            actors=actors,
            live_duration_seconds=live_duration_seconds,
            software_version=config.software_version(),
            policy=policy_from_settings(division=actor.jurisdiction),
        )
    )
    return keep_capture(
        actor=actor,
        capture=capture,
        witness=witness,
        case_reference=case_reference,
        case_reason=case_reason,
        subject_type=subject_type,
        subject_id=subject_id,
    )


def keep_capture(
    *,
    actor,
    capture: Capture,
    witness: str = "",
    case_reference: str = "",
    case_reason: str = "",
    subject_type: str = "",
    subject_id: str = "",
) -> EvidenceItem:
    """Seal a finished capture into the log and keep the bundle in the actor's jurisdiction."""
    if actor is None or not actor.has_capability(CAPTURE_CAPABILITY) or actor.jurisdiction is None:
        raise EvidenceNotPermitted(
            "无权取证 / not permitted to capture evidence", code=EvidenceErrorCode.NOT_PERMITTED
        )
    url = capture.record["target"]["url_entered"]
    path: Path | None = None
    try:
        with transaction.atomic():
            bundle_id, result = seal_into_log(capture, actor=actor)
            data = result.data
            path = config.bundle_dir() / f"{bundle_id}.wacz"
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, data)
            item = EvidenceItem.objects.create(
                bundle_id=bundle_id,
                division=actor.jurisdiction,
                collected_by=actor,
                witness=witness,
                case_reference=case_reference,
                case_reason=case_reason,
                subject_type=subject_type,
                subject_id=subject_id,
                url=url,
                final_url=capture.record["target"]["final_url"],
                title=capture.record["target"]["title"][:500],
                captured_at=_parse_iso(capture.record["time"]["started_utc"]),
                sealed_at=_parse_iso(result.created),
                manifest_sha256=result.manifest_sha256,
                manifest_sm3=result.manifest_sm3,
                log_index=result.log_index,
                bundle_path=str(path),
                bundle_bytes=len(data),
            )
            record_event(
                actor=actor,
                event_type="evidence.sealed",
                target=item,
                division=item.division,
                after={
                    "bundle_id": bundle_id,
                    "url": url,
                    "manifest_sha256": result.manifest_sha256,
                    "log_index": result.log_index,
                },
            )
    except Exception:
        if path is not None and path.exists():
            path.unlink()  # the transaction rolled back, so the file describes nothing
        raise
    add_certificate_file(path)
    with transaction.atomic():
        item.bundle_bytes = path.stat().st_size
        item.save(update_fields=["bundle_bytes"])
        record_event(
            actor=actor,
            event_type="evidence.certificate_issued",
            target=item,
            division=item.division,
            after={"bundle_bytes": item.bundle_bytes},
        )
    return item


def _log_and_audit(*, actor, evidence: EvidenceItem, event_type: str, detail: dict, audit: str):
    entry = custody.append_entry(
        {
            "type": event_type,
            "bundle": evidence.bundle_id,
            "manifest_sha256": evidence.manifest_sha256,
            **detail,
        },
        actor=actor,
    )
    record_event(
        actor=actor,
        event_type=audit,
        target=evidence,
        division=evidence.division,
        after={**detail, "log_index": entry.index},
    )
    return entry


def record_access(*, actor, evidence: EvidenceItem, what: str) -> CustodyLogEntry:
    """Log that ``actor`` opened (``what="detail"``) or exported (bundle, certificate) evidence."""
    exported = what in {"bundle", "certificate"}
    with transaction.atomic():
        return _log_and_audit(
            actor=actor,
            evidence=evidence,
            event_type=(CustodyEventType.EXPORT if exported else CustodyEventType.ACCESS).value,
            detail={"what": what},
            audit="evidence.exported" if exported else "evidence.accessed",
        )


def read_bundle(evidence: EvidenceItem) -> bytes:
    if evidence.state == EvidenceState.CONTENT_DELETED or not evidence.bundle_path:
        raise FileNotFoundError(
            f"存证 {evidence.bundle_id} 的内容已按保存期限删除 / content of {evidence.bundle_id} "
            "was deleted at the end of its retention period"
        )
    return Path(evidence.bundle_path).read_bytes()


def read_certificate(evidence: EvidenceItem) -> bytes:
    """The 存证证书 beside the bundle, or inside it for bundles sealed before 2026-12."""
    bundle = read_bundle(evidence)
    beside = certificate_path_for(Path(evidence.bundle_path))
    if beside.is_file():
        return beside.read_bytes()
    try:
        return zipfile.ZipFile(io.BytesIO(bundle)).read(CERTIFICATE_PATH)
    except KeyError as error:
        raise FileNotFoundError(
            f"存证 {evidence.bundle_id} 的存证证书尚未生成 / the certificate of "
            f"{evidence.bundle_id} has not been made yet"
        ) from error


def certificate_for_verification(evidence: EvidenceItem) -> bytes | None:
    beside = certificate_path_for(Path(evidence.bundle_path))
    return beside.read_bytes() if beside.is_file() else None


def verify_evidence(*, actor, evidence: EvidenceItem) -> Report:
    """Run the seven steps on the stored bundle and log the outcome."""
    report = verify_bundle(
        read_bundle(evidence),
        config.deployment_trust(),
        certificate=certificate_for_verification(evidence),
    )
    with transaction.atomic():
        _log_and_audit(
            actor=actor,
            evidence=evidence,
            event_type=CustodyEventType.VERIFY.value,
            detail={"ok": report.ok, "failed_steps": report.failed_steps},
            audit="evidence.verified",
        )
    return report


def request_deletion(*, actor, evidence: EvidenceItem, reason: str) -> CustodyLogEntry:
    """Record a deletion request; the content stays until its retention period ends."""
    if not reason.strip():
        raise EvidenceRefused(
            f"存证 {evidence.bundle_id} 的删除请求必须说明理由（字段 reason）/ a deletion request "
            "must give a reason (field reason)",
            code=EvidenceErrorCode.REASON_MISSING,
        )
    with transaction.atomic():
        return _log_and_audit(
            actor=actor,
            evidence=evidence,
            event_type=CustodyEventType.DELETION_REQUEST.value,
            detail={"reason": reason},
            audit="evidence.deletion_requested",
        )


def delete_expired_content(*, actor, evidence: EvidenceItem, today: date | None = None):
    """Delete the bundle file once ``retain_until`` has passed; log entries are never deleted.

    Raise ValidationError while the retention period runs or when none was set.
    """
    today = today or timezone.localdate()
    if evidence.retain_until is None or evidence.retain_until >= today:
        raise EvidenceRefused(
            f"存证 {evidence.bundle_id} 的保存期限（字段 retain_until = {evidence.retain_until}）"
            f"尚未届满 / retention period of {evidence.bundle_id} has not ended",
            code=EvidenceErrorCode.BAD_DATE,
        )
    with transaction.atomic():
        path = Path(evidence.bundle_path) if evidence.bundle_path else None
        evidence.state = EvidenceState.CONTENT_DELETED
        evidence.content_deleted_at = timezone.now()
        evidence.bundle_path = ""
        evidence.save(update_fields=["state", "content_deleted_at", "bundle_path"])
        _log_and_audit(
            actor=actor,
            evidence=evidence,
            event_type=CustodyEventType.CONTENT_DELETED.value,
            detail={"retain_until": evidence.retain_until.isoformat()},
            audit="evidence.content_deleted",
        )
        if path is not None:
            certificate = certificate_path_for(path)
            transaction.on_commit(lambda: path.unlink(missing_ok=True))
            transaction.on_commit(lambda: certificate.unlink(missing_ok=True))


def sign_checkpoint(*, actor):
    """Sign (and timestamp) a checkpoint of the log as it stands now.

    A size that already has a checkpoint keeps it (the log never signs two heads of one size),
    and nothing new is audited.
    """
    with transaction.atomic():
        if CustodyCheckpoint.objects.filter(size=custody.log_size()).exists():
            return CustodyCheckpoint.objects.get(size=custody.log_size())
        checkpoint = custody.sign_checkpoint()
        record_event(
            actor=actor,
            event_type="evidence.checkpoint_signed",
            target=("evidence.CustodyCheckpoint", checkpoint.pk, f"size {checkpoint.size}"),
            after={"size": checkpoint.size, "root": checkpoint.root_hash},
        )
    return checkpoint


def command_line_actor() -> dict:
    """Who ran ``wangjian evidence capture`` without a platform account: the OS user."""
    return {"role": "collector", "name": getpass.getuser(), "via": "command line"}


def capture_to_file(*, url: str, out: Path, case_reference: str = "", steps=None) -> SealResult:
    """The CLI path: capture and seal into this deployment's log, write the bundle to ``out``."""
    check_capture_input(url=url, steps=steps)
    label = command_line_actor()
    capture = capture_page(
        CaptureRequest(
            url=url,
            steps=steps or [],
            case={"reference": case_reference, "reason": ""},
            actors=[label],
            software_version=config.software_version(),
            policy=policy_from_settings(),
        )
    )
    with transaction.atomic():
        bundle_id, result = seal_into_log(capture, actor_label=label)
        record_event(
            actor=None,
            event_type="evidence.sealed",
            target=("evidence.bundle", bundle_id, bundle_id),
            after={"bundle_id": bundle_id, "url": url, "out": str(out), "collector": label},
        )
    Path(out).write_bytes(result.data)
    add_certificate_file(Path(out))
    return result
