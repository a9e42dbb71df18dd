"""Notices as PDF (受理通知书, 不予受理告知书, 终止调解告知书) from templates, rendered by
WeasyPrint with the Debian fonts-noto-cjk fonts. The citation printed is the one stored on the
record's clock or taken from its rule version, so a notice names the rule that applied when the
record was received."""

from django.template.loader import render_to_string
from django.utils import timezone

from wangjian.complaints.choices import State
from wangjian.complaints.rules import citation_for, rule_version

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
        "ground_citation": citation_for(ground.basis) if ground else "",
        "accept_citation": citation_for(accept_clock.basis, accept_clock.citation),
        "mediation": complaint.clocks.filter(step="mediation_end").first(),
        "issued_on": complaint.decided_on or timezone.localdate(),
        "unconfirmed": accept_clock.status == "unconfirmed",
    }


def render_document_pdf(complaint, kind: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(DOCUMENTS[kind][1], document_context(complaint, kind))
    return HTML(string=html).write_pdf()
