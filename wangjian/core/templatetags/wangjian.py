from django import template

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """``{% if user|can:"core.view_audit_event" %}``: the role check templates may use."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_capability(capability)


@register.filter
def public_citation(text) -> str:
    """A citation as printed on an outgoing document: without staff-only verification notes."""
    from wangjian.core.documents import public_citation as strip_notes

    return strip_notes(text)
