"""专用信用报告: the content for an entity and a period, the signed PDF, and its offline check.

The content is a canonical-JSON document built from credit events, list entries and 双随机
results; its SHA-256 goes into a compact signed payload (``signing``) that the QR code carries.
The PDF embeds both (``credit-report.json`` and ``payload.txt``) and is PAdES-signed with the
evidence platform key (``evidence.certificate``'s machinery), so a verifier needs only the file
and the trust anchors: the platform key fingerprint and the TSA roots.
"""

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.services.signing import PayloadError, key_id, sign_payload, verify_payload

DATA = Path(__file__).resolve().parent / "data" / "credit_report.yaml"
PAYLOAD_PREFIX = "WJCR1"
FORMAT = "wangjian-credit-report/1"
CONTENT_NAME = "credit-report.json"
PAYLOAD_NAME = "payload.txt"
TEMPLATE = "services/credit_report_pdf.html"

STEP_NAMES = {
    "pdf_signature": "PDF 签名（PAdES）/ PDF signature (PAdES)",
    "embedded": "内嵌报告内容与载荷 / embedded content and payload",
    "payload_signature": "载荷签名 / payload signature",
    "content_digest": "内容摘要（SHA-256）/ content digest (SHA-256)",
    "binding": "载荷与报告内容一致（报告编号、统一社会信用代码、报告期、截止时间）/ payload "
    "matches the content (number, USCC, period, as-of time)",
}


@cache
def report_rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def default_period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    years = int(report_rules()["default_period_years"])
    try:
        start = as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        start = as_of.replace(year=as_of.year - years, day=28)
    return start + dt.timedelta(days=1), as_of


# --------------------------------------------------------------------------------------------
# Content


def _citation(key: str) -> str:
    from wangjian.credit.rules import citation

    return citation(key) if key else ""


def penalty_publicity(event, on: dt.date) -> dict:
    """Publicity status of a penalty on ``on`` (行政处罚信息公示规定 第十三条、第十四条)."""
    from wangjian.credit.choices import Severity

    if event.publicity_ended_on and event.publicity_ended_on <= on:
        return {
            "status": "repaired",
            "label": f"已信用修复，{event.publicity_ended_on.isoformat()} 起停止公示",
            "repaired_on": event.publicity_ended_on.isoformat(),
        }
    if event.severity == Severity.WARNING or event.publicity_until is None:
        return {"status": "not_published", "label": "警告，依规定不予公示"}
    if on <= event.publicity_until:
        return {
            "status": "publicised",
            "label": f"公示中（公示期至 {event.publicity_until.isoformat()}）",
            "until": event.publicity_until.isoformat(),
        }
    return {
        "status": "expired",
        "label": f"公示期满（{event.publicity_until.isoformat()}）",
        "until": event.publicity_until.isoformat(),
    }


def _registration(entity) -> dict:
    return {
        "uscc": entity.uscc,
        "name": entity.name,
        "entity_type": str(entity.get_entity_type_display()),
        "legal_representative": entity.legal_representative,
        "registered_address": entity.registered_address,
        "registration_authority": entity.registration_authority,
        "established_on": entity.established_on.isoformat() if entity.established_on else "",
        "status": str(entity.get_status_display()),
        "business_scope": entity.business_scope,
    }


def _penalties(entity, start: dt.date, end: dt.date) -> list[dict]:
    from wangjian.credit.choices import CreditEventKind
    from wangjian.credit.models import CreditEvent

    events = CreditEvent.objects.filter(
        entity=entity, kind=CreditEventKind.PENALTY, occurred_on__range=(start, end)
    ).order_by("occurred_on", "id")
    rows = []
    for event in events:
        if event.withdrawn_on and event.withdrawn_on <= end:
            continue
        rows.append(
            {
                "record": event.pk,
                "decided_on": event.occurred_on.isoformat(),
                "summary": event.summary,
                "severity": str(event.get_severity_display()),
                "basis": _citation(event.legal_basis),
                "decision_number": str(event.details.get("decision_number", "")),
                "publicity": penalty_publicity(event, end),
            }
        )
    return rows


