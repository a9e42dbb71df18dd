"""Asking a platform to take a listing down from a monitoring finding, for apps that sit beside
the platforms app (services) and so may not import it.

The platforms app registers its action here when it starts (``TAKEDOWN_REQUESTERS``, see
``platforms.apps``); callers use ``request_takedown``, which runs it in the caller's transaction
and returns what the caller keeps of the platform's request.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class TakedownReference:
    request_id: int
    platform_name: str
    subject: str
    due_on: dt.date


TAKEDOWN_REQUESTERS: list[Callable[..., TakedownReference]] = []


def request_takedown(*, actor, finding, reason: str) -> TakedownReference:
    """Raise ``ImproperlyConfigured`` when no app handles take-down requests; the registered
    action's own errors (``ValidationError``, ``PermissionDenied``) pass through."""
    if not TAKEDOWN_REQUESTERS:
        raise ImproperlyConfigured("no app handles platform take-down requests")
    return TAKEDOWN_REQUESTERS[0](actor=actor, finding=finding, reason=reason)
