"""Every change to complaints and reports: intake, clocks, decisions, ODR, mediation, report
case-filing, duplicates, flags, hot spots and consumer warnings.

Each action takes a keyword-only ``actor`` (None for the public form and the consumer's own
steps, which are identified by receipt number and lookup code), runs in one transaction and
writes its audit event inside it; outcome announcements to other apps run on commit.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.complaints import attachments, duplicates, outcomes
from wangjian.complaints.choices import (
    AdPublisher,
    AttachmentSource,
    FlagState,
    LinkState,
    PurchaseChannel,
    RecordKind,
    State,
    WarningState,
)
from wangjian.complaints.jurisdiction import (
    Advertising,
    assign,
    entity_county,
    match_respondent,
    respondent_kind,
)
from wangjian.complaints.models import (
    ClockStep,
    Complaint,
    ComplaintAttachment,
    ConsumerWarning,
    DuplicateLink,
    HotSpot,
    MediationSession,
    OdrParticipant,
    SerialFlag,
    SignatureBand,
    Transfer,
)
from wangjian.complaints.rules import (
    RulesError,
    citation_for,
    clock_deadline,
    rule_version,
    rules_on,
    screening_on,
)
from wangjian.core.actions.signin import locked_until, record_failed_attempt
from wangjian.core.audit import record_event
from wangjian.core.choices import AttemptScope, Role
from wangjian.core.working_days import (
    CalendarYearNotCovered,
    WorkingDayCalendar,
    working_days_between,
)


class ComplaintError(ValueError):
    """A refused change: Chinese first, then English, naming the record, field and rule."""

    def __init__(self, message: str, *, field: str = "", rule: str = ""):
        super().__init__(message)
        self.field = field
        self.rule = rule


def _today() -> dt.date:
    return timezone.localdate()


def _keyed_hash(text: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def complainant_key(name: str, phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits:
        return _keyed_hash(f"phone:{digits[-11:]}")
    cleaned = duplicates.normalise_text(name)
    return _keyed_hash(f"name:{cleaned}") if cleaned else ""


# Lookup codes are read aloud and typed from paper: Crockford's base-32 alphabet leaves out
# I, L, O and U, and input maps the look-alikes back.
LOOKUP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOKUP_CODE_LENGTH = 12
_LOOKUP_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def new_lookup_code() -> str:
    """A 12-character code (60 bits) shown as three groups, e.g. ``7K2M-Q9XA-4BDT``.

    Records filed before this used six digits; those codes still work (``hash_lookup_code``
    normalises both the same way).
    """
    raw = "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LOOKUP_CODE_LENGTH, 4))


def normalise_lookup_code(code: str) -> str:
    return (code or "").strip().upper().translate(_LOOKUP_LOOKALIKES)


def hash_lookup_code(receipt_number: str, code: str) -> str:
    return _keyed_hash(f"lookup:{receipt_number}:{normalise_lookup_code(code)}")


# ---------------------------------------------------------------------------------------------
# Intake


@dataclass
class IntakeData:
    """What a complainant or reporter submits (暂行办法 第九条).

    ``kinds`` holds 投诉, 举报 or both; ``attachments`` the evidence files (证据材料) as
    ``(file name, bytes)`` pairs. ``advertisement`` marks a report of an illegal advertisement,
    whose bureau follows its publisher (``ad_publisher``, 暂行办法 第二十八条).
    """

    kinds: tuple[str, ...]
    respondent_name: str
    facts: str
    purchase_channel: str = PurchaseChannel.PLATFORM
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_address: str = ""
    real_name: bool = True
    respondent_uscc: str = ""
    respondent_address: str = ""
    address_shown: bool = True
    shop_url: str = ""
    platform_name: str = ""
    request: str = ""
    category: str = ""
    issue: str = ""
    amount: Decimal | None = None
    known_on: dt.date | None = None
    evidence_note: str = ""
    external_id: str = ""
    odr: bool = False
    advertisement: bool = False
    ad_publisher: str = ""
    ad_publisher_name: str = ""
    ad_publisher_uscc: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def validate_intake(data: IntakeData, where: str = "投诉举报") -> None:
    def refuse(field_name, rule, zh, en):
        raise ComplaintError(
            f"{where} 字段 {field_name}：{zh} / {where} field {field_name}: {en}",
            field=field_name,
            rule=rule,
        )

    kinds = set(data.kinds)
    if not kinds or not kinds <= {RecordKind.COMPLAINT, RecordKind.REPORT}:
        refuse("kinds", "kind", "须为投诉、举报或两者", "must be complaint, report or both")
    if not data.respondent_name.strip():
        refuse("respondent_name", "required", "被投诉（举报）人名称必填", "respondent is required")
    if len(data.facts.strip()) < 10:
        refuse("facts", "min_length", "事实与理由至少10个字", "facts need at least 10 characters")
    if data.purchase_channel not in PurchaseChannel.values:
        refuse("purchase_channel", "choice", "购买渠道无效", "unknown purchase channel")
    if RecordKind.COMPLAINT in kinds and data.complainant_phone:
        digits = "".join(ch for ch in data.complainant_phone if ch.isdigit())
        if len(digits) < 7:
            refuse("complainant_phone", "phone", "联系电话格式错误", "malformed phone number")
    if data.known_on and data.known_on > _today():
        refuse("known_on", "not_future", "日期不能晚于今天", "date cannot be in the future")
    if data.advertisement:
        if data.ad_publisher not in AdPublisher.values:
            refuse(
                "ad_publisher",
                "choice",
                "举报违法广告须选择广告发布者（被举报人自行发布、平台或网站发布、其他发布者）",
                "a report of an illegal advertisement needs its publisher "
                "(advertiser, platform or other)",
            )
        if data.ad_publisher == AdPublisher.OTHER and not (
            data.ad_publisher_name.strip() or data.ad_publisher_uscc.strip()
        ):
            refuse(
                "ad_publisher_name",
                "required",
                "其他广告发布者须填写名称或统一社会信用代码",
                "another publisher needs a name or a USCC",
            )
        if data.ad_publisher == AdPublisher.PLATFORM and not (
            data.platform_name.strip() or data.shop_url.strip()
        ):
            refuse(
                "platform_name",
                "required",
                "平台发布的广告须填写平台名称或店铺网址",
                "an ad published by a platform needs the platform name or the shop URL",
            )
    elif data.ad_publisher or data.ad_publisher_name or data.ad_publisher_uscc:
        refuse(
            "ad_publisher",
            "advertisement_only",
            "仅举报违法广告时填写广告发布者",
            "the publisher is given only for a report of an illegal advertisement",
        )


def _receipt_number(kind: str, division, on: dt.date) -> str:
    prefix = "TS" if kind == RecordKind.COMPLAINT else "JB"
    while True:
        number = f"{prefix}{division.code[:6]}{on:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Complaint.objects.filter(receipt_number=number).exists():
            return number


def _odr_applies(match, on: dt.date) -> bool:
    from django.db.models import Q

    participants = OdrParticipant.objects.filter(joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )
    checks = Q(pk__in=[])
    if match.entity is not None:
        checks |= Q(entity=match.entity)
    if match.platform is not None:
        checks |= Q(platform=match.platform)
    return participants.filter(checks).exists()


def start_clock(complaint, step: str, start: dt.date, *, calendar=None) -> ClockStep:
    version = rule_version(complaint.rule_version)
    clock = version.clock(step)
    try:
        computed = clock_deadline(version, step, start, calendar=calendar)
        due, basis, note = computed.due, list(computed.basis), ""
    except CalendarYearNotCovered as missing:
        # Keep the step open without a date; it gets one when the year's table is entered
        # (recompute_clocks).
        due, basis, note = None, [clock.basis], str(missing)[:300]
    row, _created = ClockStep.objects.update_or_create(
        complaint=complaint,
        step=step,
        defaults={
            "label": clock.label,
            "started_on": start,
            "due_on": due,
            "calendar_note": note,
            "amount": clock.amount,
            "excluded_working_days": 0,
            "paused_on": None,
            "basis": basis,
            "citation": citation_for(clock.basis, clock.citation),
            "status": clock.status,
            "counted_in_regulator_clock": clock.counted_in_regulator_clock,
            "completed_on": None,
            "timely": None,
        },
    )
    return row


def recompute_clocks(*, actor) -> int:
    """Date the open clocks left without a due date once the missing year's table exists."""
    count = 0
    calendar = WorkingDayCalendar()
    for row in ClockStep.objects.filter(due_on__isnull=True, completed_on__isnull=True):
        version = rule_version(row.complaint.rule_version)
        try:
            computed = clock_deadline(
                version,
                row.step,
                row.started_on,
                extra_working_days=row.excluded_working_days,
                calendar=calendar,
            )
        except CalendarYearNotCovered:
            continue
        with transaction.atomic():
            row.due_on, row.basis, row.calendar_note = computed.due, list(computed.basis), ""
            row.save(update_fields=["due_on", "basis", "calendar_note"])
            record_event(
                actor=actor,
                event_type="complaints.clock_dated",
                target=row.complaint,
                division=row.complaint.division,
                after={"step": row.step, "due_on": row.due_on},
            )
        count += 1
    return count


