from django.utils import timezone

from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted


def today():
    return timezone.localdate()


def require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise ServiceNotPermitted("无此权限 / not permitted")


def require_entity(actor, entity) -> None:
    """Staff act on entities in their jurisdiction, a merchant on its own; ``None`` is the
    system (command line, demo)."""
    from wangjian.registry.models import MarketEntity

    if actor is not None and not MarketEntity.objects.visible_to(actor).filter(pk=entity.pk):
        raise ServiceNotPermitted(
            "该市场主体不在您的辖区内或不是您的主体 / the entity is outside your jurisdiction or "
            "not yours",
            code=ServiceErrorCode.OUTSIDE_JURISDICTION,
        )
