from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

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


@register.filter
def citation(key) -> str:
    """``{{ key|citation }}``: a legal-basis key in words (《广告法》第五十七条), the key itself
    only in the tooltip. A list of keys is joined with 、."""
    from wangjian.core.legal_catalogue import in_words

    if not key:
        return ""
    if isinstance(key, list | tuple):
        return format_html_join("、", "{}", ((citation(one),) for one in key if one))
    words = in_words(key)
    if words == str(key):
        return words
    return format_html('<span title="{}">{}</span>', key, words)


@register.filter
def period(value, unit: str = "") -> str:
    """``{{ amount|period:unit }}``: a period in words — "20个工作日", "3个月" — for a unit named
    as the rules data names it (``working_days``, ``calendar_days``, ``months``, ``years``)."""
    return period_in_words(value, unit)


UNITS = {
    "working_days": lambda n: ngettext("%(n)s个工作日", "%(n)s个工作日", n),
    "working_day": lambda n: ngettext("%(n)s个工作日", "%(n)s个工作日", n),
    "calendar_days": lambda n: ngettext("%(n)s日", "%(n)s日", n),
    "days": lambda n: ngettext("%(n)s日", "%(n)s日", n),
    "day": lambda n: ngettext("%(n)s日", "%(n)s日", n),
    "months": lambda n: ngettext("%(n)s个月", "%(n)s个月", n),
    "month": lambda n: ngettext("%(n)s个月", "%(n)s个月", n),
    "years": lambda n: ngettext("%(n)s年", "%(n)s年", n),
    "year": lambda n: ngettext("%(n)s年", "%(n)s年", n),
}


def period_in_words(value, unit: str) -> str:
    if value in (None, ""):
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    words = UNITS.get(str(unit))
    if words is None:
        return gettext("%(n)s（%(unit)s）") % {"n": number, "unit": unit}
    return words(number) % {"n": number}


@register.filter
def visible_to(obj, user) -> bool:
    """``{% if case.entity|visible_to:user %}``: link a related record only when the reader may
    open it — the same ``visible_to`` queryset its page reads through, so no link leads to the
    "not found" a forbidden record answers with."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=obj.pk).exists()


@register.filter
def one_language(text) -> str:
    """``{{ message|one_language }}``: a "中文 / English" message in the reader's language."""
    from wangjian.core.messages import in_active_language

    return in_active_language(text)


@register.filter
def audit_event_label(event_type: str) -> str:
    """The audit event type's label in the active language; the raw key belongs in a title."""
    from wangjian.core.audit_types import event_label

    return event_label(event_type)