def complete_clock(complaint, step: str, on: dt.date) -> ClockStep | None:
    row = complaint.clocks.filter(step=step, completed_on__isnull=True).first()
    if row is None:
        return None
    row.completed_on = on
    row.paused_on = None
    row.timely = None if row.due_on is None else on <= row.due_on
    row.save(update_fields=["completed_on", "paused_on", "timely"])
    return row


def _close_open_clocks(complaint, on: dt.date) -> None:
    for row in complaint.clocks.filter(completed_on__isnull=True):
        complete_clock(complaint, row.step, on)


def _public_values(complaint) -> dict:
    return {
        "receipt_number": complaint.receipt_number,
        "kind": complaint.kind,
        "state": complaint.state,
        "rule_version": complaint.rule_version,
        "division": complaint.division.code,
        "respondent": complaint.respondent_name,
        "match": complaint.match_method,
    }


def _respondent_key(match, name: str) -> str:
    if match.shop is not None:
        return f"shop:{match.shop.pk}"
    if match.entity is not None:
        return f"entity:{match.entity.pk}"
    return "name:" + duplicates.normalise_text(name)[:50]


@dataclass
class Filed:
    records: list
    lookup_code: str


def file_submission(
    *,
    actor,
    data: IntakeData,
    channel: str,
    received_by,
    received_on: dt.date | None = None,
) -> Filed:
    """Register a submission: one record per kind (暂行办法 第七条), matched, assigned, clocked.

    Duplicates and serial patterns are screened and shown to the handler; nothing here refuses
    a record for being a duplicate or flagged.
    """
    validate_intake(data)
    files = check_attachments(data.attachments, where="投诉举报")
    # Written before the transaction (no database lock held during disk writes) and never
    # removed: a rollback leaves at most an unreferenced file, never a row without its file.
    stored = {
        checked.sha256: attachments.store(checked.content, checked.sha256) for checked in files
    }
    on = received_on or _today()
    version = rules_on(on)
    match = match_respondent(
        uscc=data.respondent_uscc,
        shop_url=data.shop_url,
        name=data.respondent_name,
        platform_name=data.platform_name,
    )
    kind_of_respondent = respondent_kind(match, data.purchase_channel)
    advertising, publisher_entity = None, None
    if data.advertisement:
        publisher_match = None
        if data.ad_publisher == AdPublisher.OTHER:
            publisher_match = match_respondent(
                uscc=data.ad_publisher_uscc, name=data.ad_publisher_name
            )
            publisher_entity = publisher_match.entity
        elif data.ad_publisher == AdPublisher.PLATFORM:
            publisher_entity = match.platform.entity if match.platform else None
        else:
            publisher_entity = match.entity
        advertising = Advertising(data.ad_publisher, publisher_match)
    code = new_lookup_code()
    signature = duplicates.signature(f"{data.facts}\n{data.request}")
    records = []
    calendar = WorkingDayCalendar()
    with transaction.atomic():
        for kind in sorted(set(data.kinds)):
            if data.external_id:
                existing = Complaint.objects.filter(
                    channel=channel, external_id=data.external_id, kind=kind
                ).first()
                if existing is not None:
                    records.append(existing)
                    continue
            assignment = assign(
                kind,
                kind_of_respondent,
                match,
                version,
                received_by,
                address_shown=data.address_shown,
                advertising=advertising,
            )
            odr = kind == RecordKind.COMPLAINT and (data.odr or _odr_applies(match, on))
            complaint = Complaint(
                receipt_number=_receipt_number(kind, assignment.division, on),
                kind=kind,
                channel=channel,
                external_id=data.external_id,
                received_on=on,
                rule_version=version.key,
                state=(
                    State.ODR
                    if odr
                    else State.VERIFYING
                    if kind == RecordKind.REPORT
                    else State.RECEIVED
                ),
                complainant_name=data.complainant_name.strip(),
                complainant_phone=data.complainant_phone.strip(),
                complainant_address=data.complainant_address.strip(),
                complainant_key=complainant_key(data.complainant_name, data.complainant_phone),
                real_name=data.real_name if kind == RecordKind.REPORT else True,
                respondent_name=data.respondent_name.strip(),
                respondent_uscc=data.respondent_uscc.strip().upper(),
                respondent_address=data.respondent_address.strip(),
                address_shown=data.address_shown,
                respondent_kind=kind_of_respondent,
                respondent_entity=match.entity,
                respondent_shop=match.shop,
                platform=match.platform,
                match_method=match.method,
                filed_by=actor if getattr(actor, "role", None) == Role.CONSUMER else None,
                respondent_key=_respondent_key(match, data.respondent_name),
                purchase_channel=data.purchase_channel,
                shop_url=data.shop_url.strip(),
                advertisement=data.advertisement,
                ad_publisher=data.ad_publisher,
                ad_publisher_name=data.ad_publisher_name.strip(),
                ad_publisher_uscc=data.ad_publisher_uscc.strip().upper(),
                ad_publisher_entity=publisher_entity,
                facts=data.facts.strip(),
                request=data.request.strip(),
                category=data.category.strip(),
                issue=data.issue.strip(),
                amount=data.amount,
                known_on=data.known_on,
                evidence_note=data.evidence_note.strip(),
                received_by=received_by,
                division=assignment.division,
                jurisdiction_reason=f"{assignment.reason}（{citation_for(assignment.basis)}）",
                odr_applies=odr,
                signature=signature,
            )
            complaint.lookup_code_hash = hash_lookup_code(complaint.receipt_number, code)
            complaint.save()
            if assignment.transfer_from is not None:
                Transfer.objects.create(
                    complaint=complaint,
                    from_division=assignment.transfer_from,
                    to_division=assignment.division,
                    reason=assignment.reason,
                    basis=assignment.basis,
                    transferred_on=on,
                )
            if kind == RecordKind.REPORT:
                start_clock(complaint, "report_verification", on, calendar=calendar)
            elif odr:
                start_clock(complaint, "odr_negotiation", on, calendar=calendar)
            else:
                start_clock(complaint, "accept_decision", on, calendar=calendar)
            record_event(
                actor=actor,
                event_type="complaints.filed",
                target=complaint,
                division=complaint.division,
                after={**_public_values(complaint), "channel": channel},
                reason=assignment.reason,
            )
            if assignment.transfer_from is not None:
                record_event(
                    actor=actor,
                    event_type="complaints.transferred",
                    target=complaint,
                    division=complaint.division,
                    after={"from": assignment.transfer_from.code, "to": complaint.division.code},
                    reason=assignment.reason,
                )
            if files:
                _attach_received(complaint, files, stored, actor=actor)
            screen(complaint)
            records.append(complaint)
        if len(records) == 2 and records[0].sibling_id is None:
            records[0].sibling = records[1]
            records[0].save(update_fields=["sibling"])
    return Filed(records=records, lookup_code=code)


