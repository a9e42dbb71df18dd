"""Intake (登记): validating and filing a complaint or report and numbering it."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from wangjian.complaints import attachments, duplicates
from wangjian.complaints.actions.common import ComplaintError, _today, complainant_key
from wangjian.complaints.actions.evidence import _attach_received, check_attachments
from wangjian.complaints.actions.intake_batch import (
    IntakeBatch,
    existing_records,
    number_records,
    refuse_repeated_external_ids,
)
from wangjian.complaints.actions.lookup import hash_lookup_code, new_lookup_code
from wangjian.complaints.choices import AdPublisher, PurchaseChannel, RecordKind, State
from wangjian.complaints.jobs import request_screening
from wangjian.complaints.jurisdiction import Advertising, match_respondent, respondent_kind
from wangjian.complaints.models import Complaint, Transfer
from wangjian.complaints.rules import rules_on
from wangjian.core.choices import Role

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


@dataclass
class _Ready:
    """A submission checked, with its evidence files checked and stored, before filing."""

    data: IntakeData
    received_on: dt.date | None
    files: list
    stored: dict


@dataclass
class _NewRecord:
    complaint: Complaint
    assignment: object
    step: str


@dataclass
class _Plan:
    """One submission's records (earlier filings of its external id, or new ones still to be
    inserted) in kind order, and its lookup code."""

    ready: _Ready
    code: str
    records: list
    new: list[_NewRecord]


def _ready(data: IntakeData, received_on, files: list) -> _Ready:
    # Stored before the filing transaction (no database lock held during disk writes) and
    # never removed: a rollback leaves at most an unreferenced file, never a row without its
    # file.
    stored = {
        checked.sha256: attachments.store(checked.content, checked.sha256) for checked in files
    }
    return _Ready(data, received_on, files, stored)


def file_submissions(
    *, actor, submissions: list[tuple[IntakeData, dt.date | None]], channel: str, received_by
) -> list[Filed]:
    """Register a batch of submissions in one transaction (all or none), as ``file_submission``
    does each; a refusal names the submission by its position (第 N 条). One external id may
    appear once per batch; an id filed before answers with its earlier records."""
    for position, (data, _on) in enumerate(submissions, start=1):
        validate_intake(data, where=f"第 {position} 条投诉举报")
    refuse_repeated_external_ids([data.external_id for data, _on in submissions])
    checked = [
        (data, on, check_attachments(data.attachments, where=f"第 {position} 条投诉举报"))
        for position, (data, on) in enumerate(submissions, start=1)
    ]
    # Every file of the batch is checked before any is stored.
    ready = [_ready(data, on, files) for data, on, files in checked]
    return _file_all(actor=actor, ready=ready, channel=channel, received_by=received_by)


def file_submission(
    *,
    actor,
    data: IntakeData,
    channel: str,
    received_by,
    received_on: dt.date | None = None,
) -> Filed:
    """Register a submission: one record per kind (暂行办法 第七条), matched, assigned, clocked.

    The records are numbered and committed at once. Duplicates and serial patterns are
    screened after commit by the batched screening task (``screened_at`` stays empty until
    then) and shown to the handler; nothing refuses a record for being a duplicate or flagged.
    """
    validate_intake(data)
    ready = _ready(data, received_on, check_attachments(data.attachments, where="投诉举报"))
    return _file_all(actor=actor, ready=[ready], channel=channel, received_by=received_by)[0]


def _file_all(*, actor, ready: list[_Ready], channel: str, received_by) -> list[Filed]:
    """File checked submissions in one transaction, with the statements per batch, not per
    record: earlier filings of the external ids read in one query, receipt numbers checked in
    one, the records, transfers, clock steps and audit events each inserted together. The audit
    chain order is the filing order: each record's events, then its attachments' events."""
    batch = IntakeBatch()
    with transaction.atomic():
        earlier = existing_records(channel, [item.data.external_id for item in ready])
        plans = [
            _plan(
                item,
                actor=actor,
                channel=channel,
                received_by=received_by,
                earlier=earlier,
                batch=batch,
            )
            for item in ready
        ]
        new = [record for plan in plans for record in plan.new]
        number_records([record.complaint for record in new])
        for plan in plans:
            for record in plan.new:
                record.complaint.lookup_code_hash = hash_lookup_code(
                    record.complaint.receipt_number, plan.code
                )
        Complaint.objects.bulk_create([record.complaint for record in new])
        if any(record.complaint.pk is None for record in new):
            raise RuntimeError("the database did not return the ids of the inserted records")
        Transfer.objects.bulk_create(
            [
                Transfer(
                    complaint=record.complaint,
                    from_division=record.assignment.transfer_from,
                    to_division=record.assignment.division,
                    reason=record.assignment.reason,
                    basis=record.assignment.basis,
                    transferred_on=record.complaint.received_on,
                )
                for record in new
                if record.assignment.transfer_from is not None
            ]
        )
        linked = []
        for plan in plans:
            if len(plan.records) == 2 and plan.records[0].sibling_id is None:
                plan.records[0].sibling = plan.records[1]
                linked.append(plan.records[0])
        Complaint.objects.bulk_update(linked, ["sibling"])
        for plan in plans:
            for record in plan.new:
                _clock_and_record(record, plan.ready, actor=actor, channel=channel, batch=batch)
        batch.write()
        transaction.on_commit(request_screening)
    return [Filed(records=plan.records, lookup_code=plan.code) for plan in plans]


def _clock_and_record(record: _NewRecord, ready: _Ready, *, actor, channel, batch) -> None:
    complaint, assignment = record.complaint, record.assignment
    batch.clock(complaint, record.step, complaint.received_on)
    batch.record(
        actor=actor,
        event_type="complaints.filed",
        target=complaint,
        division=complaint.division,
        after={**_public_values(complaint), "channel": channel},
        reason=assignment.reason,
    )
    if assignment.transfer_from is not None:
        batch.record(
            actor=actor,
            event_type="complaints.transferred",
            target=complaint,
            division=complaint.division,
            after={"from": assignment.transfer_from.code, "to": complaint.division.code},
            reason=assignment.reason,
        )
    if ready.files:
        # The attachments' own audit events follow the filing's in the chain.
        batch.write()
        _attach_received(complaint, ready.files, ready.stored, actor=actor)


def _plan(item: _Ready, *, actor, channel: str, received_by, earlier: dict, batch) -> _Plan:
    """The records of one submission, built but not inserted: matched, assigned, ODR decided."""
    data = item.data
    on = item.received_on or _today()
    version = rules_on(on)
    match = batch.match(
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
    plan = _Plan(item, new_lookup_code(), [], [])
    signature = duplicates.signature(f"{data.facts}\n{data.request}")
    for kind in sorted(set(data.kinds)):
        existing = earlier.get((data.external_id, kind)) if data.external_id else None
        if existing is not None:
            plan.records.append(existing)
            continue
        assignment, jurisdiction_reason = batch.assign(
            kind,
            kind_of_respondent,
            match,
            version,
            received_by,
            address_shown=data.address_shown,
            advertising=advertising,
        )
        odr = kind == RecordKind.COMPLAINT and (data.odr or batch.odr_applies(match, on))
        complaint = Complaint(
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
            jurisdiction_reason=jurisdiction_reason,
            odr_applies=odr,
            signature=signature,
        )
        if kind == RecordKind.REPORT:
            step = "report_verification"
        elif odr:
            step = "odr_negotiation"
        else:
            step = "accept_decision"
        plan.records.append(complaint)
        plan.new.append(_NewRecord(complaint, assignment, step))
    return plan
