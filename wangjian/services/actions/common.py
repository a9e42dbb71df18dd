from django.core.exceptions import PermissionDenied
from django.utils import timezone


def today():
    return timezone.localdate()


def require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise PermissionDenied("无此权限 / not permitted")


def require_entity(actor, entity) -> None:
    """Staff act on entities in their jurisdiction, a merchant on its own; ``None`` is the
    system (command line, demo)."""
    from wangjian.registry.models import MarketEntity

    if actor is not None and not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk):
        raise PermissionDenied(
            "该市场主体不在您的辖区内或不是您的主体 / the entity is outside your jurisdiction or "
            "not yours"
        )
