"""Case documents (文书) as PDF, rendered like monitoring's 案件来源登记表 (WeasyPrint with the
Debian fonts-noto-cjk fonts; the bureau's name from monitoring's ``bureau_name``).

A document leaves the bureau, so it is refused when a deadline it must state is blank, and it
carries no internal note (no approval opinions beyond the head's signature line, no engine
answer, no officer's working notes)."""

from django.template.loader import render_to_string
from django.utils import timezone

from wangjian.enforcement.actions.common import EnforcementError
from wangjian.enforcement.choices import ErrorCode, Outcome, Stage, Subject
from wangjian.enforcement.procedure import version_named

CASE_DOCUMENTS = {
    "filing-approval": "立案审批表",
    "no-filing-approval": "不予立案审批表",
    "service-receipt": "送达回证",
    "closing-approval": "结案审批表",
    "penalty-notice": "行政处罚告知书",
    "hearing-notice": "行政处罚听证告知书",
    "hearing-record": "听证笔录",
    "penalty-decision": "行政处罚决定书",
    "no-penalty-decision": "不予行政处罚决定书",
}


def _legal_rows(keys) -> list[dict]:
    from wangjian.monitoring import rulebook

    return list(rulebook.legal_texts([key for key in keys if key]).values())


def available_documents(case) -> list[tuple[str, str]]:
    """The documents the case's stage allows, as (slug, title)."""
    slugs = []
    filing = case.approvals.filter(subject=Subject.FILING, stage=Stage.PROPOSE).last()
    if filing is not None:
        slugs.append("filing-approval" if filing.payload.get("file") else "no-filing-approval")
    if case.notified_on and case.outcome == Outcome.PENALTY:
        slugs.append("penalty-notice")
        from wangjian.enforcement.actions.cases import hearing_right

        if hearing_right(case):
            slugs.append("hearing-notice")
    if case.hearings.exists():
        slugs.append("hearing-record")
    if case.decided_on and case.outcome == Outcome.PENALTY:
        slugs.append("penalty-decision")
    if case.decided_on and case.outcome == Outcome.NO_PENALTY:
        slugs.append("no-penalty-decision")
    if case.served_on:
        slugs.append("service-receipt")
    if case.approvals.filter(subject=Subject.CLOSING).exists():
        slugs.append("closing-approval")
    return [(slug, CASE_DOCUMENTS[slug]) for slug in slugs]


def _require(case, title: str, values: dict) -> None:
    blank = [label for label, value in values.items() if value in (None, "")]
    if blank:
        raise EnforcementError(
            ErrorCode.BLANK_DEADLINE,
            f"{title}（案件 {case.display_number}）",
            f"{'、'.join(blank)}为空",
            f"{', '.join(blank)} blank",
            field="deadline",
        )


def _signature(case, subject):
    return (
        case.approvals.filter(subject=subject, stage=Stage.APPROVE, agreed=True)
        .select_related("actor")
        .last()
    )


