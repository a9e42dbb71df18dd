"""Tags other apps embed without importing platforms: ``{% platform_action_requests user
"finding" finding %}`` on a monitoring finding or clue page lists the take-down / rectification
requests sent to the platform about it and, for a regulator who may send one, the form."""

from django import template

register = template.Library()


@register.inclusion_tag("platforms/_action_request_form.html")
def platform_action_requests(user, source_kind: str, source) -> dict:
    from wangjian.platforms.choices import ActionKind
    from wangjian.platforms.models import PlatformActionRequest

    if not (
        getattr(user, "is_authenticated", False) and user.has_capability("platforms.view_platform")
    ):
        return {"shown": False}
    shop = getattr(source, "shop", None)
    platform = shop.platform if shop is not None and shop.platform_id else None
    requests = PlatformActionRequest.objects.visible_to(user).filter(**{source_kind: source})
    return {
        "shown": True,
        "platform": platform,
        "requests": requests,
        "can_request": platform is not None
        and user.has_capability("platforms.request_action")
        and (source_kind != "finding" or source.state == "confirmed"),
        "unconfirmed": source_kind == "finding" and source.state != "confirmed",
        "action_url": f"platforms:request-action-{source_kind}",
        "source": source,
        "kinds": ActionKind.choices,
    }
