"""Reports (举报): case filing, violation clues, jurisdiction disputes and advertising transfers."""

import datetime as dt

from django.db import transaction

from wangjian.complaints import outcomes
from wangjian.complaints.actions.clocks import complete_clock, start_clock
from wangjian.complaints.actions.common import (
    ComplaintError,
    _conclude,
    _lock_in_state,
    _require,
    _require_state,
    _today,
)
from wangjian.complaints.choices import AdPublisher, RecordKind, State
from wangjian.complaints.jurisdiction import entity_county
from wangjian.complaints.models import Complaint, Transfer
from wangjian.complaints.rules import citation_for, rule_version
from wangjian.core.audit import record_event


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
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.VERIFYING)
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
    with transaction.atomic(durable=True):
        _lock_in_state(complaint, State.MEDIATING, State.AGREED, State.TERMINATED)
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
