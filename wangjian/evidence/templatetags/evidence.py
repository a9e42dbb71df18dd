"""Tags other apps embed without importing evidence: ``{% evidence_for_subject user
"registry.shop" shop.pk %}``, the evidence timeline of a finding, clue, shop or entity page
(links only; opening one is logged as an access), and ``{% evidence_capture_form … %}``, the
button that captures a page as evidence of that subject."""

from django import template

register = template.Library()


@register.inclusion_tag("evidence/_for_subject.html")
def evidence_for_subject(user, subject_type: str, subject_id) -> dict:
    from wangjian.evidence.models import EvidenceItem

    if not (
        getattr(user, "is_authenticated", False) and user.has_capability("evidence.view_evidence")
    ):
        return {"items": [], "allowed": False}
    items = (
        EvidenceItem.objects.visible_to(user)
        .for_subject(subject_type, str(subject_id))
        .order_by("sealed_at")
    )
    return {
        "items": items,
        "allowed": True,
        "subject_type": subject_type,
        "subject_id": subject_id,
    }


@register.inclusion_tag("evidence/_capture_form.html")
def evidence_capture_form(
    user, url: str, subject_type: str, subject_id, case_reference: str = "", case_reason: str = ""
) -> dict:
    """``{% evidence_capture_form user url "monitoring.clue" clue.pk clue.number reason %}``: a
    button that captures ``url`` as evidence of the subject (a capture job, as on the evidence
    page), for users who may capture; nothing for the others."""
    allowed = (
        getattr(user, "is_authenticated", False)
        and user.has_capability("evidence.capture_evidence")
        and user.jurisdiction is not None
    )
    return {
        "allowed": bool(allowed) and str(url).startswith(("http://", "https://")),
        "url": url,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "case_reference": case_reference,
        "case_reason": case_reason,
    }
