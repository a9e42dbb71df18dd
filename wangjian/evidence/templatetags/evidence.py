"""``{% evidence_for_subject user "registry.shop" shop.pk %}``: the evidence timeline other apps
embed on a finding, shop or entity page (links only; opening one is logged as an access)."""

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