# ---------------------------------------------------------------------------------------------
# Evidence files (证据材料)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    file_type: attachments.FileType
    sha256: str


def check_attachments(
    files, *, where: str, field_name: str = "attachments", already=()
) -> list[CheckedFile]:
    """Check evidence files against the limits in ``attachments`` (type by magic bytes, size,
    count per record and source, no file twice); refuse the first bad one by name.

    ``files`` are ``(name, bytes)`` pairs; ``already`` the SHA-256 of the files the same source
    has already attached to the record.
    """
    files = list(files)
    already = list(already)
    if len(files) + len(already) > attachments.MAX_FILES:
        held = f"（已有{len(already)}个）" if already else ""
        held_en = f" ({len(already)} already attached)" if already else ""
        raise ComplaintError(
            f"{where} 字段 {field_name}：每件每方最多提交{attachments.MAX_FILES}个证据材料文件"
            f"{held} / {where} field {field_name}: at most {attachments.MAX_FILES} evidence files "
            f"per record from one party{held_en}",
            field=field_name,
            rule="max_files",
        )
    seen = dict.fromkeys(already, "")
    checked = []
    megabytes = attachments.MAX_BYTES // (1024 * 1024)
    for raw_name, raw_content in files:
        name = attachments.clean_name(raw_name)
        content = bytes(raw_content or b"")
        if not content:
            _refuse_file(where, name, field_name, "empty", "文件为空", "the file is empty")
        if len(content) > attachments.MAX_BYTES:
            _refuse_file(
                where,
                name,
                field_name,
                "max_size",
                f"超过每个文件{megabytes} MB的上限",
                f"larger than the {megabytes} MB limit per file",
            )
        file_type = attachments.detect_type(content)
        if file_type is None:
            _refuse_file(
                where,
                name,
                field_name,
                "file_type",
                "文件内容不是可接受的类型（按文件头识别，不看扩展名；可接受："
                f"{attachments.accepted_labels('、')}）",
                "the content is not an accepted type (detected from the first bytes, whatever "
                f"the extension; accepted: {attachments.accepted_labels(', ')})",
            )
        sha256 = attachments.sha256_of(content)
        if sha256 in seen:
            earlier = seen[sha256]
            _refuse_file(
                where,
                name,
                field_name,
                "duplicate",
                f"与“{earlier}”内容相同" if earlier else "与已提交的文件内容相同",
                f'the same content as "{earlier}"' if earlier else "already attached",
            )
        seen[sha256] = name
        checked.append(CheckedFile(name, content, file_type, sha256))
    return checked


def _refuse_file(where: str, name: str, field_name: str, rule: str, zh: str, en: str):
    raise ComplaintError(
        f"{where} 证据材料“{name}” 字段 {field_name}：{zh} / {where} evidence file "
        f'"{name}" field {field_name}: {en}',
        field=field_name,
        rule=rule,
    )


def _metadata(row: ComplaintAttachment) -> dict:
    # No file name: it may name a person, and the audit log is kept for good.
    return {
        "attachment": row.pk,
        "sha256": row.sha256,
        "size": row.size,
        "content_type": row.content_type,
        "source": row.source,
    }


def _attach_received(complaint, files: list[CheckedFile], stored: dict, *, actor) -> None:
    uploader = actor if actor is not None and actor.is_authenticated else None
    rows = [
        ComplaintAttachment.objects.create(
            complaint=complaint,
            name=checked.name,
            content_type=checked.file_type.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            storage_path=stored[checked.sha256],
            source=AttachmentSource.COMPLAINANT,
            uploaded_by=uploader,
        )
        for checked in files
    ]
    record_event(
        actor=actor,
        event_type="complaints.attachments_received",
        target=complaint,
        division=complaint.division,
        after={"attachments": [_metadata(row) for row in rows]},
    )


