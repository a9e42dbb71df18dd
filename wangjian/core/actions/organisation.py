import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wangjian.core.api.authentication import hash_key
from wangjian.core.audit import record_event
from wangjian.core.choices import AuditEventType, OrgUnitKind, Role
from wangjian.core.models import ApiToken, OrgUnit, User
from wangjian.core.roles import STAFF_ROLES


def _require_manager(actor) -> None:
    # actor None is the system itself (installation and demo set-up from the command line).
    if actor is not None and not actor.has_capability("core.manage_org_unit"):
        raise PermissionDenied("无权管理机构和用户 / not permitted to manage org units and users")


def create_org_unit(*, actor, name: str, kind: OrgUnitKind, division, parent=None) -> OrgUnit:
    """Create an org unit inside the actor's jurisdiction.

    Raise ``PermissionDenied`` when the actor may not manage org units or the division lies
    outside their jurisdiction; ``ValidationError`` when a sub-unit's division is outside its
    parent's.
    """
    _require_manager(actor)
    if actor is not None and (
        actor.jurisdiction is None or not actor.jurisdiction.contains(division)
    ):
        raise PermissionDenied("该区划不在您的辖区内 / that division is outside your jurisdiction")
    if parent is not None and not parent.division.contains(division):
        raise ValidationError(
            {
                "division": "下级机构的辖区须在上级机构辖区之内 / a sub-unit's division must lie "
                "inside its parent's"
            }
        )
    with transaction.atomic():
        unit = OrgUnit(name=name, kind=kind, division=division, parent=parent)
        unit.full_clean()
        unit.save()
        record_event(
            actor=actor,
            event_type="core.org_unit_created",
            target=unit,
            division=division,
            after={
                "name": name,
                "kind": kind,
                "division": division.code,
                "parent": parent.pk if parent else None,
            },
        )
    return unit


def create_user(
    *,
    actor,
    username: str,
    password: str,
    role: Role,
    org_unit: OrgUnit | None = None,
    display_name: str = "",
    email: str = "",
) -> User:
    """Create a user. Staff roles must belong to an org unit, which sets their jurisdiction.

    Raise ``ValidationError`` for a staff role without an org unit or an invalid password, and
    ``PermissionDenied`` when the actor may not manage users or the unit is outside their
    jurisdiction.
    """
    _require_manager(actor)
    if role in STAFF_ROLES and org_unit is None:
        raise ValidationError(
            {"org_unit": f"角色 {Role(role).label} 须属于某一机构 / role {role} needs an org unit"}
        )
    if (
        actor is not None
        and org_unit is not None
        and not actor.jurisdiction.contains(org_unit.division)
    ):
        raise PermissionDenied("该机构不在您的辖区内 / that org unit is outside your jurisdiction")
    with transaction.atomic():
        user = User(
            username=username, role=role, org_unit=org_unit, display_name=display_name, email=email
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record_event(
            actor=actor,
            event_type="core.user_created",
            target=user,
            division=org_unit.division if org_unit else None,
            after={
                "username": username,
                "role": role,
                "org_unit": org_unit.pk if org_unit else None,
            },
        )
    return user


@dataclass(frozen=True)
class IssuedToken:
    """A new API token and its key; the key exists only here, to be shown once."""

    token: ApiToken
    key: str


def _require_token_manager(actor, user: User) -> None:
    _require_manager(actor)
    if (
        actor is not None
        and user.org_unit is not None
        and not actor.jurisdiction.contains(user.org_unit.division)
    ):
        raise PermissionDenied("该用户不在您的辖区内 / that user is outside your jurisdiction")


def _new_token(user: User, now, days: int | None) -> IssuedToken:
    # token_urlsafe(32): 256 bits; the prefix only narrows the lookup, the hash decides.
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_at=now,
        expires_at=now + dt.timedelta(days=days or settings.API_TOKEN_LIFETIME_DAYS),
    )
    return IssuedToken(token=token, key=key)


def issue_api_token(*, actor, user: User, days: int | None = None) -> IssuedToken:
    """Issue a new API token for ``user`` (a platform's system, usually), revoking any old one.

    The key is returned once, to hand over; only its SHA-256 is stored, and the audit event
    records that a token was issued but never the key. The token expires after ``days``
    (default ``API_TOKEN_LIFETIME_DAYS``). Raise ``PermissionDenied`` when the actor may not
    manage users or the user is outside their jurisdiction.
    """
    _require_token_manager(actor, user)
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        issued = _new_token(user, now, days)
        record_event(
            actor=actor,
            event_type=AuditEventType.API_TOKEN_ISSUED,
            target=user,
            division=user.org_unit.division if user.org_unit else None,
            after={
                "revoked_previous": bool(revoked),
                "prefix": issued.token.prefix,
                "expires_at": issued.token.expires_at,
            },
        )
    return issued


def rotate_api_token(*, actor, token: ApiToken) -> IssuedToken:
    """Replace ``token`` with a new key; the old key keeps working for the rotation overlap.

    A system rotates its own key with that key (``actor`` is the token's user); a manager may
    rotate any token of a user in their jurisdiction. Raise ``PermissionDenied`` otherwise and
    ``ValidationError`` when the token is already revoked or expired.
    """
    if actor is None or actor.pk != token.user_id:
        _require_token_manager(actor, token.user)
    now = timezone.now()
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None or locked.expires_at <= now:
            raise ValidationError(
                {
                    "token": f"令牌 {locked.prefix}… 已作废或已过期，不能轮换 / token "
                    f"{locked.prefix}… is revoked or expired and cannot be rotated"
                }
            )
        overlap_end = now + dt.timedelta(hours=settings.API_TOKEN_ROTATION_OVERLAP_HOURS)
        locked.expires_at = min(locked.expires_at, overlap_end)
        locked.save(update_fields=["expires_at"])
        issued = _new_token(locked.user, now, None)
        record_event(
            actor=actor,
            event_type=AuditEventType.API_TOKEN_ROTATED,
            target=locked.user,
            division=locked.user.org_unit.division if locked.user.org_unit else None,
            before={"prefix": locked.prefix},
            after={
                "prefix": issued.token.prefix,
                "previous_expires_at": locked.expires_at,
                "expires_at": issued.token.expires_at,
            },
        )
    return issued


def revoke_api_tokens(*, actor, user: User) -> int:
    """Revoke every usable token of ``user`` at once; return how many were revoked."""
    _require_token_manager(actor, user)
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        revoked = list(
            ApiToken.objects.usable(now).filter(user=user).values_list("prefix", flat=True)
        )
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        record_event(
            actor=actor,
            event_type=AuditEventType.API_TOKEN_REVOKED,
            target=user,
            division=user.org_unit.division if user.org_unit else None,
            after={"revoked": revoked},
        )
    return len(revoked)