def document_context(case, slug: str) -> dict:
    from wangjian.monitoring.documents import bureau_name

    if slug not in dict(available_documents(case)):
        raise EnforcementError(
            ErrorCode.WRONG_STATE,
            f"案件 {case.display_number}",
            f"当前阶段不能出具{CASE_DOCUMENTS.get(slug, slug)}",
            f"{slug} is not available at this stage",
            field="document",
        )
    title = CASE_DOCUMENTS[slug]
    version = version_named(case.procedure_version)
    context = {
        "case": case,
        "title": title,
        "bureau": bureau_name(case.division),
        "violated": _legal_rows(case.violated_articles),
        "penalty_basis": _legal_rows([case.penalty_article]),
        "generated_at": timezone.localtime(),
        "version": version,
    }
    if slug in ("filing-approval", "no-filing-approval", "closing-approval"):
        subject = Subject.CLOSING if slug == "closing-approval" else Subject.FILING
        if subject == Subject.FILING:
            _require(case, title, {"核查期限": case.verification_due})
        steps = case.approvals.filter(subject=subject).select_related("actor")
        last_round = steps.last().round
        context["steps"] = [step for step in steps if step.round == last_round]
        context["decision_period"] = version.period("decision_due")
        context["closing"] = subject == Subject.CLOSING
    elif slug == "service-receipt":
        _require(case, title, {"送达日期": case.served_on, "决定书文号": case.decision_number})
        context["served_document"] = (
            CASE_DOCUMENTS["penalty-decision"]
            if case.outcome == Outcome.PENALTY
            else CASE_DOCUMENTS["no-penalty-decision"]
        )
    elif slug == "penalty-notice":
        _require(case, title, {"陈述申辩期限": case.statement_due})
        context["statement_period"] = version.period("statement_due")
        from wangjian.enforcement.actions.cases import hearing_right

        context["hearing_right"] = hearing_right(case)
        context["hearing_rule"] = version.hearing
    elif slug == "hearing-notice":
        _require(case, title, {"听证要求期限": case.statement_due})
        context["request_period"] = version.period("statement_due")
        context["hearing_rule"] = version.hearing
    elif slug == "hearing-record":
        context["hearing"] = case.hearings.select_related("host").last()
    elif slug in ("penalty-decision", "no-penalty-decision"):
        _require(case, title, {"决定日期": case.decided_on, "决定书文号": case.decision_number})
        if case.outcome == Outcome.PENALTY and "fine" in case.penalty_kinds:
            context["payment_period"] = version.period("payment_due")
        context["signature"] = _signature(case, Subject.DECISION)
    return context


def _outgoing(html: str, record, title: str) -> str:
    """The document's HTML, refused if a staff-only verification note is still in it."""
    from wangjian.core.documents import DocumentNotIssuable, check_outgoing

    number = getattr(record, "display_number", "") or getattr(record, "number", "")
    try:
        return check_outgoing(html, title=f"{title} {number}".strip())
    except DocumentNotIssuable as error:
        raise EnforcementError(
            ErrorCode.INVALID, f"{title} {number}", str(error), str(error), field="document"
        ) from error


def render_case_document(case, slug: str) -> bytes:
    from weasyprint import HTML

    context = document_context(case, slug)
    template = "filing-approval" if slug in ("no-filing-approval", "closing-approval") else slug
    html = render_to_string(f"enforcement/documents/{template}.html", context)
    return HTML(string=_outgoing(html, case, context["title"])).write_pdf()


def render_guidance_document(guidance) -> bytes:
    """责令改正通知书 / 约谈通知书 / 提醒告诫函 … of a guidance record."""
    from weasyprint import HTML

    from wangjian.monitoring.documents import bureau_name

    title = guidance.get_kind_display()
    if guidance.kind == "rectification" and guidance.rectification_due is None:
        raise EnforcementError(
            ErrorCode.BLANK_DEADLINE,
            f"{title} {guidance.number}",
            "改正期限为空",
            "the rectification deadline is blank",
            field="rectification_due",
        )
    if guidance.kind == "interview" and not guidance.meeting_at:
        raise EnforcementError(
            ErrorCode.BLANK_DEADLINE,
            f"{title} {guidance.number}",
            "约谈时间为空",
            "the interview time is blank",
            field="meeting_at",
        )
    context = {
        "guidance": guidance,
        "title": title,
        "bureau": bureau_name(guidance.division),
        "legal": _legal_rows(guidance.legal_basis),
        "generated_at": timezone.localtime(),
    }
    html = render_to_string("enforcement/documents/guidance.html", context)
    return HTML(string=_outgoing(html, guidance, title)).write_pdf()


def render_record_document(record) -> bytes:
    """询问笔录 / 现场检查笔录 of a case record."""
    from weasyprint import HTML

    from wangjian.monitoring.documents import bureau_name

    case = record.case
    context = {
        "case": case,
        "record": record,
        "attachments": list(record.attachments.all()),
        "title": record.get_kind_display(),
        "bureau": bureau_name(case.division),
        "generated_at": timezone.localtime(),
    }
    html = render_to_string("enforcement/documents/case-record.html", context)
    return HTML(string=_outgoing(html, case, context["title"])).write_pdf()