def add_attachment(*, actor, complaint, name: str, content: bytes, source: str):
    """Add one evidence file to a record.

    A regulator of the handling jurisdiction (``complaints.handle``) may record a file from any
    party (handed in at the counter, by post, in mediation). The respondent's desk
    (``complaints.answer_odr``) adds its own files to a complaint against it while it is in ODR.
    """
    if source not in AttachmentSource.values:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 source：提交方 {source!r} 无效（可选："
            f"{', '.join(AttachmentSource.values)}）/ unknown source {source!r}",
            field="source",
            rule="choice",
        )
    if actor is not None and actor.has_capability("complaints.handle"):
        if not Complaint.objects.visible_to(actor).filter(pk=complaint.pk).exists():
            raise ComplaintError(
                f"{complaint.receipt_number} 不属本辖区办理 / not handled in your jurisdiction",
                rule="jurisdiction",
            )
    else:
        _require(actor, "complaints.answer_odr", complaint)
        if not Complaint.objects.respondent_side(actor).filter(pk=complaint.pk).exists():
            raise ComplaintError(
                f"{complaint.receipt_number} 非本单位被投诉件 / not a complaint against you",
                rule="respondent",
            )
        _require_state(complaint, State.ODR)
        if source != AttachmentSource.RESPONDENT:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 source：被投诉人只能提交本方证据材料 / "
                f"{complaint.receipt_number} field source: the respondent adds its own files only",
                field="source",
                rule="respondent_source",
            )
    [checked] = check_attachments(
        [(name, content)], where=complaint.receipt_number, field_name="content"
    )
    path = attachments.store(checked.content, checked.sha256)
    with transaction.atomic():
        # The count and duplicate checks must see concurrent uploads to the same record.
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        already = complaint.attachments.filter(source=source).values_list("sha256", flat=True)
        check_attachments(
            [(name, content)],
            where=complaint.receipt_number,
            field_name="content",
            already=already,
        )
        row = ComplaintAttachment.objects.create(
            complaint=complaint,
            name=checked.name,
            content_type=checked.file_type.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            storage_path=path,
            source=source,
            uploaded_by=actor,
        )
        record_event(
            actor=actor,
            event_type="complaints.attachment_added",
            target=complaint,
            division=complaint.division,
            after=_metadata(row),
        )
    return row


# ---------------------------------------------------------------------------------------------
# Screening: near-duplicates and serial patterns (shown to the handler, never decisive)

SCREEN_POOL = 2000


def screen(complaint) -> None:
    """Suggest near-duplicates and raise serial-pattern flags for a new record."""
    thresholds = screening_on(complaint.received_on)
    window_start = complaint.received_on - dt.timedelta(days=thresholds.serial_window_days)
    if complaint.complainant_key:
        same_parties = (
            Complaint.objects.filter(
                complainant_key=complaint.complainant_key,
                respondent_key=complaint.respondent_key,
                received_on__gte=window_start,
            )
            .exclude(pk=complaint.pk)
            .exclude(kind=RecordKind.REPORT, sibling=complaint)
            .only("id", "signature", "kind", "sibling_id")
        )
        for other in same_parties[:SCREEN_POOL]:
            if other.sibling_id == complaint.pk or complaint.sibling_id == other.pk:
                continue
            value = duplicates.similarity(complaint.signature, other.signature)
            if value >= thresholds.near_duplicate_similarity:
                DuplicateLink.objects.get_or_create(
                    complaint=complaint, other=other, defaults={"similarity": value}
                )
        _serial_volume(complaint, thresholds, window_start)
    _shared_template(complaint, thresholds, window_start)


def _store_bands(complaint) -> list[tuple[int, int]]:
    keys = duplicates.band_keys(complaint.signature)
    SignatureBand.objects.bulk_create(
        [SignatureBand(complaint=complaint, band=band, key=key) for band, key in keys]
    )
    return keys


def _raise_flag(complaint, reason: str, evidence: dict, thresholds) -> None:
    if SerialFlag.objects.filter(complaint=complaint, reason=reason).exists():
        return
    flag = SerialFlag.objects.create(
        complaint=complaint,
        division=complaint.division,
        reason=reason,
        evidence=evidence,
        basis=thresholds.basis,
        raised_on=complaint.received_on,
    )
    record_event(
        actor=None,
        event_type="complaints.flag_raised",
        target=flag,
        division=complaint.division,
        after={"reason": reason, "evidence": evidence},
    )


def _serial_volume(complaint, thresholds, window_start) -> None:
    rows = Complaint.objects.filter(
        complainant_key=complaint.complainant_key,
        received_on__gte=window_start,
        received_on__lte=complaint.received_on,
        kind=RecordKind.COMPLAINT,
    )
    count = rows.count()
    respondents = rows.values("respondent_key").distinct().count()
    if (
        count >= thresholds.serial_min_complaints
        and respondents >= thresholds.serial_min_respondents
    ):
        # Screening counts across bureaus; the evidence names only the flagging bureau's own
        # records (the flag and its audit event are read there) and counts the others.
        own = rows.filter(division__path__startswith=complaint.division.path)
        _raise_flag(
            complaint,
            "high_volume",
            {
                "complaints_in_window": count,
                "distinct_respondents": respondents,
                "window_days": thresholds.serial_window_days,
                "thresholds": {
                    "min_complaints": thresholds.serial_min_complaints,
                    "min_respondents": thresholds.serial_min_respondents,
                },
                "receipts": list(
                    own.order_by("received_on").values_list("receipt_number", flat=True)[:20]
                ),
                "elsewhere": count - own.count(),
            },
            thresholds,
        )


def _shared_template(complaint, thresholds, window_start) -> None:
    from django.db.models import Q

    keys = _store_bands(complaint)
    same_band = Q(pk__in=[])
    for band, key in keys:
        same_band |= Q(band=band, key=key)
    candidates = (
        SignatureBand.objects.filter(same_band)
        .exclude(complaint=complaint)
        .order_by("-complaint_id")
        .values_list("complaint_id", flat=True)
        .distinct()[:SCREEN_POOL]
    )
    pool = (
        Complaint.objects.filter(
            pk__in=list(candidates),
            division=complaint.division,
            received_on__gte=window_start,
            kind=complaint.kind,
        )
        .exclude(respondent_key=complaint.respondent_key)
        .only("id", "receipt_number", "signature")
        .order_by("-id")
    )
    matches = []
    for other in pool:
        value = duplicates.similarity(complaint.signature, other.signature)
        if value >= thresholds.template_similarity:
            matches.append((other.receipt_number, round(value, 3)))
    if len(matches) + 1 >= thresholds.template_min_uses:
        _raise_flag(
            complaint,
            "shared_template",
            {
                "same_text_against_other_respondents": len(matches),
                "similarity_threshold": thresholds.template_similarity,
                "matches": [{"receipt": r, "similarity": s} for r, s in matches[:20]],
            },
            thresholds,
        )


def _common_division(first, second):
    """The nearest division containing both (the common superior of two bureaus)."""
    from wangjian.core.models import Division

    if first.pk == second.pk:
        return first
    a, b = first.path.strip("/").split("/"), second.path.strip("/").split("/")
    shared = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared.append(x)
    if not shared:
        return None
    return Division.objects.get(path="/" + "/".join(shared) + "/")


