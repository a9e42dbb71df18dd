"""Detail lookups for the registry: the same 404 for missing, forbidden and out-of-scope."""

from wangjian.core.access import get_visible_or_404, not_found
from wangjian.registry.models import (
    EntityLink,
    Flag,
    MarketEntity,
    OnlineShop,
    Platform,
    Referral,
    Submission,
)

__all__ = [
    "get_entity_for",
    "get_entity_link_for",
    "get_flag_for",
    "get_platform_for",
    "get_referral_for",
    "get_shop_for",
    "get_submission_for",
    "not_found",
]


def get_entity_for(user, entity_id) -> MarketEntity:
    return get_visible_or_404(MarketEntity.objects, user, "registry.view_entity", pk=entity_id)


def get_shop_for(user, shop_id) -> OnlineShop:
    return get_visible_or_404(OnlineShop.objects, user, "registry.view_shop", pk=shop_id)


def get_platform_for(user, platform_id) -> Platform:
    return get_visible_or_404(Platform.objects, user, "registry.view_platform", pk=platform_id)


def get_submission_for(user, submission_id) -> Submission:
    return get_visible_or_404(
        Submission.objects, user, "registry.view_submission", pk=submission_id
    )


def get_flag_for(user, flag_id) -> Flag:
    capability = "registry.view_flag"
    if user is not None and user.is_authenticated and user.has_capability("registry.respond_flag"):
        capability = "registry.respond_flag"
    return get_visible_or_404(Flag.objects, user, capability, pk=flag_id)


def get_referral_for(user, referral_id) -> Referral:
    return get_visible_or_404(Referral.objects, user, "registry.view_flag", pk=referral_id)


def get_entity_link_for(user, link_id) -> EntityLink:
    return get_visible_or_404(EntityLink.objects, user, "registry.resolve_entities", pk=link_id)
