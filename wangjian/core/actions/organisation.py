import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
from wangjian.core.api.authentication import hash_key
from wangjian.core.audit import record_event
from wangjian.core.choices import AuditEventType, OrgUnitKind, Role
from wangjian.core.error_codes import CoreErrorCode
from wangjian.core.models import ApiToken, OrgUnit, User
from wangjian.core.roles import STAFF_ROLES


def _require_manager(actor) -> None:
    # actor None is the system itself (installation and demo set-up from the command line).
    if actor is not None and not actor.has_capability("core.manage_org_unit"):
        raise CoreNotPermitted(
            "无权管理机构和用户 / not permitted to manage org units and users",
        )


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
        raise CoreNotPermitted(
            "该区划不在您的辖区内 / that division is outside your jurisdiction",
            code=CoreErrorCode.OUTSIDE_JURISDICTION,
        )
    if parent is not None and not parent.division.contains(division):
        raise CoreRefused(
            "下级机构的辖区须在上级机构辖区之内 / a sub-unit's division must lie "
            "inside its parent's",
            code=CoreErrorCode.DIVISION_OUTSIDE_PARENT,
            field="division",
        )
    with transaction.atomic():
        unit = OrgUnit(name=name, kind=kind, division=division, parent=parent)
        unit.full_clean()
        unit.save()
        record_event(
            actor=actor,
            event_type=AuditEventType.ORG_UNIT_CREATED,
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
        raise CoreRefused(
            f"角色 {Role(role).label} 须属于某一机构 / role {role} needs an org unit",
            code=CoreErrorCode.ROLE_NEEDS_ORG_UNIT,
            field="org_unit",
        )
    if (
        actor is not None
        and org_unit is not None
        and not actor.jurisdiction.contains(org_unit.division)
    ):
        raise CoreNotPermitted(
            "该机构不在您的辖区内 / that org unit is outside your jurisdiction",
            code=CoreErrorCode.OUTSIDE_JURISDICTION,
        )
    with transaction.atomic():
        user = User(
            username=username, role=role, org_unit=org_unit, display_name=display_name, email=email
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record_event(
            actor=actor,
            event_type=AuditEventType.USER_CREATED,
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
        raise CoreNotPermitted(
            "该用户不在您的辖区内 / that user is outside your jurisdiction",
            code=CoreErrorCode.OUTSIDE_JURISDICTION,
        )


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
            raise CoreRefused(
                f"令牌 {locked.prefix}… 已作废或已过期，不能轮换 / token "
                f"{locked.prefix}… is revoked or expired and cannot be rotated",
                code=CoreErrorCode.TOKEN_NOT_ROTATABLE,
                field="token",
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


# --------------------------------------------------------------------------------------------
# People administration (人员管理): edits, deactivation and password resets by the system
# administrator of a division. Users are never deleted: a deactivated account keeps its audit
# trail and can be reactivated.

# Roles that act for an outside organisation or for themselves: an org unit would give them a
# jurisdiction (User.jurisdiction), so they must have none.
ROLES_WITHOUT_ORG_UNIT = frozenset({Role.PLATFORM_OPERATOR, Role.MERCHANT, Role.CONSUMER})


def _require_over(actor, division, what: str) -> None:
    _require_manager(actor)
    if actor is None:
        return
    if actor.jurisdiction is None or division is None or not actor.jurisdiction.contains(division):
        raise CoreNotPermitted(
            f"{what}不在您的辖区内 / {what} is outside your jurisdiction",
            code=CoreErrorCode.OUTSIDE_JURISDICTION,
        )


def _user_state(user: User) -> dict:
    return {
        "role": user.role,
        "org_unit": user.org_unit_id,
        "display_name": user.display_name,
        "email": user.email,
        "is_active": user.is_active,
    }


def update_user(
    *, actor, user: User, role: Role, org_unit: OrgUnit | None, display_name: str, email: str
) -> User:
    """Change a user's role, org unit, name or e-mail; before and after are audited.

    Staff roles need an org unit; platform, merchant and consumer accounts may have none (an org
    unit would give them a jurisdiction). Raise ``PermissionDenied`` unless both the user's
    current and new org units lie in the actor's jurisdiction.
    """
    _require_over(actor, user.org_unit.division if user.org_unit else None, "该用户")
    if org_unit is not None:
        _require_over(actor, org_unit.division, "该机构")
    if role in STAFF_ROLES and org_unit is None:
        raise CoreRefused(
            f"角色 {Role(role).label} 须属于某一机构 / role {role} needs an org unit",
            code=CoreErrorCode.ROLE_NEEDS_ORG_UNIT,
            field="org_unit",
        )
    if role in ROLES_WITHOUT_ORG_UNIT and org_unit is not None:
        raise CoreRefused(
            f"角色 {Role(role).label} 不得属于监管机构（否则将获得辖区权限）/ role "
            f"{role} may not belong to an org unit",
            code=CoreErrorCode.ROLE_WITHOUT_ORG_UNIT,
            field="org_unit",
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _user_state(user)
        user.role, user.org_unit, user.display_name, user.email = (
            role,
            org_unit,
            display_name.strip(),
            email.strip(),
        )
        user.full_clean(exclude=["password"])
        after = _user_state(user)
        changed = [key for key in before if before[key] != after[key]]
        if not changed:
            return user
        user.save(update_fields=["role", "org_unit", "display_name", "email"])
        record_event(
            actor=actor,
            event_type=AuditEventType.USER_UPDATED,
            target=user,
            division=org_unit.division if org_unit else None,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return user


def _division_of(user: User, scope_division):
    # Accounts without an org unit (platform, merchant) are administered where what they act
    # for is registered; the calling app (registry) establishes that and passes it.
    return user.org_unit.division if user.org_unit else scope_division


def set_user_active(*, actor, user: User, active: bool, reason: str, scope_division=None) -> User:
    """Deactivate (or reactivate) an account; a reason is required and audited. Deactivation
    also revokes the account's API token.

    Raise ``ValidationError`` when deactivating oneself or without a reason.
    """
    _require_over(actor, _division_of(user, scope_division), "该用户")
    if actor is not None and actor.pk == user.pk and not active:
        raise CoreRefused(
            "不能停用自己的账号 / you cannot deactivate your own account",
            code=CoreErrorCode.OWN_ACCOUNT,
        )
    if not reason.strip():
        raise CoreRefused(
            "请填写停用或启用的理由 / a reason is required", code=CoreErrorCode.REASON_MISSING
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        record_event(
            actor=actor,
            event_type=AuditEventType.USER_ACTIVATED if active else AuditEventType.USER_DEACTIVATED,
            target=user,
            division=_division_of(user, scope_division),
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason.strip(),
        )
    return user


def reset_password(*, actor, user: User, scope_division=None) -> str:
    """Set a new random temporary password and return it once, to hand over in person.

    The audit event records the reset, never the password.
    """
    import secrets

    _require_over(actor, _division_of(user, scope_division), "该用户")
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    password = "".join(secrets.choice(alphabet) for _ in range(14))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(
            actor=actor,
            event_type=AuditEventType.PASSWORD_RESET,
            target=user,
            division=_division_of(user, scope_division),
            after={"reset": True},
        )
    return password


def set_org_unit_active(*, actor, unit: OrgUnit, active: bool, reason: str) -> OrgUnit:
    """Deactivate (or reactivate) an org unit; one with active members cannot be deactivated."""
    _require_over(actor, unit.division, "该机构")
    if not reason.strip():
        raise CoreRefused(
            "请填写停用或启用的理由 / a reason is required", code=CoreErrorCode.REASON_MISSING
        )
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if unit.is_active == active:
            return unit
        if not active and unit.members.filter(is_active=True).exists():
            raise CoreRefused(
                f"机构 {unit.name} 仍有启用的用户，请先停用或调出 / org unit {unit.name} still has "
                "active users",
                code=CoreErrorCode.UNIT_HAS_ACTIVE_USERS,
            )
        unit.is_active = active
        unit.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            event_type=AuditEventType.ORG_UNIT_ACTIVATED
            if active
            else AuditEventType.ORG_UNIT_DEACTIVATED,
            target=unit,
            division=unit.division,
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason.strip(),
        )
    return unit