def decide_duplicate(*, actor, link: DuplicateLink, decision: str) -> DuplicateLink:
    """Link, merge or dismiss a suggested near-duplicate; merging keeps both records.

    Deciding needs sight of both records: a link across two bureaus is decided by their common
    superior (whose staff see both), never by one bureau about a record it cannot see.
    """
    _require(actor, "complaints.handle")
    if decision not in (LinkState.LINKED, LinkState.MERGED, LinkState.DISMISSED):
        raise ComplaintError(
            f"重复关联 {link.pk} 字段 decision：无效决定 {decision!r} / invalid decision",
            field="decision",
            rule="choice",
        )
    with transaction.atomic():
        link = DuplicateLink.objects.select_for_update().get(pk=link.pk)
        pair = (link.complaint_id, link.other_id)
        if Complaint.objects.visible_to(actor).filter(pk__in=pair).count() != 2:
            raise ComplaintError(
                f"重复关联 {link.pk}：两件记录不都在您的辖区内，须由能同时查看两件记录的共同上级"
                f"处理 / duplicate link {link.pk}: both records must be within your "
                "jurisdiction; the common superior bureau decides a link across bureaus",
                field="decision",
                rule="both_sides_visible",
            )
        before = link.state
        link.state = decision
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["state", "decided_by", "decided_at"])
        if decision == LinkState.MERGED:
            newer = link.complaint
            newer.state = State.MERGED
            newer.merged_into = link.other
            newer.decided_on = _today()
            newer.save(update_fields=["state", "merged_into", "decided_on"])
            _close_open_clocks(newer, newer.decided_on)
        # The event names both receipt numbers: it belongs to the level that sees both.
        record_event(
            actor=actor,
            event_type="complaints.duplicate_decided",
            target=link,
            division=_common_division(link.complaint.division, link.other.division),
            before={"state": before},
            after={"state": decision, "other": link.other.receipt_number},
        )
    return link


def appeal_flag(*, complaint, lookup_code: str, text: str) -> int:
    """The complainant contests the flags on their record (via receipt number + lookup code)."""
    _check_lookup(complaint, lookup_code)
    if len(text.strip()) < 5:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 appeal：申诉理由至少5个字 / appeal text too short",
            field="appeal",
            rule="min_length",
        )
    with transaction.atomic():
        count = 0
        for flag in complaint.flags.filter(state=FlagState.OPEN):
            flag.state = FlagState.APPEALED
            flag.appeal = text.strip()
            flag.save(update_fields=["state", "appeal"])
            record_event(
                actor=None,
                event_type="complaints.flag_appealed",
                target=flag,
                division=complaint.division,
                after={"state": FlagState.APPEALED},
            )
            count += 1
    return count


def review_flag(*, actor, flag: SerialFlag, uphold: bool, note: str) -> SerialFlag:
    _require(actor, "complaints.handle", flag.complaint)
    with transaction.atomic():
        before = flag.state
        flag.state = FlagState.UPHELD if uphold else FlagState.WITHDRAWN
        flag.review_note = note
        flag.save(update_fields=["state", "review_note"])
        record_event(
            actor=actor,
            event_type="complaints.flag_reviewed",
            target=flag,
            division=flag.division,
            before={"state": before},
            after={"state": flag.state},
            reason=note,
        )
    return flag


# ---------------------------------------------------------------------------------------------
# Decisions


def _require(actor, capability: str, complaint=None) -> None:
    if actor is None or not actor.has_capability(capability):
        raise ComplaintError(
            f"{getattr(complaint, 'receipt_number', '')} 无此权限（{capability}）/ not permitted "
            f"({capability})",
            rule="capability",
        )


def _require_state(complaint, *states) -> None:
    if complaint.state not in states:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 state：当前状态为{complaint.get_state_display()}，"
            f"不能办理此环节 / {complaint.receipt_number}: state {complaint.state} does not allow "
            "this step",
            field="state",
            rule="state",
        )


def _lookup_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.COMPLAINT_LOOKUP_WINDOW_MINUTES)


def _wrong_lookup() -> ComplaintError:
    return ComplaintError(
        "登记编号或查询码不正确 / receipt number or lookup code is wrong",
        field="lookup_code",
        rule="lookup",
    )


def find_by_lookup(receipt_number: str, lookup_code: str) -> Complaint:
    """The record with ``receipt_number`` whose lookup code is ``lookup_code``.

    Wrong codes are counted per receipt number, whether or not the number exists, so the answer
    never tells a guesser which numbers are real: after ``COMPLAINT_LOOKUP_MAX_FAILURES`` wrong
    codes within ``COMPLAINT_LOOKUP_WINDOW_MINUTES`` further tries are refused until the window
    has passed. Raise ``ComplaintError`` for a wrong number or code and while refused.
    """
    receipt_number = (receipt_number or "").strip()[:40]
    now = timezone.now()
    until = locked_until(
        AttemptScope.COMPLAINT_LOOKUP,
        receipt_number,
        settings.COMPLAINT_LOOKUP_MAX_FAILURES,
        _lookup_window(),
        now,
    )
    if until is not None:
        minutes = max(1, -(-int((until - now).total_seconds()) // 60))
        raise ComplaintError(
            f"登记编号 {receipt_number} 的查询码错误次数过多，查询已暂停，请在 {minutes} 分钟后"
            f"再试，或拨打 12315 咨询 / too many wrong lookup codes for {receipt_number}: try "
            f"again in {minutes} minutes, or call 12315",
            field="lookup_code",
            rule="lookup_locked",
        )
    complaint = Complaint.objects.filter(receipt_number=receipt_number).first()
    expected = complaint.lookup_code_hash if complaint is not None else ""
    if expected and hmac.compare_digest(
        expected, hash_lookup_code(receipt_number, lookup_code or "")
    ):
        return complaint
    with transaction.atomic():
        failures = record_failed_attempt(
            scope=AttemptScope.COMPLAINT_LOOKUP,
            key=receipt_number,
            window=_lookup_window(),
            now=now,
        )
        if complaint is not None and failures == settings.COMPLAINT_LOOKUP_MAX_FAILURES:
            record_event(
                actor=None,
                event_type="complaints.lookup_locked",
                target=complaint,
                division=complaint.division,
                after={
                    "failures": failures,
                    "window_minutes": settings.COMPLAINT_LOOKUP_WINDOW_MINUTES,
                },
            )
    raise _wrong_lookup()


def _check_lookup(complaint, lookup_code: str) -> None:
    find_by_lookup(complaint.receipt_number, lookup_code)


def _conclude(complaint, state: str, on: dt.date, basis: str = "") -> None:
    complaint.state = state
    complaint.decided_on = on
    complaint.published = complaint.kind == RecordKind.COMPLAINT
    complaint.save(update_fields=["state", "decided_on", "published", "updated_at"])
    outcome = outcomes.outcome_of(complaint, basis)
    transaction.on_commit(lambda: outcomes.announce(outcome))


def decide_acceptance(
    *,
    actor,
    complaint,
    accept: bool,
    ground: str = "",
    reason: str = "",
    on: dt.date | None = None,
) -> Complaint:
    """受理 or 不予受理 (暂行办法 第十四条、第十五条).

    Refusal needs one of the version's statutory grounds; a serial-pattern flag is never one.
    """
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.RECEIVED)
    on = on or _today()
    version = rule_version(complaint.rule_version)
    chosen = None
    if not accept:
        if not ground:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 ground：不予受理须选择法定情形（"
                f"{citation_for(version.non_acceptance_grounds[0].basis)}等）；投诉行为提示不构成"
                f"不予受理理由 / {complaint.receipt_number} field ground: refusing needs a "
                "statutory ground; a flag is not one",
                field="ground",
                rule="statutory_ground",
            )
        try:
            chosen = version.ground(ground)
        except RulesError as error:
            raise ComplaintError(str(error), field="ground", rule="statutory_ground") from error
    with transaction.atomic():
        complete_clock(complaint, "accept_decision", on)
        if accept:
            complaint.state = State.MEDIATING
            complaint.decided_on = None
            complaint.save(update_fields=["state", "decided_on", "updated_at"])
            start_clock(complaint, "mediation_end", on)
        else:
            complaint.decision_ground = chosen.key
            complaint.decision_reason = reason
            complaint.save(update_fields=["decision_ground", "decision_reason"])
            _conclude(complaint, State.NOT_ACCEPTED, on, chosen.basis)
        record_event(
            actor=actor,
            event_type="complaints.accepted" if accept else "complaints.not_accepted",
            target=complaint,
            division=complaint.division,
            before={"state": State.RECEIVED},
            after={"state": complaint.state, "ground": chosen.key if chosen else ""},
            reason=reason,
        )
    return complaint


