"""Notices as PDF (受理通知书, 不予受理告知书, 终止调解告知书) from templates, rendered by
WeasyPrint with the Debian fonts-noto-cjk fonts. The citation printed is the one stored on the
record's clock or taken from its rule version, so a notice names the rule that applied when the
record was received.

A notice goes to the parties, so it carries neither a blank deadline nor the data's verification
remarks (``wangjian.core.documents``): an acceptance notice whose mediation period has no date is
refused, and citations are printed without their "未核实" notes (staff see them on the record).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from wangjian.complaints.choices import State
from wangjian.complaints.rules import citation_for, rule_version
from wangjian.core.documents import (
    DocumentNotIssuable,
    check_outgoing,
    missing_calendar_message,
    public_citation,
)

DOCUMENTS = {
    "acceptance": ("受理通知书", "complaints/documents/acceptance.html"),
    "non_acceptance": ("不予受理告知书", "complaints/documents/non_acceptance.html"),
    "termination": ("终止调解告知书", "complaints/documents/termination.html"),
}
ALLOWED_STATES = {
    "acceptance": {State.MEDIATING, State.AGREED, State.TERMINATED},
    "non_acceptance": {State.NOT_ACCEPTED},
    "termination": {State.TERMINATED},
}


def document_available(complaint, kind: str) -> bool:
    return kind in DOCUMENTS and complaint.state in ALLOWED_STATES[kind]


def document_context(complaint, kind: str) -> dict:
    version = rule_version(complaint.rule_version)
    ground = None
    if complaint.decision_ground and kind != "acceptance":
        ground = version.ground(complaint.decision_ground, termination=kind == "termination")
    accept_clock = version.clock("accept_decision")
    return {
        "title": DOCUMENTS[kind][0],
        "complaint": complaint,
        "version": version,
        "ground": ground,
        "ground_citation": public_citation(citation_for(ground.basis)) if ground else "",
        "accept_citation": public_citation(citation_for(accept_clock.basis, accept_clock.citation)),
        "mediation": complaint.clocks.filter(step="mediation_end").first(),
        "issued_on": complaint.decided_on or timezone.localdate(),
    }


def check_document(complaint, kind: str) -> None:
    """Raise ``DocumentNotIssuable`` when the notice would print a blank deadline."""
    if kind != "acceptance":
        return
    mediation = complaint.clocks.filter(step="mediation_end").first()
    if mediation is not None and mediation.due_on is None:
        raise DocumentNotIssuable(
            f"{complaint.receipt_number} {DOCUMENTS[kind][0]}："
            + missing_calendar_message(mediation.pending_year, action="出具")
        )


def render_document_html(complaint, kind: str) -> str:
    check_document(complaint, kind)
    html = render_to_string(DOCUMENTS[kind][1], document_context(complaint, kind))
    return check_outgoing(html, title=f"{complaint.receipt_number} {DOCUMENTS[kind][0]}")


def render_document_pdf(complaint, kind: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document_html(complaint, kind)).write_pdf()
