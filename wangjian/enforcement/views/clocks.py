"""A case's statutory clocks (办案时限) and its timeline, as shown on the case page."""

from django.utils.translation import gettext as _

from wangjian.core.working_days import CalendarYearNotCovered
from wangjian.enforcement.actions.cases import late_fee, paused_days, publicity_key
from wangjian.enforcement.choices import DECISION_CLOCK_STATES, MEASURE_PERIOD, CaseState
from wangjian.enforcement.procedure import ProcedureDataError, period_deadline, version_named

# --- A case ------------------------------------------------------------------------------------


def _next_due(case):
    if case.state == CaseState.VERIFYING:
        return case.verification_due
    if case.state == CaseState.NOTIFIED:
        return case.statement_due
    if case.state in DECISION_CLOCK_STATES:
        return case.decision_due
    if case.state == CaseState.SERVED:
        return case.payment_due
    return None


def _clock(label, due, period, today, *, active=True, note=""):
    return {
        "label": label,
        "due": due,
        "citation": period.citation if period else "",
        "counting": period.counting if period else "",
        "overdue": bool(active and due and due < today),
        "active": active,
        "note": note,
    }


def case_clocks(case, today) -> list[dict]:
    """Every deadline of the case with its basis (the case page shows each)."""
    try:
        version = version_named(case.procedure_version)
    except ProcedureDataError:
        return []
    clocks = []
    if case.verification_due or case.state == CaseState.VERIFYING:
        clock = _clock(
            _("核查期限"),
            case.verification_due,
            None,
            today,
            active=case.state == CaseState.VERIFYING,
            note=case.verification_basis,
        )
        clocks.append(clock)
    if case.filed_on:
        paused = paused_days(case)
        note = []
        if paused:
            note.append(_("已扣除中止期间 {days} 日").format(days=paused))
        if case.extended_days:
            note.append(_("经负责人批准延长 {days} 日").format(days=case.extended_days))
        if case.pauses.filter(ended_on__isnull=True).exists():
            note.append(_("目前中止计算"))
        if case.decision_due is None:
            note.append(case.calendar_note)
        clocks.append(
            _clock(
                _("办案期限（作出处理决定）"),
                case.decision_due,
                version.period("decision_due"),
                today,
                active=case.state in DECISION_CLOCK_STATES,
                note="；".join(note),
            )
        )
    if case.review_due:
        clocks.append(
            _clock(
                _("法制审核期限"),
                case.review_due,
                version.period("legal_review_due"),
                today,
                active=case.state == CaseState.REVIEWING,
            )
        )
    if case.statement_due:
        clocks.append(
            _clock(
                _("陈述申辩期限"),
                case.statement_due,
                version.period("statement_due"),
                today,
                active=case.state == CaseState.NOTIFIED,
            )
        )
    if case.payment_due:
        accrued = late_fee(case, today)
        note = ""
        if accrued:
            note = _("已加处罚款 {amount} 元（每日按罚款数额百分之三，以罚款数额为限）").format(
                amount=accrued
            )
        clocks.append(
            _clock(
                _("缴纳罚款期限"),
                case.payment_due,
                version.period("payment_due"),
                today,
                active=case.state == CaseState.SERVED,
                note=note,
            )
        )
    if case.publicity_due:
        clocks.append(
            _clock(
                _("公示期限"),
                case.publicity_due,
                version.period(publicity_key(case)),
                today,
                active=case.published_on is None,
            )
        )
    for transfer in case.judicial_transfers.filter(answer="pending", received_on__isnull=False):
        period = version.period("judicial_acceptance_due")
        try:
            due = period_deadline(period, transfer.received_on).due
        except CalendarYearNotCovered:
            due = None
        clocks.append(
            _clock(
                _("公安机关审查移送案件（{organ}）").format(organ=transfer.organ),
                due,
                period,
                today,
                note=_("回执编号 {number}").format(number=transfer.receipt_number),
            )
        )
    for measure in case.measures.all():
        note = ""
        if measure.extended_days:
            note = _("经负责人批准延长 {days} 日").format(days=measure.extended_days)
        if measure.ended_on:
            note = _("已于 {on} 作出处理决定：{outcome}").format(
                on=measure.ended_on, outcome=measure.outcome
            )
        clocks.append(
            _clock(
                _("{kind}（{on} 采取）").format(
                    kind=measure.get_kind_display(), on=measure.started_on
                ),
                measure.due,
                version.period(MEASURE_PERIOD[measure.kind]),
                today,
                active=measure.ended_on is None,
                note=note,
            )
        )
    return clocks


def case_timeline(case) -> list[dict]:
    rows = [{"on": case.found_on, "what": _("登记案源"), "detail": case.source_note, "by": ""}]
    for step in case.approvals.select_related("actor"):
        rows.append(
            {
                "on": step.on,
                "what": f"{step.get_subject_display()} · {step.get_stage_display()}"
                + ("" if step.agreed else _("（不同意，退回）")),
                "detail": step.opinion,
                "by": str(step.actor),
            }
        )
    for pause in case.pauses.all():
        detail = pause.reason
        if pause.ended_on:
            detail += _("；{days} 日不计入办案期限").format(days=pause.days)
        rows.append(
            {
                "on": pause.started_on,
                "what": _("中止计算：") + pause.get_kind_display(),
                "detail": detail,
                "by": str(pause.recorded_by),
            }
        )
        if pause.ended_on:
            rows.append({"on": pause.ended_on, "what": _("恢复计算"), "detail": "", "by": ""})
    for transfer in case.transfers.select_related("from_division", "to_division"):
        rows.append(
            {
                "on": transfer.sent_on,
                "what": _("移送"),
                "detail": f"{transfer.from_division.name} → {transfer.to_division.name}："
                f"{transfer.reason}",
                "by": str(transfer.sent_by),
            }
        )
        if transfer.received_on:
            rows.append(
                {
                    "on": transfer.received_on,
                    "what": _("接收移送"),
                    "detail": "",
                    "by": str(transfer.received_by),
                }
            )
    for on, what in (
        (case.notified_on, _("告知")),
        (case.decided_on, _("作出决定")),
        (case.served_on, _("送达")),
        (case.executed_on, _("执行完毕")),
        (case.published_on, _("公示")),
        (case.publicity_withdrawn_on, _("撤回公示")),
        (case.closed_on, _("结案")),
    ):
        if on:
            rows.append({"on": on, "what": what, "detail": "", "by": ""})
    rows.sort(key=lambda row: row["on"])
    return rows