def answer_odr(*, actor, complaint, answer: str, on: dt.date | None = None) -> Complaint:
    """The respondent (enterprise or platform desk) answers within the ODR clock."""
    _require(actor, "complaints.answer_odr", complaint)
    _require_state(complaint, State.ODR)
    if not complaint.__class__.objects.respondent_side(actor).filter(pk=complaint.pk).exists():
        raise ComplaintError(
            f"{complaint.receipt_number} 非本单位被投诉件 / not a complaint against you",
            rule="respondent",
        )
    if len(answer.strip()) < 2:
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 answer：答复不能为空 / answer is empty",
            field="answer",
            rule="required",
        )
    on = on or _today()
    with transaction.atomic():
        complaint.odr_answer = answer.strip()
        complaint.save(update_fields=["odr_answer", "updated_at"])
        complete_clock(complaint, "odr_negotiation", on)
        record_event(
            actor=actor,
            event_type="complaints.odr_answered",
            target=complaint,
            division=complaint.division,
            after={"answered_on": on},
        )
    return complaint


def consumer_odr_decision(
    *, complaint, lookup_code: str, accept: bool, on: dt.date | None = None
) -> Complaint:
    """The consumer accepts the ODR answer (和解) or escalates to the bureau."""
    _check_lookup(complaint, lookup_code)
    _require_state(complaint, State.ODR)
    on = on or _today()
    with transaction.atomic():
        complete_clock(complaint, "odr_negotiation", on)
        complaint.odr_outcome = "accepted" if accept else "escalated"
        complaint.save(update_fields=["odr_outcome"])
        if accept:
            _conclude(complaint, State.SETTLED_ODR, on)
        else:
            complaint.state = State.RECEIVED
            complaint.save(update_fields=["state", "updated_at"])
            # The regulator's 7 working days run from the escalation: ODR time is not counted.
            start_clock(complaint, "accept_decision", on)
        record_event(
            actor=None,
            event_type="complaints.odr_decided",
            target=complaint,
            division=complaint.division,
            after={"odr_outcome": complaint.odr_outcome, "state": complaint.state},
        )
    return complaint


def escalate_overdue_odr(*, actor, complaint, on: dt.date | None = None) -> Complaint:
    """The ODR clock ran out without an answer: the bureau takes the complaint."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.ODR)
    on = on or _today()
    clock = complaint.clocks.get(step="odr_negotiation")
    if clock.completed_on is None and (clock.due_on is None or on <= clock.due_on):
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 on：ODR和解期限（{clock.due_on}）未届满 / the ODR "
            f"period runs until {clock.due_on}",
            field="on",
            rule="odr_period",
        )
    with transaction.atomic():
        complete_clock(complaint, "odr_negotiation", on)
        complaint.state = State.RECEIVED
        complaint.odr_outcome = "expired"
        complaint.save(update_fields=["state", "odr_outcome", "updated_at"])
        start_clock(complaint, "accept_decision", on)
        record_event(
            actor=actor,
            event_type="complaints.odr_expired",
            target=complaint,
            division=complaint.division,
            after={"state": complaint.state},
        )
    return complaint


def record_session(*, actor, complaint, held_on: dt.date, mode: str, notes: str):
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    with transaction.atomic():
        session = MediationSession.objects.create(
            complaint=complaint, held_on=held_on, mode=mode, notes=notes, recorded_by=actor
        )
        record_event(
            actor=actor,
            event_type="complaints.mediation_session",
            target=complaint,
            division=complaint.division,
            after={"held_on": held_on, "mode": mode},
        )
    return session


def start_testing(*, actor, complaint, on: dt.date) -> ClockStep:
    """检定、检验、检测、鉴定 begins: the mediation clock stops (暂行办法 第二十条)."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    with transaction.atomic():
        clock = complaint.clocks.select_for_update().get(step="mediation_end")
        if clock.paused_on is not None:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 on：检测已于{clock.paused_on}开始 / testing "
                "already running",
                field="on",
                rule="testing",
            )
        clock.paused_on = on
        clock.save(update_fields=["paused_on"])
        record_event(
            actor=actor,
            event_type="complaints.testing_started",
            target=complaint,
            division=complaint.division,
            after={"on": on},
        )
    return clock


def end_testing(*, actor, complaint, on: dt.date) -> ClockStep:
    """Testing ends: the working days it took are added to the mediation period."""
    _require(actor, "complaints.handle", complaint)
    with transaction.atomic():
        clock = complaint.clocks.select_for_update().get(step="mediation_end")
        if clock.paused_on is None or on < clock.paused_on:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 on：没有进行中的检测，或结束日早于开始日 / no "
                "testing running, or it ends before it began",
                field="on",
                rule="testing",
            )
        excluded = working_days_between(clock.paused_on, on)
        clock.excluded_working_days += excluded
        version = rule_version(complaint.rule_version)
        try:
            computed = clock_deadline(
                version,
                "mediation_end",
                clock.started_on,
                extra_working_days=clock.excluded_working_days,
            )
            clock.due_on, clock.basis, clock.calendar_note = computed.due, list(computed.basis), ""
        except CalendarYearNotCovered as missing:
            clock.due_on, clock.calendar_note = None, str(missing)[:300]
        clock.paused_on = None
        clock.save(
            update_fields=["excluded_working_days", "due_on", "basis", "calendar_note", "paused_on"]
        )
        record_event(
            actor=actor,
            event_type="complaints.testing_ended",
            target=complaint,
            division=complaint.division,
            after={"excluded_working_days": excluded, "due_on": clock.due_on},
        )
    return clock


