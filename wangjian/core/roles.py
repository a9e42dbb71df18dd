"""What each role may do, as named capabilities.

Jurisdiction decides *which* objects a user reaches; capabilities decide *what kind* of objects
and actions their role covers at all. Later apps add their capabilities to ``ROLE_CAPABILITIES``
in their own ``roles.py`` via ``register_capabilities``.
"""

from wangjian.core.choices import Role

STAFF_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.PROVINCE_ADMIN, Role.REGULATOR, Role.SECTION_CHIEF}
)

ROLE_CAPABILITIES: dict[str, set[str]] = {role.value: set() for role in Role}


def register_capabilities(capability: str, roles) -> None:
    for role in roles:
        ROLE_CAPABILITIES[Role(role).value].add(capability)


def role_has_capability(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, ())


register_capabilities("core.view_division", list(Role))
register_capabilities("core.view_legal_basis", list(Role))
register_capabilities("core.check_identifier", list(Role))
register_capabilities("core.view_job", list(Role))
register_capabilities("core.view_org_unit", STAFF_ROLES | {Role.PARTNER_DEPARTMENT})
register_capabilities("core.view_audit_event", {Role.SYSTEM_ADMIN, Role.SECTION_CHIEF})
register_capabilities("core.manage_calendar", {Role.SYSTEM_ADMIN})
register_capabilities("core.publish_audit_head", {Role.SYSTEM_ADMIN})
register_capabilities("core.manage_org_unit", {Role.SYSTEM_ADMIN})
register_capabilities("core.manage_legal_basis", {Role.SYSTEM_ADMIN})
