"""Screening: near-duplicates and serial patterns, shown to the handler and never decisive."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wangjian.complaints import duplicates
from wangjian.complaints.actions.clocks import _close_open_clocks
from wangjian.complaints.actions.common import ComplaintError, _require, _today
from wangjian.complaints.actions.lookup import _check_lookup
from wangjian.complaints.choices import FlagState, LinkState, RecordKind, State
from wangjian.complaints.models import Complaint, DuplicateLink, SerialFlag, SignatureBand
from wangjian.complaints.rules import screening_on
from wangjian.core.audit import record_event

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
    with transaction.atomic(durable=True):
        link = DuplicateLink.objects.select_for_update().get(pk=link.pk)
        if link.state != LinkState.SUGGESTED:
            raise ComplaintError(
                f"重复关联 {link.pk} 字段 state：已处理（{link.get_state_display()}），不能再次决定"
                f" / duplicate link {link.pk}: already decided ({link.state})",
                field="state",
                rule="state",
            )
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
    with transaction.atomic(durable=True):
        flag = SerialFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.state not in (FlagState.OPEN, FlagState.APPEALED):
            raise ComplaintError(
                f"行为提示 {flag.pk} 字段 state：已复核（{flag.get_state_display()}），不能再次复核"
                f" / flag {flag.pk}: already reviewed ({flag.state})",
                field="state",
                rule="state",
            )
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
