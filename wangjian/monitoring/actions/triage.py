"""Triage of findings: confirmed into a clue (线索), dismissed with a reason, or reopened."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.working_days import CalendarYearNotCovered, add_working_days
from wangjian.monitoring.actions.common import MIN_REASON_LENGTH, MonitoringError, _require, _today
from wangjian.monitoring.choices import ClueState, DismissalReason, FindingState
from wangjian.monitoring.clue_rules import clue_rules_on
from wangjian.monitoring.models import Clue, Finding

# --- Triage ------------------------------------------------------------------------------------


def _visible_findings(actor, finding_ids) -> list[Finding]:
    ids = sorted({int(value) for value in finding_ids})
    findings = list(
        Finding.objects.visible_to(actor)
        .select_related("division", "entity", "shop")
        .filter(pk__in=ids)
        # PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins (shop, entity).
        .select_for_update(of=("self",))
    )
    if not ids or len(findings) != len(ids):
        missing = sorted(set(ids) - {finding.pk for finding in findings})
        raise MonitoringError(
            f"监测发现 {missing or '（未选择）'} 不存在或不在本辖区 / findings "
            f"{missing or '(none selected)'} not found in your jurisdiction",
            field="findings",
            rule="visible",
        )
    return findings


def _clue_number(division, year: int) -> str:
    prefix = f"XS{division.code[:6]}{year}"
    count = Clue.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:05d}"


def confirm_findings(*, actor, finding_ids, note: str, clue: Clue | None = None) -> Clue:
    """Confirm open findings and register them as one clue (线索), or add them to an open clue.

    All findings must be open, in the actor's jurisdiction, and about the same shop (or, with
    no registered shop, the same text). The new clue's verification deadline runs from today
    under the clue rules in force (《市场监督管理行政处罚程序规定》第十八条)."""
    _require(actor, "monitoring.triage")
    note = (note or "").strip()
    with transaction.atomic():
        findings = _visible_findings(actor, finding_ids)
        for finding in findings:
            if finding.state != FindingState.OPEN:
                raise MonitoringError(
                    f"监测发现 #{finding.pk}：已研判（{finding.get_state_display()}），"
                    f"不能再确认 / "
                    f"finding #{finding.pk} is already triaged ({finding.state})",
                    field="state",
                    rule="open_only",
                )
        subjects = {
            (f.shop_id, f.entity_id, f.item_id if f.shop_id is None else None) for f in findings
        }
        if len(subjects) != 1:
            raise MonitoringError(
                "确认为线索的监测发现须涉及同一店铺（或同一条信息）/ findings confirmed into one "
                "clue must concern the same shop (or the same text)",
                field="findings",
                rule="same_subject",
            )
        first = findings[0]
        today = _today()
        if clue is None:
            rules = clue_rules_on(today)
            # A period reaching a year whose table is not entered yet leaves the clue undated
            # rather than refusing it: monitoring must not stop in December.
            calendar_note = ""
            try:
                due_on = add_working_days(today, rules.verification_working_days)
            except CalendarYearNotCovered as error:
                due_on, calendar_note = None, str(error)[:300]
            basis = []
            for finding in findings:
                basis.extend(key for key in finding.legal_basis if key not in basis)
            clue = Clue.objects.create(
                number=_clue_number(first.division, today.year),
                division=first.division,
                entity=first.entity,
                shop=first.shop,
                summary=_clue_summary(findings, note),
                legal_basis=basis,
                discovered_on=today,
                due_on=due_on,
                calendar_note=calendar_note,
                rules_version=rules.version,
                registered_by=actor,
            )
            created = True
        else:
            clue = Clue.objects.visible_to(actor).select_for_update().filter(pk=clue.pk).first()
            if clue is None or clue.state != ClueState.REGISTERED:
                raise MonitoringError(
                    "线索不存在、不在本辖区或已作出决定 / the clue is missing, outside your "
                    "jurisdiction or already decided",
                    field="clue",
                    rule="open_clue",
                )
            if (clue.shop_id, clue.entity_id) != (first.shop_id, first.entity_id):
                raise MonitoringError(
                    f"线索 {clue.number}：监测发现涉及的店铺与线索不同 / clue {clue.number}: the "
                    "findings concern a different shop",
                    field="clue",
                    rule="same_subject",
                )
            created = False
        now = timezone.now()
        for finding in findings:
            finding.state = FindingState.CONFIRMED
            finding.triage_note = note
            finding.triaged_by = actor
            finding.triaged_at = now
            finding.clue = clue
        Finding.objects.bulk_update(
            findings, ["state", "triage_note", "triaged_by", "triaged_at", "clue"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.clue_registered"
            if created
            else "monitoring.clue_extended_findings",
            target=clue,
            division=clue.division,
            after={
                "findings": [finding.pk for finding in findings],
                "rules": sorted({finding.rule for finding in findings}),
                "due_on": clue.due_on.isoformat() if clue.due_on else None,
                "rules_version": clue.rules_version,
            },
            reason=note,
        )
    return clue


def register_source_clue(
    *, actor, entity, source: str, source_ref: str, summary: str, legal_basis=()
) -> Clue:
    """Register a clue (线索) from a source other than monitoring's own findings — e.g. device
    alerts (物联感知) over their threshold — about a registered entity in the actor's
    jurisdiction. The source and its reference are named in the summary and the audit event;
    the verification deadline runs as for any clue (程序规定 第十八条, clue rules in force)."""
    from wangjian.core.querysets import jurisdiction_path

    _require(actor, "monitoring.triage")
    source, source_ref = (source or "").strip(), (source_ref or "").strip()
    summary = (summary or "").strip()
    if not source or not source_ref or not summary:
        raise MonitoringError(
            "外部来源线索：来源、来源编号和摘要不能为空 / source clue: source, source_ref and "
            "summary are required",
            field="source" if not source else ("source_ref" if not source_ref else "summary"),
            rule="required",
        )
    path = jurisdiction_path(actor)
    if path is None or entity is None or not entity.division.path.startswith(path):
        raise MonitoringError(
            "外部来源线索：市场主体不在本辖区 / source clue: the entity is outside your "
            "jurisdiction",
            field="entity",
            rule="jurisdiction",
        )
    today = _today()
    rules = clue_rules_on(today)
    calendar_note = ""
    try:
        due_on = add_working_days(today, rules.verification_working_days)
    except CalendarYearNotCovered as error:
        due_on, calendar_note = None, str(error)[:300]
    with transaction.atomic():
        clue = Clue.objects.create(
            number=_clue_number(entity.division, today.year),
            division=entity.division,
            entity=entity,
            summary=f"【{source}】{summary}",
            legal_basis=list(legal_basis),
            discovered_on=today,
            due_on=due_on,
            calendar_note=calendar_note,
            rules_version=rules.version,
            registered_by=actor,
        )
        record_event(
            actor=actor,
            event_type="monitoring.clue_registered",
            target=clue,
            division=clue.division,
            after={
                "findings": [],
                "source": source,
                "source_ref": source_ref,
                "due_on": clue.due_on.isoformat() if clue.due_on else None,
                "rules_version": clue.rules_version,
            },
        )
    return clue


def _clue_summary(findings: list[Finding], note: str) -> str:
    first = findings[0]
    subject = first.shop.name if first.shop_id else first.item.external_id
    rules = "、".join(sorted({f"{finding.rule}「{finding.match or '—'}」" for finding in findings}))
    summary = f"{subject}：网络监测发现 {rules}"
    return f"{summary}。{note}" if note else summary


def _record_clue_in_credit(clue_id: int) -> None:
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.choices import CreditEventKind

    clue = Clue.objects.select_related("entity").get(pk=clue_id)
    record_credit_event(
        actor=None,
        entity=clue.entity,
        kind=CreditEventKind.MONITORING_FINDING,
        occurred_on=clue.discovered_on,
        # Every rule cites at least one article (the rule pack loader refuses one that doesn't).
        legal_basis=clue.legal_basis[0],
        summary=f"{clue.number}：{clue.summary[:200]}",
        source_app="monitoring",
        source_type="clue",
        source_id=str(clue.pk),
        details={"legal_basis": clue.legal_basis, "number": clue.number},
    )


def dismiss_finding(*, actor, finding: Finding, reason: str, note: str) -> Finding:
    """Dismiss an open finding with a reason from the list and a note (both exported later)."""
    _require(actor, "monitoring.triage")
    record = f"监测发现 #{finding.pk}"
    if reason not in DismissalReason.values:
        raise MonitoringError(
            f"{record}：排除理由 {reason!r} 不在列表中 / {record}: dismissal reason {reason!r} "
            f"is not one of {list(DismissalReason.values)}",
            field="reason",
            rule="choice",
        )
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"{record}：请写明排除的具体理由（至少 {MIN_REASON_LENGTH} 个字）/ {record}: explain "
            f"the dismissal (at least {MIN_REASON_LENGTH} characters)",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        finding = _visible_findings(actor, [finding.pk])[0]
        if finding.state != FindingState.OPEN:
            raise MonitoringError(
                f"{record}：已研判（{finding.get_state_display()}）/ {record}: already triaged",
                field="state",
                rule="open_only",
            )
        finding.state = FindingState.DISMISSED
        finding.dismissal_reason = reason
        finding.triage_note = note
        finding.triaged_by = actor
        finding.triaged_at = timezone.now()
        finding.save(
            update_fields=["state", "dismissal_reason", "triage_note", "triaged_by", "triaged_at"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.finding_dismissed",
            target=finding,
            division=finding.division,
            before={"state": FindingState.OPEN},
            after={"state": finding.state, "reason": reason, "rule": finding.rule},
            reason=note,
        )
    return finding


def reopen_finding(*, actor, finding: Finding, note: str) -> Finding:
    """Put a dismissed finding back in the queue (section head; the old reason stays audited)."""
    _require(actor, "monitoring.decide_clue")
    record = f"监测发现 #{finding.pk}"
    note = (note or "").strip()
    if len(note) < MIN_REASON_LENGTH:
        raise MonitoringError(
            f"{record}：请写明重新研判的理由 / {record}: give the reason for reopening",
            field="note",
            rule="min_length",
        )
    with transaction.atomic():
        finding = _visible_findings(actor, [finding.pk])[0]
        if finding.state != FindingState.DISMISSED:
            raise MonitoringError(
                f"{record}：只有已排除的发现可以重新研判 / {record}: only a dismissed finding can "
                "be reopened",
                field="state",
                rule="dismissed_only",
            )
        before = {"state": finding.state, "reason": finding.dismissal_reason}
        finding.state = FindingState.OPEN
        finding.dismissal_reason = ""
        finding.triage_note = ""
        finding.triaged_by = None
        finding.triaged_at = None
        finding.save(
            update_fields=["state", "dismissal_reason", "triage_note", "triaged_by", "triaged_at"]
        )
        record_event(
            actor=actor,
            event_type="monitoring.finding_reopened",
            target=finding,
            division=finding.division,
            before=before,
            after={"state": finding.state},
            reason=note,
        )
    return finding