def _list_entries(entity, start: dt.date, end: dt.date) -> list[dict]:
    from wangjian.credit.choices import ListEntryState, RemovalReason
    from wangjian.credit.models import CreditListEntry

    entries = CreditListEntry.objects.filter(
        entity=entity,
        state__in=(ListEntryState.LISTED, ListEntryState.REMOVED),
        listed_on__lte=end,
    ).order_by("listed_on", "id")
    rows = []
    for entry in entries:
        removed = entry.removed_on if entry.removed_on and entry.removed_on <= end else None
        if removed and removed < start:
            continue
        if removed and entry.removal_reason in (
            RemovalReason.OBJECTION_UPHELD,
            RemovalReason.DECISION_REVOKED,
        ):
            continue
        repaired = bool(removed) and entry.removal_reason in (
            RemovalReason.CURED,
            RemovalReason.EARLY_REPAIR,
        )
        if removed is None:
            status = "在列"
        elif repaired:
            status = f"已修复（{RemovalReason(entry.removal_reason).label}），{removed} 移出"
        else:
            status = f"{RemovalReason(entry.removal_reason).label}，{removed} 移出"
        rows.append(
            {
                "record": entry.pk,
                "list": str(entry.get_list_kind_display()),
                "ground": entry.ground,
                "basis": _citation(entry.ground_basis),
                "listed_on": entry.listed_on.isoformat(),
                "removed_on": removed.isoformat() if removed else "",
                "repaired": repaired,
                "status": status,
            }
        )
    return rows


def _inspections(entity, start: dt.date, end: dt.date) -> list[dict]:
    from wangjian.credit.choices import CreditEventKind
    from wangjian.credit.models import CreditEvent
    from wangjian.inspections.models import InspectionResult

    rows = []
    results = (
        InspectionResult.objects.filter(task__entity=entity, result_on__range=(start, end))
        .select_related("task__plan")
        .prefetch_related("task__plan__items")
        .order_by("result_on", "id")
    )
    for result in results:
        plan = result.task.plan
        rows.append(
            {
                "checked_on": result.result_on.isoformat(),
                "plan": plan.title,
                "items": [item.name for item in plan.items.all()],
                "outcome": result.outcome_label,
                "published_on": result.published_on.isoformat() if result.published_on else "",
            }
        )
    # Spot-check records posted to credit by other sources than the inspections app.
    others = CreditEvent.objects.filter(
        entity=entity, kind=CreditEventKind.SPOT_CHECK, occurred_on__range=(start, end)
    ).exclude(source_app="inspections")
    for event in others.order_by("occurred_on", "id"):
        if event.withdrawn_on and event.withdrawn_on <= end:
            continue
        rows.append(
            {
                "checked_on": event.occurred_on.isoformat(),
                "plan": "抽查检查",
                "items": [event.summary],
                "outcome": str(event.get_severity_display()),
                "published_on": "",
            }
        )
    rows.sort(key=lambda row: row["checked_on"])
    return rows


def build_content(entity, *, number: str, start: dt.date, end: dt.date, as_of) -> dict:
    """The report as data: everything the PDF shows, and nothing else."""
    rules = report_rules()
    return {
        "format": FORMAT,
        "number": number,
        "title": rules["title"],
        "rules_version": rules["version"],
        "as_of": as_of.isoformat(),
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "entity": _registration(entity),
        "penalties": _penalties(entity, start, end),
        "lists": _list_entries(entity, start, end),
        "inspections": _inspections(entity, start, end),
        "repaired_note": rules["repaired_records"]["note"].strip(),
        "not_covered": list(rules["not_covered"]),
    }


def content_bytes(content: dict) -> bytes:
    return canonical_json(content)


def payload_claims(content: dict, digest: str, signing_key_id: str) -> dict:
    return {
        "r": content["number"],
        "u": content["entity"]["uscc"],
        "p": f"{content['period']['from']}/{content['period']['to']}",
        "a": content["as_of"],
        "h": digest,
        "k": signing_key_id,
    }


