"""Detail lookups: the same 404 for missing, out-of-jurisdiction and not permitted."""

from wangjian.core.access import get_visible_or_404
from wangjian.monitoring.models import Clue, Finding, ScanBatch


def get_finding_for(user, finding_id) -> Finding:
    return get_visible_or_404(
        Finding.objects.select_related("item", "shop", "entity", "clue", "batch"),
        user,
        "monitoring.view_finding",
        pk=finding_id,
    )


def get_triageable_finding_for(user, finding_id) -> Finding:
    return get_visible_or_404(Finding.objects, user, "monitoring.triage", pk=finding_id)


def get_batch_for(user, batch_id) -> ScanBatch:
    return get_visible_or_404(
        ScanBatch.objects.select_related("platform"), user, "monitoring.view_batch", pk=batch_id
    )


def get_clue_for(user, clue_id) -> Clue:
    return get_visible_or_404(
        Clue.objects.select_related("entity", "shop"), user, "monitoring.view_finding", pk=clue_id
    )


def get_reopenable_finding_for(user, finding_id) -> Finding:
    """For the section head's reopening of a dismissal."""
    return get_visible_or_404(Finding.objects, user, "monitoring.decide_clue", pk=finding_id)


def get_decidable_clue_for(user, clue_id) -> Clue:
    """For the section head's extension and decision."""
    return get_visible_or_404(Clue.objects, user, "monitoring.decide_clue", pk=clue_id)
