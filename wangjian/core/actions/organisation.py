from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.models import OrgUnit, User
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


def issue_api_token(*, actor, user: User):
    """Issue a new API token for ``user`` (a platform's system, usually), revoking any old one.

    The key is returned once, to hand over; the audit event records that a token was issued
    but never the key. Raise ``PermissionDenied`` when the actor may not manage users or the
    user is outside their jurisdiction.
    """
    from rest_framework.authtoken.models import Token

    _require_manager(actor)
    if (
        actor is not None
        and user.org_unit is not None
        and not actor.jurisdiction.contains(user.org_unit.division)
    ):
        raise PermissionDenied("该用户不在您的辖区内 / that user is outside your jurisdiction")
    with transaction.atomic():
        revoked = Token.objects.filter(user=user).delete()[0]
        token = Token.objects.create(user=user)
        record_event(
            actor=actor,
            event_type="core.api_token_issued",
            target=user,
            division=user.org_unit.division if user.org_unit else None,
            after={"revoked_previous": bool(revoked)},
        )
    return token
