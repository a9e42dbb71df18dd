"""Sign-in bookkeeping: failed attempts counted in the database, lockout, and their audit events.

A username is locked after ``SIGN_IN_MAX_FAILURES_PER_USERNAME`` failures within
``SIGN_IN_FAILURE_WINDOW_MINUTES``, an address after ``SIGN_IN_MAX_FAILURES_PER_ADDRESS``; the
lock lifts by itself when enough failures have left the window. While locked, the password is
not even checked, so a guesser learns nothing from the answer.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from wangjian.core.audit import record_event
from wangjian.core.choices import AttemptScope, AuditEventType
from wangjian.core.models import FailedAttempt, User


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind ``NUM_PROXIES`` proxies."""
    return BaseThrottle().get_ident(request) or "unknown"


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIGN_IN_FAILURE_WINDOW_MINUTES)


def locked_until(scope: str, key: str, limit: int, window: dt.timedelta, now=None):
    """When the lock on ``key`` lifts, or None when ``key`` has fewer than ``limit`` failures."""
    now = now or timezone.now()
    recent = (
        FailedAttempt.objects.filter(scope=scope, key=key[:150], occurred_at__gt=now - window)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)[limit - 1 : limit]
    )
    oldest_counted = next(iter(recent), None)
    return None if oldest_counted is None else oldest_counted + window


def sign_in_locked_until(*, username: str, address: str, now=None):
    """The later of the username's and the address's lock, or None when neither is locked."""
    window = _window()
    locks = [
        locked_until(
            AttemptScope.SIGN_IN_USERNAME,
            username,
            settings.SIGN_IN_MAX_FAILURES_PER_USERNAME,
            window,
            now,
        ),
        locked_until(
            AttemptScope.SIGN_IN_ADDRESS,
            address,
            settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
            window,
            now,
        ),
    ]
    locks = [lock for lock in locks if lock is not None]
    return max(locks) if locks else None


def _forget_expired(scope: str, key: str, before) -> None:
    """Drop the key's failures that have left the window (they count for nothing any more)."""
    FailedAttempt.objects.filter(scope=scope, key=key, occurred_at__lte=before).delete()


def _division_of(user):
    return user.org_unit.division if user is not None and user.org_unit_id else None


def record_sign_in(*, actor, address: str) -> None:
    """Audit a successful sign-in and forget the username's earlier failures."""
    with transaction.atomic():
        FailedAttempt.objects.filter(
            scope=AttemptScope.SIGN_IN_USERNAME, key=actor.get_username()
        ).delete()
        record_event(
            actor=actor,
            event_type=AuditEventType.SIGNED_IN,
            target=actor,
            division=_division_of(actor),
            after={"address": address},
        )


def record_sign_in_failure(*, username: str, address: str) -> bool:
    """Count a wrong password (or unknown username); return True when it locked something.

    The audit event names the username as typed (an unknown name has no user row) and the
    address; a lockout writes its own event with when it lifts.
    """
    username = username.strip()[:150]
    now = timezone.now()
    window = _window()
    user = User.objects.filter(username=username).select_related("org_unit__division").first()
    division = _division_of(user)
    target = user if user is not None else ("core.user", "", username)
    with transaction.atomic():
        _forget_expired(AttemptScope.SIGN_IN_USERNAME, username, now - window)
        _forget_expired(AttemptScope.SIGN_IN_ADDRESS, address, now - window)
        FailedAttempt.objects.bulk_create(
            [
                FailedAttempt(scope=AttemptScope.SIGN_IN_USERNAME, key=username, occurred_at=now),
                FailedAttempt(scope=AttemptScope.SIGN_IN_ADDRESS, key=address, occurred_at=now),
            ]
        )
        record_event(
            actor=None,
            event_type=AuditEventType.SIGN_IN_FAILED,
            target=target,
            division=division,
            after={"username": username, "address": address, "known_user": user is not None},
        )
        locked = False
        for scope, key, limit in (
            (AttemptScope.SIGN_IN_USERNAME, username, settings.SIGN_IN_MAX_FAILURES_PER_USERNAME),
            (AttemptScope.SIGN_IN_ADDRESS, address, settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS),
        ):
            count = FailedAttempt.objects.filter(
                scope=scope, key=key, occurred_at__gt=now - window
            ).count()
            if count == limit:
                locked = True
                record_event(
                    actor=None,
                    event_type=AuditEventType.SIGN_IN_LOCKED,
                    target=target if scope == AttemptScope.SIGN_IN_USERNAME else None,
                    division=division if scope == AttemptScope.SIGN_IN_USERNAME else None,
                    after={
                        "scope": scope,
                        "key": key,
                        "failures": count,
                        "until": locked_until(scope, key, limit, window, now),
                    },
                )
    return locked


def record_failed_attempt(*, scope: str, key: str, window: dt.timedelta, now=None) -> int:
    """Count one failed attempt against ``key``; return the failures within ``window``.

    Runs inside the caller's transaction when there is one, so the caller's audit event and
    the count commit together.
    """
    now = now or timezone.now()
    key = key[:150]
    with transaction.atomic():
        _forget_expired(scope, key, now - window)
        FailedAttempt.objects.create(scope=scope, key=key, occurred_at=now)
        return FailedAttempt.objects.filter(
            scope=scope, key=key, occurred_at__gt=now - window
        ).count()