# --------------------------------------------------------------------------------------------
# PDF


def render_report_pdf(content: dict, *, private_key, certificate=None, tsa_url: str = "") -> tuple:
    """(signed PDF bytes, payload): the PDF embeds the content and payload, and is PAdES-signed
    by ``private_key`` with ``evidence.bundle.pades``."""
    import segno
    import weasyprint
    from django.template.loader import render_to_string

    from wangjian.evidence.bundle.pades import platform_certificate, sign_pdf

    data = content_bytes(content)
    digest = hashlib.sha256(data).hexdigest()
    payload = sign_payload(
        PAYLOAD_PREFIX,
        payload_claims(content, digest, key_id(private_key.public_key())),
        private_key,
    )
    html = render_to_string(
        TEMPLATE,
        {
            "report": content,
            "rules": report_rules(),
            "digest": digest,
            "payload": payload,
            "as_of_display": content["as_of"][:19].replace("T", " ") + content["as_of"][19:],
            "key_id": key_id(private_key.public_key()),
            "qr_svg_data_uri": segno.make(payload, error="m").svg_data_uri(scale=2),
        },
    )
    attachments = [
        weasyprint.Attachment(string=data.decode(), name=CONTENT_NAME),
        weasyprint.Attachment(string=payload, name=PAYLOAD_NAME),
    ]
    pdf = weasyprint.HTML(string=html).write_pdf(attachments=attachments)
    signed = sign_pdf(
        pdf, private_key, certificate or platform_certificate(private_key), tsa_url=tsa_url
    )
    return signed, payload


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    files: dict[str, bytes] = {}
    names_root = reader.root.get("/Names")
    if names_root is None or "/EmbeddedFiles" not in names_root:
        return files
    pending = [names_root["/EmbeddedFiles"]]
    while pending:
        node = pending.pop()
        for kid in node.get("/Kids", []):
            pending.append(kid.get_object())
        names = node.get("/Names", [])
        for index in range(0, len(names) - 1, 2):
            spec = names[index + 1].get_object()
            stream = spec["/EF"]["/F"].get_object()
            files[str(spec.get("/F", names[index]))] = stream.data
    return files


# --------------------------------------------------------------------------------------------
# Verification (offline)


@dataclass
class Step:
    key: str
    passed: bool
    detail: str

    @property
    def name(self) -> str:
        return STEP_NAMES[self.key]


@dataclass
class ReportVerification:
    steps: list[Step] = field(default_factory=list)
    claims: dict = field(default_factory=dict)
    content: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return bool(self.steps) and all(step.passed for step in self.steps)

    @property
    def failed(self) -> list[Step]:
        return [step for step in self.steps if not step.passed]


def verify_report_payload(payload: str, public_keys: dict) -> ReportVerification:
    result = ReportVerification()
    try:
        result.claims = verify_payload(PAYLOAD_PREFIX, payload, public_keys)
    except PayloadError as error:
        result.steps.append(Step("payload_signature", False, str(error)))
        return result
    result.steps.append(
        Step("payload_signature", True, f"签名有效，密钥 / valid, key {result.claims['k']}")
    )
    return result


def signer_public_keys(pdf: bytes, platform_fingerprints: set[str]) -> dict:
    """The PDF signer's public key (key id → key) when its fingerprint is pinned, so a trust
    file of fingerprints and TSA roots suffices to check the payload as well."""
    from cryptography import x509
    from pyhanko.pdf_utils.reader import PdfFileReader

    from wangjian.evidence.bundle import keys

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        certificate = x509.load_der_x509_certificate(
            reader.embedded_signatures[0].signer_cert.dump()
        )
    except Exception:  # an unreadable file fails the PDF step already
        return {}
    public = certificate.public_key()
    if keys.key_fingerprint(public) not in platform_fingerprints:
        return {}
    return {key_id(public): public}