def record_agreement(*, actor, complaint, result: str, on: dt.date | None = None) -> Complaint:
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    on = on or _today()
    with transaction.atomic():
        complete_clock(complaint, "mediation_end", on)
        complaint.mediation_result = result
        complaint.save(update_fields=["mediation_result"])
        _conclude(complaint, State.AGREED, on)
        record_event(
            actor=actor,
            event_type="complaints.agreed",
            target=complaint,
            division=complaint.division,
            after={"state": State.AGREED},
        )
    return complaint


def terminate_mediation(
    *, actor, complaint, ground: str, reason: str, on: dt.date | None = None
) -> Complaint:
    """终止调解 with a ground from the data (暂行办法 第二十一条); the notice clock starts."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING)
    version = rule_version(complaint.rule_version)
    try:
        chosen = version.ground(ground, termination=True)
    except RulesError as error:
        raise ComplaintError(str(error), field="ground", rule="termination_ground") from error
    on = on or _today()
    with transaction.atomic():
        complete_clock(complaint, "mediation_end", on)
        complaint.decision_ground = chosen.key
        complaint.decision_reason = reason
        complaint.save(update_fields=["decision_ground", "decision_reason"])
        _conclude(complaint, State.TERMINATED, on, chosen.basis)
        start_clock(complaint, "termination_notice", on)
        record_event(
            actor=actor,
            event_type="complaints.terminated",
            target=complaint,
            division=complaint.division,
            after={"ground": chosen.key},
            reason=reason,
        )
    return complaint


def record_notice_sent(*, actor, complaint, step: str, on: dt.date | None = None):
    """A notice went out (终止调解告知, 告知实名举报人): the step's clock completes."""
    _require(actor, "complaints.handle", complaint)
    if step not in ("termination_notice", "reporter_notice"):
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 step：无此告知环节 {step!r} / unknown notice step",
            field="step",
            rule="choice",
        )
    on = on or _today()
    with transaction.atomic():
        row = complete_clock(complaint, step, on)
        if row is None:
            raise ComplaintError(
                f"{complaint.receipt_number} 字段 step：{step} 无待办时限 / no open clock {step}",
                field="step",
                rule="state",
            )
        record_event(
            actor=actor,
            event_type="complaints.notice_sent",
            target=complaint,
            division=complaint.division,
            after={"step": step, "on": on, "timely": row.timely},
        )
    return row


