"""Registry of audit event types (审计事件类型) and their labels.

Each wangjian app lists its labelled ``TextChoices`` in ``<app>/audit_types.py`` as
``AUDIT_EVENT_TYPES``; the audit log shows the label instead of the stored key. Events written
before a type was labelled, or by code since removed, still display, under a neutral label.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext

from wangjian.core.choices import AuditEventType

AUDIT_EVENT_TYPES = (AuditEventType,)


def registered_enums() -> list[type]:
    enums = []
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("wangjian."):
            continue
        module_name = f"{app_config.name}.audit_types"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        enums.extend(module.AUDIT_EVENT_TYPES)
    return enums


@cache
def registered_labels() -> dict:
    """Map every registered event type to its lazy label (translated when rendered)."""
    labels = {}
    for enum in registered_enums():
        for value, label in enum.choices:
            labels.setdefault(value, label)
    return labels


def is_registered(event_type: str) -> bool:
    return event_type in registered_labels()


def event_label(event_type: str) -> str:
    label = registered_labels().get(event_type)
    if label is not None:
        return str(label)
    return gettext("其他事件（%(type)s）") % {"type": event_type}


def event_type_choices() -> list[tuple[str, str]]:
    """(type, label) pairs in the active language, sorted by label, for filters."""
    return sorted(
        ((value, str(label)) for value, label in registered_labels().items()),
        key=lambda pair: pair[1],
    )