def verify_report_pdf(
    pdf: bytes, *, platform_fingerprints: set[str], tsa_roots, public_keys: dict | None = None
) -> ReportVerification:
    """Run every step and keep each outcome, so a reader sees all that is wrong. Without
    ``public_keys`` the payload is checked with the pinned key that signed the PDF."""
    import json

    from wangjian.evidence.bundle.pades import check_pdf_signature

    if public_keys is None:
        public_keys = signer_public_keys(pdf, platform_fingerprints)

    result = ReportVerification()
    try:
        passed, detail = check_pdf_signature(pdf, platform_fingerprints, tsa_roots)
    except Exception as error:  # a damaged file fails the step, with pyHanko's reason
        passed, detail = False, f"PDF 无法解析或签名无法读取 / unreadable PDF or signature: {error}"
    result.steps.append(Step("pdf_signature", passed, detail))
    try:
        files = embedded_files(pdf)
        data = files[CONTENT_NAME]
        payload = files[PAYLOAD_NAME].decode()
        result.content = json.loads(data)
    except Exception as error:
        result.steps.append(
            Step("embedded", False, f"缺少内嵌文件或无法读取 / missing or unreadable: {error}")
        )
        return result
    result.steps.append(Step("embedded", True, f"{CONTENT_NAME}, {PAYLOAD_NAME}"))
    payload_check = verify_report_payload(payload, public_keys)
    result.steps.extend(payload_check.steps)
    result.claims = payload_check.claims
    if not payload_check.valid:
        return result
    digest = hashlib.sha256(data).hexdigest()
    result.steps.append(
        Step(
            "content_digest",
            digest == result.claims.get("h"),
            f"sha256:{digest}"
            if digest == result.claims.get("h")
            else f"内容摘要 {digest} 与载荷 {result.claims.get('h')} 不符 / digest differs",
        )
    )
    content = result.content
    expected = payload_claims(content, digest, result.claims.get("k", ""))
    mismatched = [
        name for name in ("r", "u", "p", "a") if expected[name] != result.claims.get(name)
    ]
    labels = {"r": "报告编号", "u": "统一社会信用代码", "p": "报告期", "a": "数据截止时间"}
    result.steps.append(
        Step(
            "binding",
            not mismatched,
            "一致 / consistent"
            if not mismatched
            else "不一致 / mismatch: " + "、".join(labels[name] for name in mismatched),
        )
    )
    return result


def changes_since(entity, as_of) -> list[str]:
    """What a later decision changed in the report's kinds of record after ``as_of``: new
    penalties, listings and removals, checks; withdrawals; publicity stopped by repair."""
    from django.db.models import Q

    from wangjian.credit.choices import CreditEventKind
    from wangjian.credit.models import CreditEvent
    from wangjian.inspections.models import InspectionResult

    day = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    kinds = (
        CreditEventKind.PENALTY,
        CreditEventKind.ABNORMAL_LIST_ENTRY,
        CreditEventKind.ABNORMAL_LIST_REMOVAL,
        CreditEventKind.SERIOUS_LIST_ENTRY,
        CreditEventKind.SERIOUS_LIST_REMOVAL,
        CreditEventKind.SPOT_CHECK,
    )
    changes = []
    events = CreditEvent.objects.filter(entity=entity, kind__in=kinds).filter(
        Q(recorded_at__gt=as_of) | Q(withdrawn_on__gt=day) | Q(publicity_ended_on__gt=day)
    )
    for event in events.order_by("occurred_on", "id"):
        if event.recorded_at > as_of:
            changes.append(f"{event.occurred_on} 新增：{event.get_kind_display()}")
        if event.withdrawn_on and event.withdrawn_on > day:
            changes.append(f"{event.withdrawn_on} 撤回：{event.get_kind_display()}")
        if event.publicity_ended_on and event.publicity_ended_on > day:
            changes.append(f"{event.publicity_ended_on} 信用修复：行政处罚提前停止公示")
    results = InspectionResult.objects.filter(task__entity=entity, result_on__gt=day)
    for result in results.order_by("result_on"):
        changes.append(f"{result.result_on} 新增：抽查检查结果")
    return changes