def decide_case_filing(
    *,
    actor,
    complaint,
    file_case: bool,
    reason: str,
    on: dt.date | None = None,
    case_reference: str = "",
) -> Complaint:
    """A report's verification ends in 立案 or 不予立案; a real-name reporter is then told
    within the notice clock (暂行办法 第三十一条). Enforcement hooks may open the case."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.VERIFYING)
    if not reason.strip():
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 reason：须说明理由 / a reason is required",
            field="reason",
            rule="required",
        )
    on = on or _today()
    with transaction.atomic():
        complete_clock(complaint, "report_verification", on)
        complaint.decision_reason = reason
        complaint.case_reference = case_reference
        complaint.save(update_fields=["decision_reason", "case_reference"])
        _conclude(complaint, State.CASE_FILED if file_case else State.NOT_FILED, on)
        if complaint.real_name and complaint.complainant_name:
            start_clock(complaint, "reporter_notice", on)
        record_event(
            actor=actor,
            event_type="complaints.case_filing_decided",
            target=complaint,
            division=complaint.division,
            after={"file_case": file_case, "case_reference": case_reference},
            reason=reason,
        )
        if file_case:
            report = complaint
            transaction.on_commit(lambda: _run_case_hooks(report))
    return complaint


def _run_case_hooks(report) -> None:
    for hook in list(outcomes.CASE_FILING_HOOKS):
        reference = hook(report)
        if reference and not report.case_reference:
            with transaction.atomic():
                report.case_reference = reference
                report.save(update_fields=["case_reference"])
                record_event(
                    actor=None,
                    event_type="complaints.case_linked",
                    target=report,
                    division=report.division,
                    after={"case_reference": reference},
                )


def record_violation_clue(*, actor, complaint, note: str, on: dt.date | None = None):
    """A clue of a violation found during mediation: verify it within the clock
    (暂行办法 第二十三条, 15 working days, extendable by 15)."""
    _require(actor, "complaints.handle", complaint)
    _require_state(complaint, State.MEDIATING, State.AGREED, State.TERMINATED)
    on = on or _today()
    with transaction.atomic():
        row = start_clock(complaint, "clue_verification", on)
        record_event(
            actor=actor,
            event_type="complaints.clue_recorded",
            target=complaint,
            division=complaint.division,
            after={"due_on": row.due_on},
            reason=note,
        )
    return row


def open_jurisdiction_dispute(*, actor, complaint, other_division, on: dt.date | None = None):
    """Two bureaus dispute who handles a report: they negotiate within the clock, otherwise the
    common superior designates (暂行办法 第三十条)."""
    _require(actor, "complaints.handle", complaint)
    on = on or _today()
    with transaction.atomic():
        row = start_clock(complaint, "jurisdiction_dispute", on)
        record_event(
            actor=actor,
            event_type="complaints.jurisdiction_disputed",
            target=complaint,
            division=complaint.division,
            after={"with": other_division.code, "due_on": row.due_on},
        )
    return row


def settle_jurisdiction(*, actor, complaint, division, reason: str, on: dt.date | None = None):
    """The dispute ends (agreed or designated): the record moves if needed, with a transfer."""
    _require(actor, "complaints.handle", complaint)
    if not reason.strip():
        raise ComplaintError(
            f"{complaint.receipt_number} 字段 reason：须说明理由 / a reason is required",
            field="reason",
            rule="required",
        )
    on = on or _today()
    version = rule_version(complaint.rule_version)
    with transaction.atomic():
        row = complete_clock(complaint, "jurisdiction_dispute", on)
        if division.pk != complaint.division_id:
            Transfer.objects.create(
                complaint=complaint,
                from_division=complaint.division,
                to_division=division,
                reason=reason,
                basis=version.clock("jurisdiction_dispute").basis,
                transferred_on=on,
            )
            complaint.division = division
            complaint.save(update_fields=["division", "updated_at"])
        record_event(
            actor=actor,
            event_type="complaints.jurisdiction_settled",
            target=complaint,
            division=division,
            after={"division": division.code, "timely": row.timely if row else None},
            reason=reason,
        )
    return complaint


def advertising_transfer_target(complaint):
    """Where the part of an advertising report about an out-of-area advertiser may go, or None.

    The publisher's bureau may hand it to the advertiser's (暂行办法 第二十八条) while the rule
    version keeps that procedure; an advertiser that published its own ad is already handled
    at its own place.
    """
    if not (complaint.kind == RecordKind.REPORT and complaint.advertisement):
        return None
    if complaint.ad_publisher == AdPublisher.ADVERTISER or complaint.state != State.VERIFYING:
        return None
    version = rule_version(complaint.rule_version)
    if not version.jurisdiction.get("advertising_report_transfer"):
        return None
    target = entity_county(complaint.respondent_entity, complaint.respondent_shop)
    if target is None or target.pk == complaint.division_id:
        return None
    return target


def transfer_advertising_report(*, actor, complaint, reason: str, on: dt.date | None = None):
    """The publisher's bureau hands a report about an out-of-area advertiser, which it has
    difficulty handling, to the advertiser's bureau (暂行办法 第二十八条). The 2026 measures
    reportedly delete this procedure: under them the request is refused."""
    _require(actor, "complaints.handle", complaint)
    where = complaint.receipt_number
    version = rule_version(complaint.rule_version)
    if not (complaint.kind == RecordKind.REPORT and complaint.advertisement):
        raise ComplaintError(
            f"{where} 字段 advertisement：仅违法广告举报可按广告举报移交 / only a report of an "
            "illegal advertisement can be transferred as one",
            field="advertisement",
            rule="advertising_report",
        )
    if not version.jurisdiction.get("advertising_report_transfer"):
        raise ComplaintError(
            f"{where} 字段 division：适用的{version.title}未规定广告举报移交程序"
            f"（2026年办法据报道已删除） / the rules of this record ({version.key}) have no "
            "advertising-report transfer",
            field="division",
            rule="advertising_report_transfer",
        )
    if len(reason.strip()) < 4:
        raise ComplaintError(
            f"{where} 字段 reason：须说明处理困难的理由（至少4个字） / state the difficulty "
            "(at least 4 characters)",
            field="reason",
            rule="required",
        )
    on = on or _today()
    basis = version.jurisdiction["advertising_report_basis"]
    with transaction.atomic():
        # Decided on the locked row: a second request for the same report finds it moved.
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        target = advertising_transfer_target(locked)
        if target is None:
            raise ComplaintError(
                f"{where} 字段 division：广告主所在地未知、与处理部门相同、"
                "广告主自行发布或举报已办结，不能移交 / the advertiser's place is unknown or "
                "the same, the advertiser published the ad itself, or the report is closed",
                field="division",
                rule="advertising_report_transfer",
            )
        origin = locked.division
        Transfer.objects.create(
            complaint=locked,
            from_division=origin,
            to_division=target,
            reason=f"广告发布者所在地部门处理对异地广告主的举报有困难，移交广告主所在地：{reason.strip()}",
            basis=basis,
            transferred_on=on,
        )
        locked.division = target
        locked.jurisdiction_reason = (
            f"广告主所在地（由广告发布者所在地移交）（{citation_for(basis)}）"
        )
        locked.save(update_fields=["division", "jurisdiction_reason", "updated_at"])
        record_event(
            actor=actor,
            event_type="complaints.advertising_report_transferred",
            target=locked,
            division=target,
            before={"division": origin.code},
            after={"division": target.code},
            reason=reason.strip(),
        )
    return locked


def register_odr_participant(*, actor, on: dt.date, entity=None, platform=None):
    _require(actor, "complaints.manage_odr")
    if (entity is None) == (platform is None):
        raise ComplaintError(
            "ODR单位须为一个市场主体或一个平台 / an ODR participant is one entity or one platform",
            field="entity",
            rule="one_of",
        )
    with transaction.atomic():
        participant, _created = OdrParticipant.objects.get_or_create(
            entity=entity, platform=platform, defaults={"joined_on": on}
        )
        record_event(
            actor=actor,
            event_type="complaints.odr_participant",
            target=participant,
            after={"joined_on": participant.joined_on},
        )
    return participant


# ---------------------------------------------------------------------------------------------
# Hot spots and consumer warnings


def detect_hotspots(*, actor, division, on: dt.date | None = None) -> list[HotSpot]:
    """Raise hot spots where a window's count is a spike against the windows before it."""
    from wangjian.complaints.hotspots import spikes

    on = on or _today()
    raised = []
    with transaction.atomic():
        for spike in spikes(division, on):
            hotspot, created = HotSpot.objects.update_or_create(
                division=division,
                dimension=spike.dimension,
                value=spike.value,
                window_end=spike.window_end,
                defaults={
                    "window_start": spike.window_start,
                    "count": spike.count,
                    "baseline": spike.baseline,
                    "sample": spike.sample,
                    "thresholds": spike.thresholds,
                },
            )
            if created:
                record_event(
                    actor=actor,
                    event_type="complaints.hotspot_raised",
                    target=hotspot,
                    division=division,
                    after={
                        "dimension": spike.dimension,
                        "value": spike.value,
                        "count": spike.count,
                    },
                )
            raised.append(hotspot)
    return raised


def draft_warning(*, actor, division, title: str, body: str, hotspot=None) -> ConsumerWarning:
    _require(actor, "complaints.draft_warning")
    if len(title.strip()) < 4 or len(body.strip()) < 20:
        raise ComplaintError(
            "消费警示 字段 title/body：标题至少4字、正文至少20字 / title needs 4 and body 20 "
            "characters",
            field="body",
            rule="min_length",
        )
    with transaction.atomic():
        warning = ConsumerWarning.objects.create(
            division=division,
            hotspot=hotspot,
            title=title.strip(),
            body=body.strip(),
            drafted_by=actor,
        )
        record_event(
            actor=actor,
            event_type="complaints.warning_drafted",
            target=warning,
            division=division,
            after={"title": warning.title},
        )
    return warning


def approve_warning(
    *, actor, warning: ConsumerWarning, approve: bool = True, on: dt.date | None = None
) -> ConsumerWarning:
    """A chief approves (and so publishes) or returns a draft; nobody approves their own."""
    _require(actor, "complaints.approve_warning")
    if warning.state != WarningState.DRAFT:
        raise ComplaintError(
            f"消费警示 {warning.pk} 字段 state：仅草稿可审批 / only drafts can be approved",
            field="state",
            rule="state",
        )
    if warning.drafted_by_id == actor.pk:
        raise ComplaintError(
            f"消费警示 {warning.pk} 字段 approved_by：起草人不能审批自己的草稿 / the drafter "
            "cannot approve their own draft",
            field="approved_by",
            rule="four_eyes",
        )
    with transaction.atomic():
        warning.approved_by = actor
        if approve:
            warning.state = WarningState.PUBLISHED
            warning.published_on = on or _today()
        else:
            warning.state = WarningState.REJECTED
        warning.save(update_fields=["approved_by", "state", "published_on"])
        record_event(
            actor=actor,
            event_type="complaints.warning_approved" if approve else "complaints.warning_returned",
            target=warning,
            division=warning.division,
            before={"state": WarningState.DRAFT},
            after={"state": warning.state},
        )
    return warning
