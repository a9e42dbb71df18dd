"""Entity links and flags decided by a handler."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.registry.actions.common import _refresh_entity_search, _require
from wangjian.registry.choices import FlagState, LinkState
from wangjian.registry.error_codes import RegistryErrorCode, RegistryRefused
from wangjian.registry.models import EntityLink, Flag

# --------------------------------------------------------------------------------------------
# Entity links and flags


def decide_link(*, actor, link: EntityLink, confirm: bool, reason: str = "") -> EntityLink:
    """Confirm or reject a proposed shop → entity link; confirming sets the shop's entity.

    Raise ``PermissionDenied`` when the actor may not resolve entities.
    """
    _require(actor, "registry.resolve_entities")
    with transaction.atomic():
        link = EntityLink.objects.select_for_update().select_related("shop").get(pk=link.pk)
        before = {"state": link.state, "shop_entity": link.shop.entity_id}
        link.previous_state = link.state
        link.state = LinkState.CONFIRMED if confirm else LinkState.REJECTED
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["state", "previous_state", "decided_by", "decided_at"])
        shop = link.shop
        if confirm:
            shop.entity_id = link.entity_id
        elif shop.entity_id == link.entity_id:
            shop.entity_id = None
        shop.save(update_fields=["entity_id"])
        _refresh_entity_search({link.entity_id})
        record_event(
            actor=actor,
            event_type="registry.entity_link_decided",
            target=link,
            division=shop.division,
            before=before,
            after={"state": link.state, "shop_entity": shop.entity_id},
            reason=reason,
        )
    return link


def reverse_link_decision(*, actor, link: EntityLink, reason: str) -> EntityLink:
    """Undo a regulator's decision: the link returns to its state before it, the shop's entity
    to what that state implies. Raise ``ValidationError`` when the link was never decided."""
    _require(actor, "registry.resolve_entities")
    if not reason.strip():
        raise RegistryRefused(
            "撤销决定须说明理由 / give a reason for reversing the decision",
            code=RegistryErrorCode.REASON_MISSING,
        )
    with transaction.atomic():
        link = EntityLink.objects.select_for_update().select_related("shop").get(pk=link.pk)
        if link.state not in (LinkState.CONFIRMED, LinkState.REJECTED):
            raise RegistryRefused(
                f"关联 #{link.pk} 尚未决定，无可撤销 / link #{link.pk} has no decision to reverse"
            )
        before = {"state": link.state, "shop_entity": link.shop.entity_id}
        link.state, link.previous_state = link.previous_state or LinkState.PENDING, link.state
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["state", "previous_state", "decided_by", "decided_at"])
        shop = link.shop
        if link.state == LinkState.AUTOMATIC:
            shop.entity_id = link.entity_id
        elif shop.entity_id == link.entity_id:
            shop.entity_id = None
        shop.save(update_fields=["entity_id"])
        _refresh_entity_search({link.entity_id})
        record_event(
            actor=actor,
            event_type="registry.entity_link_reversed",
            target=link,
            division=shop.division,
            before=before,
            after={"state": link.state, "shop_entity": shop.entity_id},
            reason=reason,
        )
    return link


def close_flag(*, actor, flag: Flag, reason: str) -> Flag:
    _require(actor, "registry.manage_flags")
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        flag.state = FlagState.CLOSED
        flag.closed_at = timezone.now()
        flag.save(update_fields=["state", "closed_at"])
        record_event(
            actor=actor,
            event_type="registry.flag_closed",
            target=flag,
            division=flag.division,
            before={"state": FlagState.OPEN},
            after={"state": FlagState.CLOSED},
            reason=reason,
        )
    return flag
