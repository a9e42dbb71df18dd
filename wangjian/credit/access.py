"""Detail lookups for credit pages: one 404 for missing, forbidden and out of jurisdiction."""

from wangjian.core.access import get_visible_or_404
from wangjian.credit.models import CreditEvent, CreditListEntry, RepairApplication


def get_credit_entity_for(user, entity_id):
    """The market entity whose credit record the user may see (bureau staff only)."""
    from wangjian.registry.models import MarketEntity

    return get_visible_or_404(MarketEntity.objects, user, "credit.view_record", pk=entity_id)


def get_event_for(user, event_id) -> CreditEvent:
    return get_visible_or_404(CreditEvent.objects, user, "credit.view_record", pk=event_id)


def get_list_entry_for(user, entry_id) -> CreditListEntry:
    return get_visible_or_404(CreditListEntry.objects, user, "credit.view_record", pk=entry_id)


def get_repair_for(user, repair_id) -> RepairApplication:
    return get_visible_or_404(RepairApplication.objects, user, "credit.view_record", pk=repair_id)
