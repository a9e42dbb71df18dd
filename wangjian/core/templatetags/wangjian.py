from django import template

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """``{% if user|can:"core.view_audit_event" %}``: the role check templates may use."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_capability(capability)
