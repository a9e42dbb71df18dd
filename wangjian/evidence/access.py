from wangjian.core.access import get_visible_or_404
from wangjian.evidence.models import EvidenceItem


def get_evidence_item_for(user, evidence_id) -> EvidenceItem:
    """Raise Http404 when the item is missing, outside the jurisdiction or not for this role."""
    return get_visible_or_404(
        EvidenceItem.objects.select_related("division", "collected_by"),
        user,
        "evidence.view_evidence",
        pk=evidence_id,
    )
